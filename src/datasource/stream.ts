import { CircularDataFrame, type DataFrame } from '@grafana/data';
import { Observable } from 'rxjs';

import type { DataValue, EntityPropertyReference } from '../common/twinmaker';
import { type SeriesContext, seriesFrame, seriesKey, seriesReferenceOf, seriesValueReader } from './frames';
import { valueTimeMs } from './isoTime';

/** The subset of EventSource the stream uses (so tests can hand in a fake). */
export interface EventSourceLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}

/** The SSE event name the service gives each stored value (unnamed `message` events are read too). */
export const VALUE_EVENT = 'value';

export type EventSourceFactory = (url: string) => EventSourceLike;

export const browserEventSource: EventSourceFactory = (url) =>
  new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike;

/** One value from the live stream. */
export interface LiveValue {
  entityId?: string;
  componentName?: string;
  propertyName: string;
  time: number;
  value: DataValue;
  /** set when the service polled the value from a data connector (it cannot push) */
  polled?: { connector: string; intervalMs: number };
}

/**
 * The values one SSE `data` payload carries. Accepts the shapes a TwinMaker-style service
 * may send: a PropertyValueHistory or PropertyValueEntry, a flat `{propertyName, time, value}`
 * (with or without a reference), or an array of those.
 */
export function parseLiveEvent(data: string): LiveValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  const out: LiveValue[] = [];
  const visit = (item: any) => {
    if (!item || typeof item !== 'object') return;
    if (Array.isArray(item)) return item.forEach(visit);
    const ref: Partial<EntityPropertyReference> = item.entityPropertyReference ??
      item.propertyReference ?? {
        entityId: item.entityId,
        componentName: item.componentName,
        propertyName: item.propertyName,
      };
    const list = item.values ?? item.propertyValues;
    const points = Array.isArray(list) ? list : item.value !== undefined ? [item] : [];
    for (const p of points) {
      if (!ref.propertyName || !p?.value) continue;
      const time = valueTimeMs(p);
      if (Number.isNaN(time)) continue;
      const polled = item.polled;
      out.push({
        entityId: ref.entityId,
        componentName: ref.componentName,
        propertyName: ref.propertyName,
        time,
        value: p.value,
        ...(typeof polled?.connector === 'string' &&
          typeof polled.intervalMs === 'number' && {
            polled: { connector: polled.connector, intervalMs: polled.intervalMs },
          }),
      });
    }
  };
  visit(parsed);
  return out;
}

/** A history frame copied, oldest first, into a ring buffer the stream can append to. */
export function toStreamingFrame(frame: DataFrame, capacity: number): CircularDataFrame {
  const ring = new CircularDataFrame({ append: 'tail', capacity });
  ring.name = frame.name;
  ring.refId = frame.refId;
  ring.meta = { ...frame.meta, preferredVisualisationType: 'graph' };
  for (const f of frame.fields) ring.addField({ ...f, values: [] });
  const times = frame.fields[0]?.values ?? [];
  const descending = frame.length > 1 && times[0] > times[frame.length - 1];
  for (let k = 0; k < frame.length; k++) {
    const i = descending ? frame.length - 1 - k : k;
    ring.add(Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]])));
  }
  return ring;
}

/**
 * One live stream: one entity component's values (entityId and componentName), or those of
 * every component of a type (componentTypeId), whose events each name their entity.
 */
export type StreamSource =
  | { url: string; entityId: string; componentName: string; componentTypeId?: undefined }
  | { url: string; componentTypeId: string; entityId?: undefined; componentName?: undefined };

/** What the history read answers for one source: its frames, and how its series frames are built. */
export interface SourceHistory {
  frames: DataFrame[];
  /** for a series first seen live; without it, such a frame is named and typed from the value alone */
  series?: SeriesContext;
}

/** A series' ring frame and the reader its values go through. */
interface LiveSeries {
  ring: CircularDataFrame;
  read: (v: DataValue | undefined) => unknown;
}

/**
 * Appends live values to the ring frame of their series, one per (entity, component,
 * property): a component-type stream carries many entities' values of the same property.
 * Frames are built by `frames.ts` only: from the history, or, for a series first seen live,
 * from the history's series context; this class copies them into rings and appends.
 */
class SourceFrames {
  private readonly bySeries = new Map<string, LiveSeries>();
  private series: SeriesContext = {};

  constructor(
    private readonly source: StreamSource,
    private readonly capacity: number,
    private readonly refId: string | undefined,
    private readonly all: DataFrame[],
  ) {}

  addHistory({ frames, series }: SourceHistory) {
    this.series = series ?? {};
    for (const frame of frames) {
      const ring = toStreamingFrame(frame, Math.max(this.capacity, frame.length + 1000));
      ring.refId = this.refId;
      this.all.push(ring);
      const ref = seriesReferenceOf(frame);
      if (ref) this.bySeries.set(seriesKey(ref), { ring, read: seriesValueReader(ring) });
    }
  }

