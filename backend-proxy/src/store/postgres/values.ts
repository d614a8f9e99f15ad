import { DataValue } from '../../api/common';
import {
  BatchPutPropertyErrorEntry,
  BulkPoint,
  BulkResponse,
  PropertyLatestValue,
  PropertyValueEntry,
} from '../../api/values';
import { dataConnectorNotOffered, propertyNotDefined } from '../../errors';
import { HistoryQuery } from '../../model/values/history-query';
import { compareKeys, ComponentCursor, HistoryCursor } from '../../model/values/paging';
import { LiveValueBus } from '../live-value-bus';
import {
  HistoryPage,
  LatestValuesPage,
  LatestValuesQuery,
  PageRequest,
  StreamSelection,
  ValueEvent,
  ValueStore,
} from '../values';
import { resolveSelection } from '../values-common/component-selection';
import { HistoryReader } from '../values-common/history';
import { clip, IngestChecker, pendingRows, PendingRows } from '../values-common/ingest';
import { PropertyInfo } from '../values-common/property-lookup';
import { pointNumber } from '../sqlite/values/point-number';
import { streamProperties } from '../values-common/stream-properties';
import { PgDb, Queryable, rows } from './database';
import { PgAlarmAction, PgAlarmTransaction } from './alarms/alarm-writer';
import { PgAggregateReader } from './values/aggregate-reader';
import { EarlyFirstPage } from './values/early-page';
import { ValuePartitions } from './values/partitions';
import { PgSeriesReader } from './values/series-reader';
import { GraphSnapshot } from './values/snapshot';

interface WaitingWrite {
  workspaceId: string;
  pending: PendingRows;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** The channel committed writes are announced on (LISTEN/NOTIFY): `{"w": workspaceId, "a": firstSeq, "b": lastSeq}`. */
const VALUES_CHANNEL = 'doppel_values';

/** Value writes hold this advisory lock from their first seq to their commit ('doppf' in ASCII). */
export const VALUE_WRITE_LOCK = 0x646f70706600;

/**
 * The value store on PostgreSQL. The rules (what a write may hold, which series a read covers,
 * how history pages) are the ones SQLite runs (store/values-common), over a snapshot of the graph
 * read for each request. Writes: one transaction per request, series created in it, values
 * upserted into the time-partitioned property_values with the next `seq`. Live values reach
 * streams through LISTEN/NOTIFY, whichever replica took the write (deliverCommitted).
 */
export class PgValueStore implements ValueStore {
  private readonly bus = new LiveValueBus();
  private readonly partitions: ValuePartitions;
  /** the last write of this process: writes commit one after another (see write) */
  private tail: Promise<unknown> = Promise.resolve();
  /** value writes waiting for their turn, in arrival order (see writeWaiting) */
  private readonly waiting: WaitingWrite[] = [];
  /** the last committed write being delivered to subscribers (see deliverCommitted) */
  private fanIn: Promise<unknown> = Promise.resolve();
  private unlisten?: () => Promise<void>;

  constructor(private readonly db: PgDb) {
    this.partitions = new ValuePartitions(db);
  }

  async open(): Promise<void> {
    await this.partitions.load();
    this.unlisten = await this.db.listen(VALUES_CHANNEL, (payload) => {
      this.fanIn = this.fanIn.then(() => this.deliverCommitted(payload)).catch(() => undefined);
    });
  }

  /**
   * A write committed (through this replica or another): its values go to this process's
   * subscribers, read back by the seq range the notification names. Notifications arrive in
   * commit order, which is seq order (writes hold VALUE_WRITE_LOCK), and are handled one after
   * another, so every subscriber sees seqs rising whichever replica took each write.
   */
  private async deliverCommitted(payload: string): Promise<void> {
    const { w: workspaceId, a: first, b: last } = JSON.parse(payload) as { w: string; a: number; b: number };
    if (!this.bus.hasSubscribers(workspaceId)) return;
    const found = await rows<ValueEvent>(
      this.db.pool,
      `SELECT v.seq, s.entity_id AS "entityId", s.component_name AS "componentName", s.property_name AS "propertyName", v.point
       FROM property_values v JOIN value_series s ON s.series_id = v.series_id
       WHERE v.seq BETWEEN $1 AND $2 AND s.workspace_id = $3 ORDER BY v.seq`,
      [first, last, workspaceId],
    );
    this.bus.publish(workspaceId, found);
  }

