import { Type } from '@sinclair/typebox';
import { State, TwinMakerArn, Timestamp, WorkspaceParams } from '../../api/common';
import {
  ComponentTypeBody,
  ComponentTypeRequest,
  ComponentTypeParams,
  ComponentTypeResponse,
  ComponentTypeSummary,
  CreateComponentTypeBody,
  ListComponentTypesBody,
} from '../../api/component-types';
import { componentTypeNotFound } from '../../errors';
import { App } from '../app-type';
import { listPageSize } from '../../pagination';
import { listPage } from '../list-page';

const tags = ['component-types'];

export async function componentTypeRoutes(app: App) {
  app.post(
    '/workspaces/:workspaceId/component-types/:componentTypeId',
    {
      config: { operation: 'CreateComponentType', access: 'write' },
      schema: {
        tags,
        params: ComponentTypeParams,
        body: CreateComponentTypeBody,
        response: { 200: Type.Object({ arn: TwinMakerArn, creationDateTime: Timestamp, state: State }) },
      },
    },
    async (request) => {
      // the type provider sees $ref'd DataValue/DataType as unknown; the schema has validated them
      const { tags: typeTags, ...definition } = request.body as ComponentTypeRequest & {
        tags?: Record<string, string>;
      };
      const { workspaceId, componentTypeId } = request.params;
      const created = await app.store.componentTypes.create(workspaceId, componentTypeId, definition, typeTags);
      // creation is synchronous here: the type is usable as soon as this answers
      return { arn: created.arn, creationDateTime: created.creationDateTime, state: 'ACTIVE' as const };
    },
  );

  app.get(
    '/workspaces/:workspaceId/component-types/:componentTypeId',
    {
      config: { operation: 'GetComponentType', access: 'read' },
      schema: { tags, params: ComponentTypeParams, response: { 200: ComponentTypeResponse } },
    },
    async (request) => {
      const { workspaceId, componentTypeId } = request.params;
      const type = await app.store.componentTypes.get(workspaceId, componentTypeId);
      if (!type) throw componentTypeNotFound(workspaceId, componentTypeId);
      return type;
    },
  );

  app.post(
    '/workspaces/:workspaceId/component-types-list',
    {
      config: { operation: 'ListComponentTypes', access: 'read' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: ListComponentTypesBody,
        response: {
          200: Type.Object({
            workspaceId: Type.String(),
            componentTypeSummaries: Type.Array(ComponentTypeSummary),
            nextToken: Type.Optional(Type.String()),
            maxResults: Type.Optional(Type.Integer()),
          }),
        },
      },
    },
    async (request) => {
      const { workspaceId } = request.params;
      const maxResults = listPageSize(request.body.maxResults);
      const filters = request.body.filters ?? [];
      const scope = `ListComponentTypes:${workspaceId}:${JSON.stringify(filters)}`;
      const { items, ...next } = await listPage(
        app.store.tokens,
        scope,
        request.body.nextToken,
        (after: string | undefined) => app.store.componentTypes.list(workspaceId, filters, maxResults, after),
      );
      return { workspaceId, componentTypeSummaries: items, maxResults, ...next };
    },
  );

  app.put(
    '/workspaces/:workspaceId/component-types/:componentTypeId',
    {
      config: { operation: 'UpdateComponentType', access: 'write' },
      schema: {
        tags,
        params: ComponentTypeParams,
        body: ComponentTypeBody,
        response: {
          200: Type.Object({
            workspaceId: Type.String(),
            arn: TwinMakerArn,
            componentTypeId: Type.String(),
            state: State,
          }),
        },
      },
    },
    async (request) => {
      const { workspaceId, componentTypeId } = request.params;
      const updated = await app.store.componentTypes.update(
        workspaceId,
        componentTypeId,
        request.body as ComponentTypeRequest,
      );
      return { workspaceId, arn: updated.arn, componentTypeId, state: 'ACTIVE' as const };
    },
  );

  app.delete(
    '/workspaces/:workspaceId/component-types/:componentTypeId',
    {
      config: { operation: 'DeleteComponentType', access: 'write' },
      schema: { tags, params: ComponentTypeParams, response: { 200: Type.Object({ state: State }) } },
    },
    async (request) => {
      await app.store.componentTypes.delete(request.params.workspaceId, request.params.componentTypeId);
      return { state: 'DELETING' as const };
    },
  );
}
