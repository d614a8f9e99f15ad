import { WorkspaceParams } from '../../api/common';
import { StreamQuery } from '../../api/values';
import { ValueEvent } from '../../store/values';
import { App } from '../app';

const HEARTBEAT_MS = 15_000;
/** a client this far behind is cut off; it reconnects with Last-Event-ID and misses nothing */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Live property values as Server-Sent Events: one `value` event per stored value, with the
 * store's write sequence as event id. `Last-Event-ID` (header, or `lastEventId` in the
 * query for clients that cannot set headers) replays everything stored after it first.
 */
export async function valueStreamRoutes(app: App) {
  // open streams would keep the server from closing: end them first (clients reconnect)
  const open = new Set<import('node:http').ServerResponse>();
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });

  app.get(
    '/doppel/workspaces/:workspaceId/stream',
    {
      config: { operation: 'StreamPropertyValues', access: 'read' },
      schema: {
        tags: ['property values'],
        description:
          'text/event-stream; each event: id = write sequence, event = value, data = {entityId, componentName, propertyName, time, value}. Follows one component (entityId and componentName) or every component of a type (componentTypeId; the components GetPropertyValueHistory by componentTypeId reads, resolved when the stream opens: entities created later are left out until the client reconnects). selectedProperties: repeated or comma-separated; all time-series properties when absent. Last-Event-ID replays across every followed series.',
        params: WorkspaceParams,
        querystring: StreamQuery,
      },
    },
    async (request, reply) => {
      const { workspaceId } = request.params;
      const { entityId, componentName, componentTypeId, selectedProperties, lastEventId } = request.query;
      const names = (
        Array.isArray(selectedProperties) ? selectedProperties : selectedProperties ? [selectedProperties] : []
      )
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const header = request.headers['last-event-id'];
      const lastId = (Array.isArray(header) ? header[0] : header) ?? lastEventId;
      const afterSeq = lastId !== undefined && /^\d{1,18}$/.test(lastId.trim()) ? Number(lastId.trim()) : undefined;

      const raw = reply.raw;
      let pending: string[] | undefined = [];
      const send = (text: string) => {
        if (pending) pending.push(text);
        else if (!raw.destroyed) {
          raw.write(text);
          if (raw.writableLength > MAX_BUFFERED_BYTES) raw.destroy();
        }
      };
      const unsubscribe = await app.store.values.stream(
        workspaceId,
        { entityId, componentName, componentTypeId, propertyNames: names.length > 0 ? names : undefined },
        afterSeq,
        (event) => send(format(event)),
      );
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-amzn-RequestId': request.id,
      });
      raw.write(': stream open\n\n');
      const replay = pending;
      pending = undefined;
      for (const text of replay) send(text);
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      open.add(raw);
      raw.on('close', () => {
        open.delete(raw);
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
}

function format(event: ValueEvent): string {
  const data =
    '{"entityId":' +
    JSON.stringify(event.entityId) +
    ',"componentName":' +
    JSON.stringify(event.componentName) +
    ',"propertyName":' +
    JSON.stringify(event.propertyName) +
    ',' +
    event.point.slice(1);
  return `id: ${event.seq}\nevent: value\ndata: ${data}\n\n`;
}