  async batchPut(workspaceId: string, entries: PropertyValueEntry[]): Promise<BatchPutPropertyErrorEntry[]> {
    const snapshot = new GraphSnapshot(this.db.pool, workspaceId);
    await snapshot.loadExternalIds(
      entries.flatMap((e) => {
        const ref = e.entityPropertyReference;
        if (ref?.entityId !== undefined) return [];
        const external = Object.entries(ref?.externalIdProperty ?? {});
        return external.length === 1
          ? [{ componentName: ref.componentName, name: external[0]![0], value: external[0]![1] }]
          : [];
      }),
    );
    const pairs: [string, string][] = [];
    for (const e of entries) {
      const ref = e.entityPropertyReference;
      if (ref?.componentName === undefined) continue;
      const external = Object.entries(ref.externalIdProperty ?? {});
      const entityId =
        ref.entityId ??
        (external.length === 1
          ? snapshot.entityByExternalId(workspaceId, ref.componentName, external[0]![0], external[0]![1])
          : undefined);
      if (entityId !== undefined) pairs.push([entityId, ref.componentName]);
    }
    await snapshot.loadComponents(pairs);
    const ingest = new IngestChecker(snapshot);
    const pending = pendingRows();
    const errorEntries: BatchPutPropertyErrorEntry[] = [];
    for (const entry of entries) {
      const problems = ingest.addEntry(workspaceId, entry, pending);
      if (problems.length > 0) {
        errorEntries.push({
          errors: problems
            .slice(0, 10)
            .map(([errorCode, message]) => ({ errorCode, errorMessage: clip(message), entry })),
        });
      }
    }
    await this.write(workspaceId, pending);
    return errorEntries;
  }

  async bulkPut(workspaceId: string, points: BulkPoint[]): Promise<BulkResponse> {
    const snapshot = new GraphSnapshot(this.db.pool, workspaceId);
    await snapshot.loadComponents(
      points.flatMap((p) =>
        p && typeof p === 'object' && typeof p.entityId === 'string' && typeof p.componentName === 'string'
          ? [[p.entityId, p.componentName] as [string, string]]
          : [],
      ),
    );
    const ingest = new IngestChecker(snapshot);
    const pending = pendingRows();
    const errors: BulkResponse['errors'] = [];
    let rejected = 0;
    for (let i = 0; i < points.length; i++) {
      const problem = ingest.addPoint(workspaceId, points[i]!, pending);
      if (problem) {
        rejected++;
        if (errors.length < 100) errors.push({ index: i, errorCode: problem[0], errorMessage: problem[1] });
      }
    }
    await this.write(workspaceId, pending);
    return { accepted: pending.values.length, rejected, errors };
  }

  async history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage> {
    const series = new EarlyFirstPage(new PgSeriesReader(this.db.pool));
    series.start(workspaceId, query, page);
    const snapshot = await this.snapshotOf(workspaceId, query.selection);
    const reader = new HistoryReader(snapshot, series, new PgAggregateReader(this.db));
    return reader.read(workspaceId, query, page);
  }

  async latestValues(
    workspaceId: string,
    query: LatestValuesQuery,
    page: PageRequest<ComponentCursor>,
  ): Promise<LatestValuesPage> {
    const snapshot = await this.snapshotOf(workspaceId, query.selection);
    const selected = query.propertyNames;
    const selection = resolveSelection(snapshot, workspaceId, query.selection, selected);
    if (selection.entityId !== undefined) {
      return { values: await this.latestOf(snapshot, selection.entityId, selection.componentName, selected) };
    }
    const { after, limit } = page;
    const components = snapshot
      .componentsOfType(workspaceId, selection.componentTypeId)
      .filter((c) => !after || compareKeys([c.entityId, c.componentName], after) > 0);
    const values: PropertyLatestValue[] = [];
    for (const c of components.slice(0, limit)) {
      values.push(...(await this.latestOf(snapshot, c.entityId, c.componentName, selected)));
    }
    const last = components[limit - 1];
    return components.length > limit && last ? { values, next: [last.entityId, last.componentName] } : { values };
  }

