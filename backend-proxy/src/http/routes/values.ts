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
import { historyQuery } from '../../model/values/history-query';
import { componentCursor, HISTORY_PAGE, historyCursor, LATEST_VALUE_PAGE } from '../../model/values/paging';
import { refuseUnsupportedMembers, valueSelection } from '../../model/values/selection';
import { pageSize, scopeOf } from '../../pagination';
import { HistoryPage } from '../../store/values';
import { App } from '../app-type';

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
      const { workspaceId } = request.params;
      const body = request.body as GetPropertyValueBody;
      refuseUnsupportedMembers(body);
      const selection = valueSelection(body);
      const { nextToken, maxResults, ...bound } = body;
      // only a componentTypeId request is paged; its token is bound to the rest of the request
      // (hashed only then: a one-component read does not need it)
      const scope = () => scopeOf('GetPropertyValue', { workspaceId, ...bound });
      const page = await app.store.values.latestValues(
        workspaceId,
        { selection, propertyNames: [...new Set(body.selectedProperties)] },
        {
          after:
            selection.componentTypeId === undefined
              ? undefined
              : componentCursor(app.store.tokens.decode(scope(), nextToken)),
          limit: pageSize(maxResults, LATEST_VALUE_PAGE.fallback, LATEST_VALUE_PAGE.max),
        },
      );
      // one component: keyed by property name; a component type: by entityId/componentName/propertyName
      const propertyValues = Object.fromEntries(
        page.values.map((v) => {
          const { entityId, componentName, propertyName } = v.propertyReference;
          return [selection.entityId !== undefined ? propertyName : `${entityId}/${componentName}/${propertyName}`, v];
        }),
      );
      return { propertyValues, ...(page.next && { nextToken: app.store.tokens.encode(scope(), page.next) }) };
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
      const { workspaceId } = request.params;
      const body = request.body as GetPropertyValueHistoryBody;
      const query = historyQuery(body);
      const { nextToken, maxResults, ...bound } = body;
      // hashing the request is only needed when a token is read or written
      const scope = () => scopeOf('GetPropertyValueHistory', { workspaceId, ...bound });
      const page = await app.store.values.history(workspaceId, query, {
        after: nextToken ? historyCursor(app.store.tokens.decode(scope(), nextToken)) : undefined,
        limit: pageSize(maxResults, HISTORY_PAGE.fallback, HISTORY_PAGE.max),
      });
      const token = page.next && app.store.tokens.encode(scope(), page.next);
      // already JSON: a Buffer payload skips the response serializer (and gets no charset added)
      return reply.type('application/json; charset=utf-8').send(historyResponse(page, token) as never);
    },
  );
}

/**
 * GetPropertyValueHistory's response body around the page's pre-rendered values: UTF-8
 * bytes copied once into one buffer, which goes to the socket as it is (a string would be
 * encoded again).
 */
export function historyResponse(page: HistoryPage, nextToken: string | undefined): Buffer {
  const parts: Buffer[] = [];
  let text = '{"propertyValues":[';
  page.series.forEach((s, i) => {
    text += (i > 0 ? ',' : '') + '{"entityPropertyReference":' + JSON.stringify(s.reference) + ',"values":[';
    parts.push(Buffer.from(text, 'utf8'), s.values);
    text = ']}';
  });
  text += ']' + (nextToken === undefined ? '' : ',"nextToken":' + JSON.stringify(nextToken)) + '}';
  parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}
