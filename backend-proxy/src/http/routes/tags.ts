import { parseArn } from '../../arn';
import { authorize } from '../../auth/caller';
import {
  EmptyResponse,
  ListTagsForResourceBody,
  ListTagsForResourceResponse,
  TagResourceBody,
  UntagResourceQuery,
} from '../../api/tags';
import { arnNotFound } from '../../errors';
import { MAX_TAGS_PER_RESOURCE } from '../../store/tags';
import { App } from '../app-type';
import { LIST_PAGE, pageSize } from '../../pagination';
import { listPage } from '../list-page';
import { callerOf } from '../route-config';

const tags = ['tags'];

/**
 * The workspace a resource ARN belongs to must be in the key's scope; otherwise the resource
 * is answered as missing, like any resource of a workspace the key cannot see.
 */
function authorizeArn(request: Parameters<typeof callerOf>[0], arn: string, access: 'read' | 'write'): void {
  const parsed = parseArn(arn);
  if (!parsed) throw arnNotFound(arn);
  authorize(callerOf(request), parsed.workspaceId, access);
}

/** Tags on workspaces, entities, component types and scenes, by resource ARN. */
export async function tagRoutes(app: App) {
  app.post(
    '/tags',
    {
      // 'any' + explicit check: the workspace is inside the ARN, not a path parameter
      config: { operation: 'TagResource', access: 'any' },
      schema: { tags, body: TagResourceBody, response: { 200: EmptyResponse } },
    },
    async (request) => {
      authorizeArn(request, request.body.resourceARN, 'write');
      await app.store.tags.tag(request.body.resourceARN, request.body.tags);
      return {};
    },
  );

  app.delete(
    '/tags',
    {
      config: { operation: 'UntagResource', access: 'any' },
      schema: { tags, querystring: UntagResourceQuery, response: { 200: EmptyResponse } },
    },
    async (request) => {
      const { resourceARN, tagKeys } = request.query;
      authorizeArn(request, resourceARN, 'write');
      await app.store.tags.untag(
        resourceARN,
        tagKeys === undefined ? [] : Array.isArray(tagKeys) ? tagKeys : [tagKeys],
      );
      return {};
    },
  );

  app.post(
    '/tags-list',
    {
      config: { operation: 'ListTagsForResource', access: 'any' },
      schema: { tags, body: ListTagsForResourceBody, response: { 200: ListTagsForResourceResponse } },
    },
    async (request) => {
      const { resourceARN, maxResults, nextToken } = request.body;
      authorizeArn(request, resourceARN, 'read');
      const size = pageSize(maxResults, MAX_TAGS_PER_RESOURCE, LIST_PAGE.max);
      const { items, ...next } = await listPage(
        app.store.tokens,
        `ListTagsForResource:${resourceARN}`,
        nextToken,
        (after: string | undefined) => app.store.tags.list(resourceARN, size, after),
      );
      return { tags: Object.fromEntries(items), ...next };
    },
  );
}