  async stream(
    workspaceId: string,
    selection: StreamSelection,
    afterSeq: number | undefined,
    deliver: (event: ValueEvent) => void,
  ): Promise<() => void> {
    const snapshot = await this.snapshotOf(workspaceId, selection.selection);
    const properties = streamProperties(snapshot, workspaceId, selection);
    // subscribe first and hold live events while the replay reads: nothing committed in
    // between is missed; each seq is delivered once, in rising order (a notification may be
    // handled after the replay already read its values)
    let last = afterSeq ?? 0;
    const emit = (event: ValueEvent) => {
      if (event.seq <= last) return;
      last = event.seq;
      deliver(event);
    };
    let held: ValueEvent[] | undefined = [];
    const unsubscribe = this.bus.subscribe(workspaceId, properties, 0, (event) => {
      if (held) held.push(event);
      else emit(event);
    });
    try {
      if (afterSeq !== undefined) {
        const bySeries = new Map<number, PropertyInfo>();
        for (const p of properties) {
          const id = snapshot.seriesOf(workspaceId, p);
          if (id !== undefined) bySeries.set(id, p);
        }
        if (bySeries.size > 0) {
          const found = await rows<{ seq: number; series_id: number; point: string }>(
            this.db.pool,
            'SELECT seq, series_id, point FROM property_values WHERE series_id = ANY($1::integer[]) AND seq > $2 ORDER BY seq',
            [[...bySeries.keys()], afterSeq],
          );
          for (const f of found) {
            const p = bySeries.get(f.series_id)!;
            emit({
              seq: f.seq,
              entityId: p.entityId,
              componentName: p.componentName,
              propertyName: p.propertyName,
              point: f.point,
            });
          }
        }
      }
    } catch (e) {
      unsubscribe();
      throw e;
    }
    const waiting = held;
    held = undefined;
    for (const event of waiting) emit(event);
    return unsubscribe;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.unlisten?.();
  }

  /** The graph a read needs: one component, or every component of a type. */
  private async snapshotOf(
    workspaceId: string,
    selection: { entityId?: string; componentName?: string; componentTypeId?: string },
  ): Promise<GraphSnapshot> {
    const snapshot = new GraphSnapshot(this.db.pool, workspaceId);
    if (selection.entityId !== undefined && selection.componentName !== undefined) {
      await snapshot.loadComponents([[selection.entityId, selection.componentName]]);
    } else if (selection.componentTypeId !== undefined) {
      await snapshot.loadComponentsOfType(selection.componentTypeId);
    }
    return snapshot;
  }

  private async latestOf(
    snapshot: GraphSnapshot,
    entityId: string,
    componentName: string,
    selected: string[],
  ): Promise<PropertyLatestValue[]> {
    const component = snapshot.existingComponent(snapshot.workspaceId, entityId, componentName);
    const reader = new PgSeriesReader(this.db.pool);
    const out: PropertyLatestValue[] = [];
    for (const name of selected) {
      const property = component.properties.get(name);
      if (!property) throw propertyNotDefined(name, componentName, entityId);
      const propertyReference = { entityId, componentName, propertyName: name };
      let json: string | null = property.staticValue;
      if (property.definition.isTimeSeries) {
        if (!property.native) throw dataConnectorNotOffered(name, property.componentTypeId);
        const seriesId = snapshot.seriesOf(snapshot.workspaceId, property);
        const point = seriesId === undefined ? undefined : await reader.latest(seriesId);
        json = point === undefined ? null : JSON.stringify((JSON.parse(point) as { value: DataValue }).value);
      }
      out.push(
        json === null ? { propertyReference } : { propertyReference, propertyValue: JSON.parse(json) as DataValue },
      );
    }
    return out;
  }

