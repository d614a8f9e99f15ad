import { CircularDataFrame, type DataFrame, FieldType } from '@grafana/data';
import { Observable } from 'rxjs';

import type { DataValue, EntityPropertyReference } from '../common/twinmaker';
import { valueReader, valueTimeMs } from './values';

/** The subset of EventSource the stream uses (so tests can hand in a fake). */
export interface EventSourceLike {
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
      out.push({
        entityId: ref.entityId,
        componentName: ref.componentName,
        propertyName: ref.propertyName,
        time,
        value: p.value,
      });
    }
  };
  visit(parsed);
  return out;
}

/** A history frame copied into a ring buffer the stream can append to. */
export function toStreamingFrame(frame: DataFrame, capacity: number): CircularDataFrame {
  const ring = new CircularDataFrame({ append: 'tail', capacity });
  ring.name = frame.name;
  ring.refId = frame.refId;
  ring.meta = { ...frame.meta, preferredVisualisationType: 'graph' };
  for (const f of frame.fields) ring.addField({ ...f, values: [] });
  for (let i = 0; i < frame.length; i++) ring.add(Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]])));
  return ring;
}

export interface StreamTarget {
  url: string;
  entityId: string;
  componentName: string;
  /** frames from the history query, one per property; values are appended to these */
  frames: DataFrame[];
}

/**
 * Emits the frames after every batch of live values (Grafana streaming): opens one
 * EventSource per target and appends each value to its property's frame. No polling.
 */
export function liveFrames(
  targets: StreamTarget[],
  capacity: number,
  openEventSource: EventSourceFactory,
  refId: string | undefined,
): Observable<DataFrame[]> {
  return new Observable<DataFrame[]>((subscriber) => {
    const all: DataFrame[] = [];
    const sources: EventSourceLike[] = [];
    for (const target of targets) {
      const byProperty = new Map<string, CircularDataFrame>();
      for (const frame of target.frames) {
        const ring = toStreamingFrame(frame, Math.max(capacity, frame.length + 1000));
        ring.refId = refId;
        byProperty.set(frame.fields[1]?.name ?? frame.name ?? '', ring);
        all.push(ring);
      }
      const source = openEventSource(target.url);
      const onValues = (event: { data: string }) => {
        let changed = false;
        for (const v of parseLiveEvent(event.data)) {
          if (v.entityId && v.entityId !== target.entityId) continue;
          let ring = byProperty.get(v.propertyName);
          if (!ring) {
            // First value of a property that had no history in range: start its frame now.
            ring = new CircularDataFrame({ append: 'tail', capacity });
            ring.name = v.propertyName;
            ring.refId = refId;
            ring.addField({ name: 'time', type: FieldType.time });
            ring.addField({
              name: v.propertyName,
              type: typeof valueReader(undefined)(v.value) === 'number' ? FieldType.number : FieldType.other,
              labels: { entityId: target.entityId, componentName: target.componentName, propertyName: v.propertyName },
            });
            byProperty.set(v.propertyName, ring);
            all.push(ring);
          }
          const valueField = ring.fields[1]!;
          ring.add({ time: v.time, [valueField.name]: valueReader(undefined)(v.value) });
          changed = true;
        }
        if (changed) subscriber.next([...all]);
      };
      source.addEventListener(VALUE_EVENT, onValues);
      source.onmessage = onValues;
      // EventSource reconnects by itself (sending Last-Event-ID); errors only matter once it gives up.
      source.onerror = () => undefined;
      sources.push(source);
    }
    subscriber.next([...all]);
    return () => sources.forEach((s) => s.close());
  });
}
