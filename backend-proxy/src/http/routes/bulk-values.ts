import { Type } from '@sinclair/typebox';
import { WorkspaceParams } from '../../api/common';
import { BulkPoint, BulkResponse, PropertyValueEntry } from '../../api/values';
import { requestInvalid } from '../../errors';
import { App } from '../app-type';

/**
 * Our bulk ingest for gateways and importers: thousands of points per request, stored in
 * one transaction, bad points reported by index while the good ones are kept. Accepts
 * NDJSON (one `{entityId, componentName, propertyName, time, value}` per line), a JSON
 * array of such points, or `{"entries": [PropertyValueEntry…]}` without BatchPut's limits.
 */
export async function bulkValueRoutes(app: App) {
  app.post(
    '/doppel/workspaces/:workspaceId/values::bulk',
    {
      config: { operation: 'BulkPutValues', access: 'write' },
      // about half a million points; bigger imports go in several requests
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['property values'],
        description:
          'Body: NDJSON (content-type application/x-ndjson), a JSON array of points, or {"entries": [PropertyValueEntry]}. A point: {entityId, componentName, propertyName, time (ISO-8601) or timestamp (epoch s), value: DataValue}.',
        params: WorkspaceParams,
        body: Type.Unknown(),
        response: { 200: BulkResponse },
      },
    },
    async (request) => {
      return app.store.values.bulkPut(request.params.workspaceId, pointsOf(request.body));
    },
  );
}

function pointsOf(body: unknown): BulkPoint[] {
  if (typeof body === 'string') {
    const points: BulkPoint[] = [];
    for (const line of body.split('\n')) {
      if (line.trim() === '') continue;
      try {
        points.push(JSON.parse(line) as BulkPoint);
      } catch {
        points.push(null as unknown as BulkPoint);
      }
    }
    return points;
  }
  if (Array.isArray(body)) return body as BulkPoint[];
  if (body && typeof body === 'object' && Array.isArray((body as { entries?: unknown }).entries)) {
    const points: BulkPoint[] = [];
    for (const entry of (body as { entries: PropertyValueEntry[] }).entries) {
      const ref = entry?.entityPropertyReference;
      for (const value of Array.isArray(entry?.propertyValues) ? entry.propertyValues : [null]) {
        points.push(
          ref && value && typeof value === 'object'
            ? { entityId: ref.entityId, componentName: ref.componentName, propertyName: ref.propertyName, ...value }
            : (null as unknown as BulkPoint),
        );
      }
    }
    return points;
  }
  throw requestInvalid('Send NDJSON points, a JSON array of points, or {"entries": [...]}');
}
