import { Type } from '@sinclair/typebox';
import { FastifyRequest } from 'fastify';
import { WorkspaceParams } from '../../api/common';
import { ListResourcesQuery, ListResourcesResponse, PutResourceResponse, ResourceParams } from '../../api/resources';
import { nextTokenInvalid, nextTokenMismatch, resourceNotFound } from '../../errors';
import { pageSize } from '../../pagination';
import { bucketOf } from '../../resources/buckets';
import { checkPrefix, decodeResourcePath } from '../../resources/resource-path';
import { App } from '../app-type';
import { sendResource } from '../resource-download';
import { requireWorkspace } from '../workspace-guard';

const tags = ['resources'];
const ROUTE = '/doppel/workspaces/:workspaceId/resources';

/**
 * The resource library of a workspace: its bucket's files (models, scene documents), put and
 * read by path. Bodies are streamed both ways, never held whole in memory.
 */
export async function resourceRoutes(app: App) {
  // uploads reach the handler unread (the shared parser would buffer them as text)
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  // an upload refused before its end leaves unread bytes on the connection: close it after
  // the answer, or the connection could never be reused nor drained
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete) reply.header('connection', 'close');
  });

  app.put(
    `${ROUTE}/*`,
    {
      config: { operation: 'PutResource', access: 'write', streamedBody: true },
      schema: { tags, params: ResourceParams, response: { 200: PutResourceResponse } },
    },
    async (request) => {
      const path = resourcePathOf(request);
      const workspace = await requireWorkspace(app.store, request.params.workspaceId);
      const declared = request.headers['content-length'];
      const result = await app.resources.put(bucketOf(workspace), path, request.raw, {
        contentType: request.headers['content-type'],
        declaredLength: declared === undefined ? undefined : Number(declared),
        sha256: signedPayloadHash(request),
      });
      return result;
    },
  );

  app.get(
    `${ROUTE}/*`,
    {
      exposeHeadRoute: false,
      config: { operation: 'GetResource', access: 'read' },
      schema: { tags, params: ResourceParams },
    },
    async (request, reply) => {
      const path = resourcePathOf(request);
      const workspace = await requireWorkspace(app.store, request.params.workspaceId);
      const opened = await app.resources.store.open(bucketOf(workspace), path);
      if (!opened) throw missing(workspace.workspaceId, path);
      return sendResource(request, reply, opened);
    },
  );

  app.head(
    `${ROUTE}/*`,
    { config: { operation: 'HeadResource', access: 'read' }, schema: { tags, params: ResourceParams } },
    async (request, reply) => {
      const path = resourcePathOf(request);
      const workspace = await requireWorkspace(app.store, request.params.workspaceId);
      const opened = await app.resources.store.open(bucketOf(workspace), path);
      if (!opened) throw missing(workspace.workspaceId, path);
      return sendResource(request, reply, opened);
    },
  );

  app.delete(
    `${ROUTE}/*`,
    {
      config: { operation: 'DeleteResource', access: 'write' },
      schema: { tags, params: ResourceParams, response: { 200: Type.Object({}) } },
    },
    async (request) => {
      const path = resourcePathOf(request);
      const workspace = await requireWorkspace(app.store, request.params.workspaceId);
      if (!(await app.resources.store.delete(bucketOf(workspace), path))) throw missing(workspace.workspaceId, path);
      return {};
    },
  );

  app.get(
    ROUTE,
    {
      config: { operation: 'ListResources', access: 'read' },
      schema: {
        tags,
        params: WorkspaceParams,
        querystring: ListResourcesQuery,
        response: { 200: ListResourcesResponse },
      },
    },
    async (request) => {
      const workspace = await requireWorkspace(app.store, request.params.workspaceId);
      const { prefix = '', delimiter, maxResults, nextToken } = request.query;
      checkPrefix(prefix);
      const scope = JSON.stringify([workspace.workspaceId, prefix, delimiter ?? '']);
      const listing = await app.resources.store.list(bucketOf(workspace), {
        prefix,
        delimiter,
        startAfter: decodeListToken(nextToken, scope),
        maxKeys: pageSize(maxResults === undefined ? undefined : Number(maxResults), 100, 1000),
      });
      return {
        resources: listing.resources,
        ...(delimiter && { folders: listing.commonPrefixes }),
        ...(listing.nextStartAfter !== undefined && { nextToken: encodeListToken(listing.nextStartAfter, scope) }),
      };
    },
  );
}

/** The resource path of a request, taken from the raw URL so that `%2F` and `%2e%2e` are judged decoded. */
function resourcePathOf(request: FastifyRequest): string {
  const url = request.url.split('?')[0]!;
  const marker = '/resources/';
  return decodeResourcePath(url.slice(url.indexOf(marker) + marker.length));
}

/** The payload hash a SigV4 caller signed, which the upload must match (none for bearer or UNSIGNED-PAYLOAD). */
function signedPayloadHash(request: FastifyRequest): string | undefined {
  const claimed = request.headers['x-amz-content-sha256'];
  return typeof claimed === 'string' && /^[0-9a-f]{64}$/.test(claimed) ? claimed : undefined;
}

const missing = resourceNotFound;

// A listing token is a position in the bucket of a workspace the caller may read anyway, so
// it needs no signature; it is bound to its listing so that it cannot resume another one.
function encodeListToken(startAfter: string, scope: string): string {
  return Buffer.from(JSON.stringify({ s: scope, a: startAfter })).toString('base64url');
}

function decodeListToken(token: string | undefined, scope: string): string | undefined {
  if (!token) return undefined;
  let parsed: { s?: unknown; a?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw nextTokenInvalid();
  }
  if (parsed.s !== scope || typeof parsed.a !== 'string') throw nextTokenMismatch();
  return parsed.a;
}