  /**
   * Stores the rows in one transaction (series created as needed), then publishes them in seq
   * order. Value writes run one at a time, in this process (a queue) and across replicas (an
   * advisory lock taken before the first seq is drawn): seqs then commit in the order they were
   * drawn, so a stream that has seen seq N can never later miss a smaller one, live or on
   * reconnect (Last-Event-ID), as on SQLite with its single writer.
   */
  private write(workspaceId: string, pending: PendingRows): Promise<void> {
    if (pending.values.length === 0) return Promise.resolve();
    const written = new Promise<void>((resolve, reject) =>
      this.waiting.push({ workspaceId, pending, resolve, reject }),
    );
    void this.serialized(() => this.writeWaiting());
    return written;
  }

  /**
   * Group commit: the writes that queued while the last one ran, of the first one's workspace,
   * go in one transaction (one lock, one INSERT, one commit and its WAL flush instead of one
   * each), rows in arrival order, as SQLite's writer batches its jobs. Should the shared
   * transaction fail, each write is tried alone, so one write's failure is its own.
   */
  private async writeWaiting(): Promise<void> {
    const first = this.waiting[0];
    if (!first) return; // taken by an earlier group
    let count = 1;
    while (count < this.waiting.length && this.waiting[count]!.workspaceId === first.workspaceId) count++;
    const group = this.waiting.splice(0, count);
    if (group.length > 1) {
      const merged = pendingRows();
      for (const { pending } of group) {
        merged.properties.push(...pending.properties);
        merged.seriesIds.push(...pending.seriesIds);
        merged.ms.push(...pending.ms);
        merged.ns.push(...pending.ns);
        merged.values.push(...pending.values);
      }
      try {
        await this.writeNow(first.workspaceId, merged);
        for (const w of group) w.resolve();
        return;
      } catch {
        // below, one by one
      }
    }
    for (const w of group) {
      try {
        await this.writeNow(w.workspaceId, w.pending);
        w.resolve();
      } catch (e) {
        w.reject(e);
      }
    }
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const done = this.tail.then(run);
    this.tail = done.catch(() => undefined);
    return done;
  }

  private async writeNow(workspaceId: string, pending: PendingRows): Promise<void> {
    // the same series and time twice in one write: the last one wins, as a second write would
    const last = new Map<string, number>();
    pending.properties.forEach((p, i) => {
      last.set(
        `${p.entityId}\u0000${p.componentName}\u0000${p.propertyName}\u0000${pending.ms[i]}\u0000${pending.ns[i]}`,
        i,
      );
    });
    const kept = [...last.values()].sort((a, b) => a - b);
    await this.valueWrite(
      workspaceId,
      kept.map((i) => pending.ms[i]!),
      async (q, alarms, nowMs) => {
        await createSeries(
          q,
          workspaceId,
          kept.map((i) => pending.properties[i]!),
        );
        // seqs are drawn in row order; the range is all a notification needs to name
        const [range] = await rows<{ a: number; b: number }>(
          q,
          `WITH written AS (
             INSERT INTO property_values (series_id, time, point, num, seq)
             SELECT s, m * 1000000 + n, p, v, nextval('value_seq')
             FROM unnest($1::integer[], $2::bigint[], $3::bigint[], $4::text[], $5::double precision[])
               WITH ORDINALITY AS t(s, m, n, p, v, i)
             ORDER BY i
             ON CONFLICT (series_id, time) DO UPDATE SET point = excluded.point, num = excluded.num, seq = excluded.seq
             RETURNING seq)
           SELECT min(seq) AS a, max(seq) AS b FROM written`,
          [
            kept.map((i) => pending.properties[i]!.seriesId),
            kept.map((i) => pending.ms[i]),
            kept.map((i) => pending.ns[i]),
            kept.map((i) => pending.values[i]),
            kept.map((i) => pointNumber(pending.values[i]!)),
          ],
        );
        // alarms see each series' values in time order, as SQLite's writer hands them
        const { properties: p, ms, ns } = pending;
        const order = [...kept].sort(
          (a, b) => p[a]!.seriesId! - p[b]!.seriesId! || ms[a]! - ms[b]! || ns[a]! - ns[b]! || a - b,
        );
        await alarms.afterValues(
          order.map((i) => ({ ...p[i]!, ms: ms[i]!, point: pending.values[i]! })),
          nowMs,
        );
        return { first: range!.a, last: range!.b };
      },
    );
  }

