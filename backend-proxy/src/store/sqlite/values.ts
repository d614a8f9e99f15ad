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
import { Db } from './database';
import { AggregateReader } from './values/aggregate-reader';
import { HistoryReader } from '../values-common/history';
import { resolveSelection } from '../values-common/component-selection';
import { replayAfter } from './values/replay';
import { streamProperties } from '../values-common/stream-properties';
import { PropertyInfo, PropertyResolver } from './values/resolver';
import { Row, SeriesReader, valueOf } from './values/series-reader';
import { clip, IngestChecker, pendingRows, PendingRows } from '../values-common/ingest';
import { ValueWriter, WriteJob, WriteResult } from './values/writer';
import { LatestPoints } from './values/latest-points';
import { AlarmCommand, AlarmCommandResult, StatusValueEvent } from './alarms/alarm-commands';

/**
 * The built-in time-series store on SQLite. Writes: property lookups come from the
 * resolver's cache, values are upserted by one prepared statement in one transaction per
 * request, and each gets the next `seq`. Reads: see HistoryReader. Live values: published
 * to the in-process bus after each commit.
 */
export class SqliteValueStore implements ValueStore {
  private readonly resolver: PropertyResolver;
  private readonly reader: SeriesReader;
  private readonly historyReader: HistoryReader;
  private readonly ingest: IngestChecker;
  private readonly writer: ValueWriter;
  private readonly bus = new LiveValueBus();
  private readonly latestPoints: LatestPoints;
  /**
   * GetPropertyValue reads the graph's version and each property's latest point: in one read
   * transaction the WAL read lock is taken once, not once a statement (~14 µs each)
   */
  private readonly latestValuesInOneRead: (
    workspaceId: string,
    query: LatestValuesQuery,
    page: PageRequest<ComponentCursor>,
  ) => LatestValuesPage;

  constructor(private readonly db: Db) {
    this.resolver = new PropertyResolver(db);
    this.ingest = new IngestChecker(this.resolver);
    this.reader = new SeriesReader(db);
    this.latestPoints = new LatestPoints(db, this.reader);
    this.historyReader = new HistoryReader(this.resolver, this.reader, new AggregateReader(db));
    this.writer = new ValueWriter(db);
    this.latestValuesInOneRead = db.transaction(
      (workspaceId: string, query: LatestValuesQuery, page: PageRequest<ComponentCursor>) =>
        this.readLatestValues(workspaceId, query, page),
    );
    // a larger page cache keeps the right-hand leaves of many series in memory, and fewer,
    // larger WAL checkpoints cost less than frequent small ones
    db.pragma('cache_size = -65536');
    db.pragma('wal_autocheckpoint = 10000');
    // history pages read the database file through a memory map instead of a read() and a
    // copy per page (SQLite caps it at its compile-time maximum, 2 GB); writes still go
    // through the WAL by write(), so durability is unchanged
    db.pragma('mmap_size = 2147418112');
  }

  async batchPut(workspaceId: string, entries: PropertyValueEntry[]): Promise<BatchPutPropertyErrorEntry[]> {
    this.begin();
    const rows = pendingRows();
    const errorEntries: BatchPutPropertyErrorEntry[] = [];
    for (const entry of entries) {
      const problems = this.ingest.addEntry(workspaceId, entry, rows);
      if (problems.length > 0) {
        errorEntries.push({
          errors: problems
            .slice(0, 10)
            .map(([errorCode, message]) => ({ errorCode, errorMessage: clip(message), entry })),
        });
      }
    }
    await this.write(workspaceId, rows);
    return errorEntries;
  }

  async bulkPut(workspaceId: string, points: BulkPoint[]): Promise<BulkResponse> {
    this.begin();
    const rows = pendingRows();
    const errors: BulkResponse['errors'] = [];
    let rejected = 0;
    for (let i = 0; i < points.length; i++) {
      const problem = this.ingest.addPoint(workspaceId, points[i]!, rows);
      if (problem) {
        rejected++;
        if (errors.length < 100) errors.push({ index: i, errorCode: problem[0], errorMessage: problem[1] });
      }
    }
    await this.write(workspaceId, rows);
    return { accepted: rows.values.length, rejected, errors };
  }

  async history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage> {
    this.begin();
    return this.historyReader.read(workspaceId, query, page);
  }

  async latestValues(
    workspaceId: string,
    query: LatestValuesQuery,
    page: PageRequest<ComponentCursor>,
  ): Promise<LatestValuesPage> {
    return this.latestValuesInOneRead(workspaceId, query, page);
  }

  async stream(
    workspaceId: string,
    selection: StreamSelection,
    afterSeq: number | undefined,
    deliver: (event: ValueEvent) => void,
  ): Promise<() => void> {
    this.begin();
    const properties = streamProperties(this.resolver, workspaceId, selection);
    let lastSeq = 0;
    if (afterSeq !== undefined) {
      // replay and subscribe in the same synchronous step: no write can fall in between
      const bySeries = new Map<number, PropertyInfo>();
      for (const p of properties) {
        const id = this.resolver.seriesOf(workspaceId, p, false);
        if (id !== undefined) bySeries.set(id, p);
      }
      if (bySeries.size > 0) {
        for (const [seq, seriesId, point] of replayAfter(this.db, afterSeq, [...bySeries.keys()])) {
          const p = bySeries.get(seriesId)!;
          lastSeq = seq;
          deliver({ seq, entityId: p.entityId, componentName: p.componentName, propertyName: p.propertyName, point });
        }
      }
    }
    return this.bus.subscribe(workspaceId, properties, lastSeq, deliver);
  }

