import { WorkspaceParams } from '../../api/common';
import { StreamQuery } from '../../api/values';
import { valueSelection } from '../../model/values/selection';
import { ValueEvent } from '../../store/values';
import { App } from '../app-type';
import { EventStreams, sseEvent } from '../sse';

/**
 * Live property values as Server-Sent Events: one `value` event per stored value, with the
 * store's write sequence as event id. `Last-Event-ID` (header, or `lastEventId` in the
 * query for clients that cannot set headers) replays everything stored after it first.
 */
export async function valueStreamRoutes(app: App) {
  const streams = new EventStreams(app);

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
      const { selectedProperties, lastEventId } = request.query;
      const names = (
        Array.isArray(selectedProperties) ? selectedProperties : selectedProperties ? [selectedProperties] : []
      )
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const header = request.headers['last-event-id'];
      const lastId = (Array.isArray(header) ? header[0] : header) ?? lastEventId;
      const afterSeq = lastId !== undefined && /^\d{1,18}$/.test(lastId.trim()) ? Number(lastId.trim()) : undefined;
      const selection = valueSelection(request.query);
      await streams.serve(request, reply, (send) =>
        app.store.values.stream(
          workspaceId,
          { selection, propertyNames: names.length > 0 ? names : undefined },
          afterSeq,
          (event) => send(valueEvent(event)),
        ),
      );
    },
  );
}

/** A stored value as a `value` event: its series named beside the stored point. */
export function valueEvent(event: ValueEvent): string {
  const data =
    '{"entityId":' +
    JSON.stringify(event.entityId) +
    ',"componentName":' +
    JSON.stringify(event.componentName) +
    ',"propertyName":' +
    JSON.stringify(event.propertyName) +
    ',' +
    (event.polled ? '"polled":' + JSON.stringify(event.polled) + ',' : '') +
    event.point.slice(1);
  return sseEvent(event.seq, 'value', data);
}