  /** Appends the value unless it is not newer than what the frame holds (already in the history). */
  append(v: LiveValue): boolean {
    const entityId = v.entityId ?? this.source.entityId;
    const componentName = v.componentName ?? this.source.componentName;
    // a value of another entity is not this entity stream's; one naming no entity has no
    // place in a component-type stream's frames
    if (entityId === undefined || componentName === undefined) return false;
    if (this.source.entityId !== undefined && entityId !== this.source.entityId) return false;
    const ref = { entityId, componentName, propertyName: v.propertyName };
    const key = seriesKey(ref);
    const { ring, read } = this.bySeries.get(key) ?? this.startSeries(key, ref, v.value);
    const times = ring.fields[0]!.values;
    if (ring.length > 0 && v.time <= times[ring.length - 1]) return false;
    ring.add({ [ring.fields[0]!.name]: v.time, [ring.fields[1]!.name]: read(v.value) });
    if (v.polled) notePolled(ring, v.polled);
    return true;
  }

  /** First value of a series that had no history in range: its frame as a refresh would build it. */
  private startSeries(key: string, ref: EntityPropertyReference, first: DataValue): LiveSeries {
    const ring = toStreamingFrame(seriesFrame(ref, this.series, first), this.capacity);
    ring.refId = this.refId;
    const series = { ring, read: seriesValueReader(ring) };
    this.bySeries.set(key, series);
    this.all.push(ring);
    return series;
  }
}

/**
 * Says on the frame that its live values are polled, not pushed: a connector-backed series
 * moves in steps of the poll interval, and a person reading the panel should know why.
 */
function notePolled(ring: CircularDataFrame, polled: { connector: string; intervalMs: number }) {
  const text = `Live values polled from data connector ${polled.connector} every ${polled.intervalMs / 1000} s`;
  const notices = ring.meta?.notices ?? [];
  if (notices.some((n) => n.text === text)) return;
  ring.meta = { ...ring.meta, notices: [...notices, { severity: 'info', text }] };
}

/** Most live streams one query opens: browsers allow ~6 connections per server over HTTP/1.1. */
export const MAX_LIVE_STREAMS = 4;

/** How long to wait for the streams to open before reading the history anyway. */
export const STREAM_OPEN_TIMEOUT_MS = 3000;

/**
 * Live frames (Grafana streaming): opens one EventSource per source, and only once they are
 * open (the service then sends every value stored from that moment) reads the history with
 * `readHistory`, holding the live values meanwhile, so nothing written in between is lost;
 * values not newer than a frame's last time are already in it. Emits the history frames, then
 * again after every batch of live values. No polling.
 *
 * `readHistory` answers one history per source, in order; those past the sources (queries
 * left without a stream by MAX_LIVE_STREAMS) are shown as they are.
 */
export function liveFrames(
  sources: StreamSource[],
  readHistory: () => Promise<SourceHistory[]>,
  capacity: number,
  openEventSource: EventSourceFactory,
  refId: string | undefined,
): Observable<DataFrame[]> {
  return new Observable<DataFrame[]>((subscriber) => {
    const all: DataFrame[] = [];
    const framesOf = sources.map((source) => new SourceFrames(source, capacity, refId, all));
    const held: LiveValue[][] = sources.map(() => []);
    let ready = false;
    let started = false;
    let closed = false;

    const start = () => {
      if (started || closed) return;
      started = true;
      clearTimeout(timer);
      readHistory().then(
        (histories) => {
          histories.forEach((history, index) => {
            const live = framesOf[index];
            if (live) live.addHistory(history);
            else all.push(...history.frames.map((f) => ({ ...f, refId })));
          });
          held.forEach((values, index) => values.forEach((v) => framesOf[index]!.append(v)));
          ready = true;
          subscriber.next([...all]);
        },
        (error) => subscriber.error(error),
      );
    };

    const opened = sources.map(() => false);
    const eventSources = sources.map((source, index) => {
      const es = openEventSource(source.url);
      const onValues = (event: { data: string }) => {
        const values = parseLiveEvent(event.data);
        if (!ready) {
          held[index]!.push(...values);
          return;
        }
        let changed = false;
        for (const v of values) changed = framesOf[index]!.append(v) || changed;
        if (changed) subscriber.next([...all]);
      };
      es.addEventListener(VALUE_EVENT, onValues);
      es.onmessage = onValues;
      es.onopen = () => {
        opened[index] = true;
        if (opened.every(Boolean)) start();
      };
      // EventSource reconnects by itself (sending Last-Event-ID); a stream that never opens
      // only delays the history until the timeout.
      es.onerror = () => undefined;
      return es;
    });
    const timer = setTimeout(start, sources.length ? STREAM_OPEN_TIMEOUT_MS : 0);
    return () => {
      closed = true;
      clearTimeout(timer);
      eventSources.forEach((es) => es.close());
    };
  });
}