  private readLatestValues(
    workspaceId: string,
    query: LatestValuesQuery,
    page: PageRequest<ComponentCursor>,
  ): LatestValuesPage {
    this.begin();
    const selected = query.propertyNames;
    const selection = resolveSelection(this.resolver, workspaceId, query.selection, selected);
    if (selection.entityId !== undefined) {
      return { values: this.latestOf(workspaceId, selection.entityId, selection.componentName, selected) };
    }
    // one page holds up to `limit` components, in (entityId, componentName) order
    const { after, limit } = page;
    const components = this.resolver
      .componentsOfType(workspaceId, selection.componentTypeId)
      .filter((c) => !after || compareKeys([c.entityId, c.componentName], after) > 0);
    const values: PropertyLatestValue[] = [];
    for (const c of components.slice(0, limit)) {
      values.push(...this.latestOf(workspaceId, c.entityId, c.componentName, selected));
    }
    const last = components[limit - 1];
    return components.length > limit && last ? { values, next: [last.entityId, last.componentName] } : { values };
  }

  /** The current value of each selected property of one component. */
  private latestOf(
    workspaceId: string,
    entityId: string,
    componentName: string,
    selected: string[],
  ): PropertyLatestValue[] {
    const component = this.resolver.existingComponent(workspaceId, entityId, componentName);
    return selected.map((name) => {
      const property = component.properties.get(name);
      if (!property) throw propertyNotDefined(name, componentName, entityId);
      const propertyReference = { entityId, componentName, propertyName: name };
      let value: DataValue | undefined;
      if (property.definition.isTimeSeries) {
        if (!property.native) {
          throw dataConnectorNotOffered(name, property.componentTypeId);
        }
        const seriesId = this.resolver.seriesOf(workspaceId, property, false);
        const row: Row | undefined = seriesId === undefined ? undefined : this.latestPoints.latest(seriesId);
        if (row) value = valueOf(row[2]);
      } else if (property.staticValue !== null) {
        value = JSON.parse(property.staticValue) as DataValue;
      }
      return value === undefined ? { propertyReference } : { propertyReference, propertyValue: value };
    });
  }

  /** Stores the rows (see ValueWriter: group commit off the event loop), then publishes them. */
  private async write(workspaceId: string, rows: PendingRows): Promise<void> {
    if (rows.values.length === 0) return;
    const job: WriteJob = {
      workspaceId,
      seriesIds: rows.seriesIds,
      ms: rows.ms,
      ns: rows.ns,
      points: rows.values,
      newSeries: [],
    };
    rows.seriesIds.forEach((id, i) => {
      if (id < 0) {
        const p = rows.properties[i]!;
        job.newSeries.push([i, p.entityId, p.componentName, p.propertyName]);
      }
    });
    const result = await this.committed(job);
    if (result.error !== undefined) throw new Error(`value write failed: ${result.error}`);
    this.latestPoints.forget(result.seriesIds ?? []);
    for (const [i] of job.newSeries) rows.properties[i]!.seriesId = result.seriesIds![i];
    rows.seqs = result.seqs;
    rows.order = result.order;
    this.publish(workspaceId, rows);
    this.publishStatusValues(workspaceId, result.statusValues);
  }

  /**
   * Runs an alarm action in the value writer, which owns alarm state: the transition, its audit
   * row and its alarm_status value commit together, in seq order with the values.
   */
  async alarmCommand(command: AlarmCommand): Promise<AlarmCommandResult> {
    this.begin();
    const job: WriteJob = {
      workspaceId: command.workspaceId,
      seriesIds: [],
      ms: [],
      ns: [],
      points: [],
      newSeries: [],
    };
    job.alarm = command;
    const result = await this.committed(job);
    if (result.error !== undefined) throw new Error(`alarm write failed: ${result.error}`);
    this.publishStatusValues(command.workspaceId, result.statusValues);
    return result.alarm ?? { error: 'not-alarm' };
  }

  /**
   * The writer's result, once the job committed; kept latest points of what it may have written
   * are dropped first: a write that failed may have committed, and alarm transitions write
   * alarm_status values into series the job does not name.
   */
  private async committed(job: WriteJob): Promise<WriteResult> {
    let result: WriteResult | undefined;
    try {
      result = await this.writer.write(job);
      return result;
    } finally {
      if (result === undefined || result.error !== undefined || result.statusValues?.length || job.alarm) {
        this.latestPoints.forgetAll();
      }
    }
  }

  private publishStatusValues(workspaceId: string, values: StatusValueEvent[] | undefined): void {
    if (!values?.length || !this.bus.hasSubscribers(workspaceId)) return;
    this.bus.publish(
      workspaceId,
      values.map(([entityId, componentName, point, seq]) => ({
        seq,
        entityId,
        componentName,
        propertyName: 'alarm_status',
        point,
      })),
    );
  }

  /**
   * Every operation starts here: the knowledge-graph cache is current. (That the workspace
   * exists is the request guard's check; a workspace that does not leaves nothing to find.)
   */
  private begin(): void {
    this.resolver.sync();
  }

  /** Finishes pending writes. */
  async close(): Promise<void> {
    await this.writer.close();
  }

  private publish(workspaceId: string, rows: PendingRows): void {
    if (!this.bus.hasSubscribers(workspaceId)) return;
    this.bus.publish(workspaceId, eventsOf(rows));
  }
}

/** The committed rows as live events, in seq order, so a client's Last-Event-ID is always the highest it has seen. */
function* eventsOf(rows: PendingRows): Generator<ValueEvent> {
  for (const i of rows.order!) {
    const p = rows.properties[i]!;
    yield {
      seq: rows.seqs![i]!,
      entityId: p.entityId,
      componentName: p.componentName,
      propertyName: p.propertyName,
      point: rows.values[i]!,
    };
  }
}
