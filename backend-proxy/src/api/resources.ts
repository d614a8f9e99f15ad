// Wire schemas (TypeBox) of Doppel's resource library under /doppel/workspaces/{id}/resources: the
// request and response shapes on the wire, which validate requests, type the route handlers and
// feed /openapi.json.
import { Type } from '@sinclair/typebox';
import { Id } from './common';

/** Doppel's resource library (models, scene documents) under /doppel/workspaces/{id}/resources. */
export const ResourceParams = Type.Object({ workspaceId: Id, '*': Type.String() });

export const ListResourcesQuery = Type.Object({
  prefix: Type.Optional(Type.String({ maxLength: 1024 })),
  /** group paths by the next `/` after the prefix into `folders` */
  delimiter: Type.Optional(Type.Literal('/')),
  /** 1–1000 (default 100); a query string, so digits */
  maxResults: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  nextToken: Type.Optional(Type.String({ maxLength: 4096 })),
});

export const ResourceSummary = Type.Object({
  path: Type.String(),
  size: Type.Integer(),
  contentType: Type.String(),
  etag: Type.String(),
  /** epoch seconds */
  lastModified: Type.Number(),
});

export const ListResourcesResponse = Type.Object({
  resources: Type.Array(ResourceSummary),
  folders: Type.Optional(Type.Array(Type.String())),
  nextToken: Type.Optional(Type.String()),
});

export const PutResourceResponse = Type.Object({
  resource: ResourceSummary,
  /** what validation noticed and accepted (e.g. a model uri that names no resource yet) */
  warnings: Type.Array(Type.String()),
});
