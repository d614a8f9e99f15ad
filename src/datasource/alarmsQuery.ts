// Get Alarms: one listing request per entity scope (the service answers every alarm under an
// entity in one call, however many entities hold alarms), merged into one frame; and its live
// form. Live = the `values:stream` of every listed alarm's `alarm_status` as the trigger, and
// the listing as the truth: a transition event re-reads the listing, because the event alone
// carries only the new status, while severity, since, source value and whether the alarm now
// passes the status filter come with the record. A slow re-read also picks up alarms created
// after the stream opened.
import type { DataFrame } from '@grafana/data';
import { Observable } from 'rxjs';

import {
  ALARM_PAGE_MAX,
  ALARM_STATUS_PROPERTY,
  type AlarmRecord,
  alarmKeyOf,
  type ListAlarmsResponse,
} from '../common/alarms';
import type { DoppelClient } from '../common/client';
import { followPages } from '../common/paginate';
import type { PropertyRef } from '../common/scene/bindings';
import type { ValueStreamHandlers } from '../common/scene/valueStream';
import { addNotice, alarmsToFrame } from './frames';
import type { GetAlarmsQuery } from './types';

/** Opens a `values:stream` over `properties`; returns the function that closes it. */
export type ValueStreamOpener = (url: string, properties: PropertyRef[], handlers: ValueStreamHandlers) => () => void;

export interface AlarmReadContext {
  client: DoppelClient;
  workspaceId: string;
  /** cap on alarms read by following nextToken */
  maxResults: number;
}

/** The merged listing of the queries (one per entity scope) and whether a cap cut it. */
export interface AlarmRead {
  alarms: AlarmRecord[];
  truncated: boolean;
}

/** The service's order: severity (highest first, none last), newest transition, entity, component. */
export function compareAlarms(a: AlarmRecord, b: AlarmRecord): number {
  return (
    (b.severity ?? -1) - (a.severity ?? -1) ||
    (b.since ?? '').localeCompare(a.since ?? '') ||
    a.entityId.localeCompare(b.entityId) ||
    a.componentName.localeCompare(b.componentName)
  );
}

/** Every alarm the queries select (statuses as asked, or all of them), merged, capped. */
export async function readAlarms(
  queries: GetAlarmsQuery[],
  ctx: AlarmReadContext,
  allStatuses = false,
): Promise<AlarmRead> {
  const byKey = new Map<string, AlarmRecord>();
  let truncated = false;
  for (const q of queries) {
    const request = { statuses: allStatuses ? undefined : q.statuses, entityId: q.entityId || undefined };
    const paged = await followPages<ListAlarmsResponse>(
      (token, remaining) =>
        ctx.client.listAlarms(
          ctx.workspaceId,
          { ...request, maxResults: Math.max(1, Math.min(ALARM_PAGE_MAX, remaining)) },
          token,
        ),
      (p) => p.alarms?.length ?? 0,
      { maxItems: ctx.maxResults },
    );
    truncated ||= paged.truncated;
    for (const page of paged.pages) for (const a of page.alarms ?? []) byKey.set(alarmKeyOf(a), a);
  }
  const alarms = [...byKey.values()];
  if (queries.length > 1) alarms.sort(compareAlarms);
  if (alarms.length > ctx.maxResults) truncated = true;
  return { alarms: alarms.slice(0, ctx.maxResults), truncated };
}

/** The Get Alarms frame of a read, with a notice when a cap cut it. */
export function alarmFrame(read: AlarmRead, cap: number, refId: string): DataFrame {
  const frame = alarmsToFrame(read.alarms, refId);
  if (read.truncated)
    addNotice(frame, {
      severity: 'warning',
      text: `Showing the first ${cap.toLocaleString('en-US')} alarms; the service has more. Raise "Max results" or pick an entity.`,
    });
  return frame;
}

/** Most references one values:stream follows (the service's limit). */
export const MAX_STREAM_REFERENCES = 10_000;
/** How often the live listing is re-read whatever the stream says (new alarms, missed events). */
export const ALARM_REFRESH_MS = 30_000;
/** Events arriving together (a bulk ingest) cause one re-read. */
export const ALARM_DEBOUNCE_MS = 150;
/** How long to wait for the stream to open before reading anyway. */
export const ALARM_STREAM_OPEN_TIMEOUT_MS = 3000;

const refOf = (a: AlarmRecord): PropertyRef => ({
  entityId: a.entityId,
  componentName: a.componentName,
  propertyName: ALARM_STATUS_PROPERTY,
});

export interface LiveAlarmOptions {
  /** the filtered listing (what the frame shows) */
  read: () => Promise<AlarmRead>;
  /** every alarm in scope whatever its status (up to MAX_STREAM_REFERENCES): whose transitions to follow */
  scope: () => Promise<AlarmRead>;
  streamUrl: string;
  openStream: ValueStreamOpener;
  cap: number;
  refId: string;
  refreshMs?: number;
}

/**
 * The live Get Alarms frame: opens the stream over the scope's `alarm_status` first, then
 * reads (so no transition falls between), and re-reads after each burst of events and every
 * `refreshMs`; emits a frame per read. Reads never overlap: one arriving meanwhile is queued.
 */
export function liveAlarmFrames(o: LiveAlarmOptions): Observable<DataFrame> {
  return new Observable<DataFrame>((subscriber) => {
    let closed = false;
    let closeStream: (() => void) | undefined;
    let followed = '';
    let reading = false;
    let again = false;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    let notice: string | undefined;

    const reread = async () => {
      if (closed) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        const read = await o.read();
        if (closed) return;
        const frame = alarmFrame(read, o.cap, o.refId);
        if (notice) addNotice(frame, { severity: 'info', text: notice });
        subscriber.next(frame);
      } catch (e) {
        if (!closed) subscriber.error(e);
        closed = true;
      } finally {
        reading = false;
        if (again && !closed) {
          again = false;
          void reread();
        }
      }
    };
    const onEvent = () => {
      clearTimeout(debounce);
      debounce = setTimeout(reread, ALARM_DEBOUNCE_MS);
    };

    /** (Re)opens the stream when the set of alarms in scope changed; resolves once it is open. */
    const follow = async (): Promise<void> => {
      const scope = await o.scope();
      if (closed) return;
      const refs = scope.alarms.slice(0, MAX_STREAM_REFERENCES).map(refOf);
      notice = scope.truncated
        ? `Live for the first ${refs.length.toLocaleString('en-US')} alarms; the others refresh every ${Math.round((o.refreshMs ?? ALARM_REFRESH_MS) / 1000)} s.`
        : undefined;
      const key = refs.map((r) => `${r.entityId}/${r.componentName}`).join('\n');
      if (key === followed && closeStream) return;
      closeStream?.();
      closeStream = undefined;
      followed = key;
      if (!refs.length) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ALARM_STREAM_OPEN_TIMEOUT_MS);
        closeStream = o.openStream(o.streamUrl, refs, {
          onValues: onEvent,
          onOpen: () => {
            clearTimeout(timer);
            resolve();
          },
          // the stream reconnects by itself and replays what it missed; the refresh covers the rest
          onError: () => undefined,
        });
      });
    };

    const cycle = () =>
      follow().then(reread, (e) => {
        if (!closed) subscriber.error(e);
        closed = true;
      });
    void cycle();
    const refresh = setInterval(cycle, o.refreshMs ?? ALARM_REFRESH_MS);
    return () => {
      closed = true;
      clearTimeout(debounce);
      clearInterval(refresh);
      closeStream?.();
    };
  });
}
