import { Type } from '@sinclair/typebox';
import { State, Timestamp, WorkspaceParams } from '../../api/common';
import {
  ComponentSummary,
  CreateEntityBody,
  CreateEntityResponse,
  DeleteEntityQuery,
  EntityParams,
  EntityResponse,
  EntitySummary,
  ListComponentsBody,
  ListEntitiesBody,
  ListPropertiesBody,
  PropertySummary,
  UpdateEntityBody,
} from '../../api/entities';
import { compositeNotSupported, entityNotFound } from '../../errors';
import { App } from '../app-type';
import { listPageSize } from '../../pagination';
import { listPage } from '../list-page';
import { sendSerializedOnce } from '../serialized-once';

const tags = ['entities'];

export async function entityRoutes(app: App) {
  app.post(
    '/workspaces/:workspaceId/entities',
    {
      config: { operation: 'CreateEntity', access: 'write' },
      schema: { tags, params: WorkspaceParams, body: CreateEntityBody, response: { 200: CreateEntityResponse } },
    },
    async (request) => {
      const created = await app.store.entities.create(request.params.workspaceId, request.body as CreateEntityBody);
      return { ...created, state: 'ACTIVE' as const };
    },
  );

  app.get(
    '/workspaces/:workspaceId/entities/:entityId',
    {
      config: { operation: 'GetEntity', access: 'read' },
      schema: { tags, params: EntityParams, response: { 200: EntityResponse } },
    },
    async (request, reply) => {
      const { workspaceId, entityId } = request.params;
      const entity = await app.store.entities.get(workspaceId, entityId);
      if (!entity) throw entityNotFound(workspaceId, entityId);
      return sendSerializedOnce(reply, entity, '', entity);
    },
  );

  app.post(
    '/workspaces/:workspaceId/entities-list',
    {
      config: { operation: 'ListEntities', access: 'read' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: ListEntitiesBody,
        response: {
          200: Type.Object({ entitySummaries: Type.Array(EntitySummary), nextToken: Type.Optional(Type.String()) }),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = request.params;
      const { filters = [], maxResults, nextToken } = request.body;
      const scope = `ListEntities:${workspaceId}:${JSON.stringify(filters)}`;
      const { items, ...next } = await listPage(app.store.tokens, scope, nextToken, (after: number | undefined) =>
        app.store.entities.list(workspaceId, filters, listPageSize(maxResults), after),
      );
      return sendSerializedOnce(reply, items, next.nextToken ?? '', { entitySummaries: items, ...next });
    },
  );

  app.put(
    '/workspaces/:workspaceId/entities/:entityId',
    {
      config: { operation: 'UpdateEntity', access: 'write' },
      schema: {
        tags,
        params: EntityParams,
        body: UpdateEntityBody,
        response: { 200: Type.Object({ updateDateTime: Timestamp, state: State }) },
      },
    },
    async (request) => {
      const { workspaceId, entityId } = request.params;
      const { updateDateTime } = await app.store.entities.update(
        workspaceId,
        entityId,
        request.body as UpdateEntityBody,
      );
      return { updateDateTime, state: 'ACTIVE' as const };
    },
  );

  app.delete(
    '/workspaces/:workspaceId/entities/:entityId',
    {
      config: { operation: 'DeleteEntity', access: 'write' },
      schema: {
        tags,
        params: EntityParams,
        querystring: DeleteEntityQuery,
        response: { 200: Type.Object({ state: State }) },
      },
    },
    async (request) => {
      const { workspaceId, entityId } = request.params;
      await app.store.entities.delete(workspaceId, entityId, request.query.isRecursive === 'true');
      return { state: 'DELETING' as const };
    },
  );

  app.post(
    '/workspaces/:workspaceId/entities/:entityId/components-list',
    {
      config: { operation: 'ListComponents', access: 'read' },
      schema: {
        tags,
        params: EntityParams,
        body: ListComponentsBody,
        response: {
          200: Type.Object({
            componentSummaries: Type.Array(ComponentSummary),
            nextToken: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const { workspaceId, entityId } = request.params;
      if (request.body.componentPath) throw compositeNotSupported('componentPath');
      const scope = `ListComponents:${workspaceId}:${entityId}`;
      const { items, ...next } = await listPage(
        app.store.tokens,
        scope,
        request.body.nextToken,
        (after: string | undefined) =>
          app.store.entities.listComponents(workspaceId, entityId, listPageSize(request.body.maxResults), after),
      );
      return { componentSummaries: items, ...next };
    },
  );

  app.post(
    '/workspaces/:workspaceId/properties-list',
    {
      config: { operation: 'ListProperties', access: 'read' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: ListPropertiesBody,
        response: {
          200: Type.Object({ propertySummaries: Type.Array(PropertySummary), nextToken: Type.Optional(Type.String()) }),
        },
      },
    },
    async (request) => {
      const { entityId, componentName, componentPath, maxResults, nextToken } = request.body;
      if (componentPath) throw compositeNotSupported('componentPath');
      const { workspaceId } = request.params;
      const scope = `ListProperties:${workspaceId}:${entityId}:${componentName}`;
      const { items, ...next } = await listPage(app.store.tokens, scope, nextToken, (after: string | undefined) =>
        app.store.entities.listProperties(workspaceId, entityId, componentName, listPageSize(maxResults), after),
      );
      return { propertySummaries: items, ...next };
    },
  );
}
