import { WorkspaceParams } from '../../api/common';
import {
  BatchPutPropertyValuesBody,
  BatchPutPropertyValuesResponse,
  PropertyValueEntry,
  GetPropertyValueBody,
  GetPropertyValueHistoryBody,
  GetPropertyValueHistoryResponse,
  GetPropertyValueResponse,
} from '../../api/values';
import { App } from '../app';

const tags = ['property values'];

/** The three TwinMaker data-plane operations over the built-in store and static values. */
export async function valueRoutes(app: App) {
  app.post(
    '/workspaces/:workspaceId/entity-properties',
    {
      config: { operation: 'BatchPutPropertyValues', access: 'write' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: BatchPutPropertyValuesBody,
        response: { 200: BatchPutPropertyValuesResponse },
      },
    },
    async (request) => {
      const errorEntries = await app.store.values.batchPut(
        request.params.workspaceId,
        request.body.entries as PropertyValueEntry[],
      );
      return { errorEntries };
    },
  );

  app.post(
    '/workspaces/:workspaceId/entity-properties/value',
    {
      config: { operation: 'GetPropertyValue', access: 'read' },
      schema: {
        tags,
        params: WorkspaceParams,
        body: GetPropertyValueBody,
        response: { 200: GetPropertyValueResponse },
      },
    },
    async (request) => {
      return app.store.values.getPropertyValue(request.params.workspaceId, request.body as GetPropertyValueBody);
    },
  );

  app.post(
    '/workspaces/:workspaceId/entity-properties/history',
    {
      config: { operation: 'GetPropertyValueHistory', access: 'read' },
      schema: {
        tags,
        description:
          'maxResults: TwinMaker allows up to 200 (default 25); Doppel accepts up to 10,000 values per page. propertyFilters operators: = != < <= > >=.',
        params: WorkspaceParams,
        body: GetPropertyValueHistoryBody,
        response: { 200: GetPropertyValueHistoryResponse },
      },
    },
    async (request, reply) => {
      const json = await app.store.values.history(
        request.params.workspaceId,
        request.body as GetPropertyValueHistoryBody,
      );
      // already JSON text: a string payload skips the response serializer
      return reply.type('application/json').send(json as never);
    },
  );
}
