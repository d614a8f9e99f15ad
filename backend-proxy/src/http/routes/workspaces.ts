import { Type } from '@sinclair/typebox';
import { parseArn } from '../../arn';
import { authorize, scopeOf } from '../../auth/caller';
import { WorkspaceParams } from '../../api/common';
import {
  CreateWorkspaceBody,
  ListWorkspacesBody,
  UpdateWorkspaceBody,
  WorkspaceIdOrArnParams,
  WorkspaceResponse,
  WorkspaceSummary,
} from '../../api/workspaces';
import { App } from '../app-type';
import { listPageSize } from '../../pagination';
import { listPage } from '../list-page';
import { refuseWhileHoldingResources } from '../../resources/workspace-resources';
import { defaultS3Location } from '../../resources/buckets';
import { callerOf } from '../route-config';
import { requireWorkspace } from '../workspace-guard';

const tags = ['workspaces'];

export async function workspaceRoutes(app: App) {
  app.post(
    '/workspaces/:workspaceId',
    {
      config: { operation: 'CreateWorkspace', access: 'admin' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: CreateWorkspaceBody,
        response: { 200: Type.Object({ arn: Type.String(), creationDateTime: Type.Number() }) },
      },
    },
    async (request) => {
      const { tags: wsTags, ...input } = request.body;
      const { workspaceId } = request.params;
      // every workspace has a bucket for its resources, so scene loaders can find it
      const s3Location = input.s3Location ?? defaultS3Location(workspaceId);
      const ws = await app.store.workspaces.create(workspaceId, { ...input, s3Location }, wsTags);
      return { arn: ws.arn, creationDateTime: ws.creationDateTime };
    },
  );

  app.get(
    '/workspaces/:workspaceId',
    {
      // access 'any' + explicit check: the path may hold an ARN instead of an id
      config: { operation: 'GetWorkspace', access: 'any' },
      schema: { tags, params: WorkspaceIdOrArnParams, response: { 200: WorkspaceResponse } },
    },
    async (request) => {
      const raw = request.params.workspaceId;
      const workspaceId = raw.startsWith('arn:') ? (parseArn(raw)?.workspaceId ?? raw) : raw;
      authorize(callerOf(request), workspaceId, 'read');
      return requireWorkspace(app.store, workspaceId);
    },
  );

  app.post(
    '/workspaces-list',
    {
      config: { operation: 'ListWorkspaces', access: 'any' },
      schema: {
        tags,
        body: ListWorkspacesBody,
        response: {
          200: Type.Object({
            workspaceSummaries: Type.Array(WorkspaceSummary),
            nextToken: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const { items, ...next } = await listPage(
        app.store.tokens,
        'ListWorkspaces',
        request.body.nextToken,
        (after: string | undefined) =>
          app.store.workspaces.list(scopeOf(callerOf(request)), listPageSize(request.body.maxResults), after),
      );
      return { workspaceSummaries: items, ...next };
    },
  );

  app.put(
    '/workspaces/:workspaceId',
    {
      config: { operation: 'UpdateWorkspace', access: 'write' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: UpdateWorkspaceBody,
        response: { 200: Type.Object({ updateDateTime: Type.Number() }) },
      },
    },
    async (request) => {
      const ws = await app.store.workspaces.update(request.params.workspaceId, request.body);
      return { updateDateTime: ws.updateDateTime };
    },
  );

  app.delete(
    '/workspaces/:workspaceId',
    {
      config: { operation: 'DeleteWorkspace', access: 'admin' },
      schema: {
        tags,
        params: WorkspaceParams,
        response: { 200: Type.Object({ message: Type.Optional(Type.String()) }) },
      },
    },
    async (request) => {
      await refuseWhileHoldingResources(app, request.params.workspaceId);
      await app.store.workspaces.delete(request.params.workspaceId);
      return { message: `Workspace ${request.params.workspaceId} deleted` };
    },
  );
}
