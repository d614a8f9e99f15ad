import { WorkspaceParams } from '../../api/common';
import {
  LatestValuesBody,
  LatestValuesResponse,
  PropertyRef,
  PropertySetStreamBody,
  ReferenceError,
} from '../../api/property-set-values';
import { aggregationInvalid, isTwinMakerError, requestInvalid } from '../../errors';
import { latestValues } from '../../store/latest-values';
import { App } from '../app-type';
import { EventStreams } from '../sse';
import { valueEvent } from './value-stream';

const tags = ['property values'];

/**
 * These routes answer single values, not series: an `aggregation` member (our history
 * extension) would otherwise be ignored without a word and the client would take raw values
 * for downsampled ones.
 */
function refuseAggregation(body: object): void {
  if ('aggregation' in body)
    throw aggregationInvalid(
      'aggregation applies to history: send it to GetPropertyValueHistory (POST /workspaces/{workspaceId}/entity-properties/history), by componentTypeId for many series at once',
    );
}

/** Groups references by component: the store streams one component's properties at a time. */
function byComponent(refs: PropertyRef[]): Map<string, { entityId: string; componentName: string; names: string[] }> {
  const groups = new Map<string, { entityId: string; componentName: string; names: string[] }>();
  for (const r of refs) {
    const key = `${r.entityId}\u0000${r.componentName}`;
    const group = groups.get(key) ?? { entityId: r.entityId, componentName: r.componentName, names: [] };
    if (!group.names.includes(r.propertyName)) group.names.push(r.propertyName);
    groups.set(key, group);
  }
  return groups;
}

/**
 * Values of a set of property references — a scene's bindings — in one request and one
 * stream, however many references: the latest values at or before a time (time travel), and
 * the live values of all of them over one Server-Sent Events connection. POST, because a
 * site's references do not fit in a URL.
 */
export async function propertySetValueRoutes(app: App) {
  const streams = new EventStreams(app);

  app.post(
    '/doppel/workspaces/:workspaceId/values::latest',
    {
      config: { operation: 'GetLatestPropertyValues', access: 'read' },
      schema: {
        tags,
        description:
          'The last value at or before `time` (ISO-8601; the newest when absent) of each referenced time-series property; references without a value are left out, references the store refuses are listed in errors.',
        params: WorkspaceParams,
        body: LatestValuesBody,
        response: { 200: LatestValuesResponse },
      },
    },
    async (request) => {
      refuseAggregation(request.body);
      const { properties, time } = request.body;
      let at: number | undefined;
      if (time !== undefined) {
        at = Date.parse(time);
        if (Number.isNaN(at)) throw requestInvalid(`time ${JSON.stringify(time)} is not an ISO-8601 date-time`);
      }
      return latestValues(app.store.values, request.params.workspaceId, properties, at);
    },
  );

  app.post(
    '/doppel/workspaces/:workspaceId/values::stream',
    {
      config: { operation: 'StreamPropertySetValues', access: 'read' },
      schema: {
        tags,
        description:
          'text/event-stream over every referenced property: one `value` event per stored value (id = write sequence, data = {entityId, componentName, propertyName, time, value}). References the store refuses are named once in a `skipped` event first. lastEventId replays what was written after it.',
        params: WorkspaceParams,
        body: PropertySetStreamBody,
      },
    },
    async (request, reply) => {
      refuseAggregation(request.body);
      const { workspaceId } = request.params;
      const { properties, lastEventId } = request.body;
      const afterSeq = lastEventId !== undefined ? Number(lastEventId) : undefined;
      await streams.serve(request, reply, async (send) => {
        const unsubscribers: Array<() => void> = [];
        const skipped: ReferenceError[] = [];
        try {
          const follow = (entityId: string, componentName: string, names: string[]) =>
            app.store.values.stream(
              workspaceId,
              { selection: { entityId, componentName }, propertyNames: names },
              afterSeq,
              (event) => send(valueEvent(event)),
            );
          for (const { entityId, componentName, names } of byComponent(properties).values()) {
            try {
              unsubscribers.push(await follow(entityId, componentName, names));
            } catch (e) {
              if (!isTwinMakerError(e)) throw e;
              // one refused property (e.g. a static one) must not cost its component's others
              for (const propertyName of names) {
                try {
                  if (names.length > 1) unsubscribers.push(await follow(entityId, componentName, [propertyName]));
                  else throw e;
                } catch (one) {
                  if (!isTwinMakerError(one)) throw one;
                  skipped.push({
                    entityId,
                    componentName,
                    propertyName,
                    errorCode: one.type,
                    errorMessage: one.message,
                  });
                }
              }
            }
          }
          if (skipped.length === properties.length)
            throw requestInvalid(`None of the properties can be streamed: ${skipped[0]!.errorMessage}`);
        } catch (e) {
          unsubscribers.forEach((u) => u());
          throw e;
        }
        // no id: a reconnecting client must resume after the last value, not after this
        if (skipped.length > 0) send(`event: skipped\ndata: ${JSON.stringify({ errors: skipped })}\n\n`);
        return () => unsubscribers.forEach((u) => u());
      });
    },
  );
}