  /**
   * An acknowledge, snooze or reset of an alarm, as a value write (its transition is an
   * alarm_status value and its state is only changed under the value-write lock).
   */
  alarmAction(workspaceId: string, action: PgAlarmAction): Promise<'not-alarm' | { refused: string } | undefined> {
    return this.serialized(() =>
      this.valueWrite(workspaceId, [], async (_q, alarms) => ({ result: await alarms.act(action) }), action.nowMs),
    );
  }

  /** Ends the workspace's snoozes that are due (before a read, and on a timer). */
  expireSnoozes(workspaceId: string, nowMs: number): Promise<void> {
    return this.serialized(() =>
      this.valueWrite(workspaceId, [], async (_q, alarms) => ({ result: await alarms.expireSnoozes(nowMs) }), nowMs),
    );
  }

  /**
   * One value write's transaction: partitions cover the values' times (and any alarm
   * transition's), the value-write lock is held, `body` writes and evaluates alarms, then the
   * alarm changes are stored and the seq range written (values and alarm_status values) is
   * announced to every replica.
   */
  private async valueWrite<T>(
    workspaceId: string,
    ms: number[],
    body: (
      q: Queryable,
      alarms: PgAlarmTransaction,
      nowMs: number,
    ) => Promise<{ first?: number; last?: number; result?: T }>,
    nowMs = Date.now(),
  ): Promise<T | undefined> {
    const snoozeEnds = await PgAlarmTransaction.snoozeEnds(this.db.pool, workspaceId);
    await this.partitions.ensure([...ms, nowMs, ...snoozeEnds]);
    return this.db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [VALUE_WRITE_LOCK]);
      const alarms = new PgAlarmTransaction(q, workspaceId);
      const { first, last, result } = await body(q, alarms, nowMs);
      const status = await alarms.flush();
      const a = first ?? status?.a;
      const b = status?.b ?? last;
      if (a !== undefined && b !== undefined) {
        // every replica's streams get the values after the commit, in commit order
        await q.query('SELECT pg_notify($1, $2)', [VALUES_CHANNEL, JSON.stringify({ w: workspaceId, a, b })]);
      }
      return result;
    });
  }
}

/** Gives every property a series id, creating the series a first value needs (in the write's transaction). */
async function createSeries(q: Queryable, workspaceId: string, properties: PropertyInfo[]): Promise<void> {
  const missing = [...new Set(properties.filter((p) => p.seriesId === undefined))];
  if (missing.length === 0) return;
  const columns = [
    missing.map((p) => p.entityId),
    missing.map((p) => p.componentName),
    missing.map((p) => p.propertyName),
  ];
  await q.query(
    `INSERT INTO value_series (workspace_id, entity_id, component_name, property_name)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
    [workspaceId, ...columns],
  );
  const found = await rows<{ series_id: number; entity_id: string; component_name: string; property_name: string }>(
    q,
    `SELECT s.series_id, s.entity_id, s.component_name, s.property_name FROM value_series s
     JOIN unnest($2::text[], $3::text[], $4::text[]) AS w(e, c, p)
       ON s.entity_id = w.e AND s.component_name = w.c AND s.property_name = w.p
     WHERE s.workspace_id = $1`,
    [workspaceId, ...columns],
  );
  const ids = new Map(
    found.map((f) => [`${f.entity_id}\u0000${f.component_name}\u0000${f.property_name}`, f.series_id]),
  );
  for (const p of missing) p.seriesId = ids.get(`${p.entityId}\u0000${p.componentName}\u0000${p.propertyName}`);
}
