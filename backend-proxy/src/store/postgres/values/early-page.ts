import { Sample } from '../../../model/values/interpolation';
import { HistoryQuery } from '../../../model/values/history-query';
import { compareKeys, HistoryCursor } from '../../../model/values/paging';
import { Instant } from '../../../model/values/time';
import { PageRequest } from '../../values';
import { Chunk, Row } from '../../values-common/chunks';
import { SeriesSource } from '../../values-common/series-source';
import { PgSeriesReader } from './series-reader';

interface EarlyRead {
  from: Instant;
  to: Instant;
  descending: boolean;
  limit: number;
  read: Promise<{ seriesId: number | undefined; chunk: Chunk }>;
}

/**
 * A history page's first read, started on a second pooled connection while the graph snapshot
 * is read: that read only names the series (its id comes from the snapshot), so the two need
 * not wait for each other. The page's rules still run on the snapshot; the early read is
 * handed to them only when they ask for exactly that read of the series it found (same bounds,
 * order and limit, same series id), else it is dropped and they read as usual. Only plain
 * reads of one component start early: filtered, interpolated and aggregated pages read
 * differently.
 */
export class EarlyFirstPage implements SeriesSource {
  private early?: EarlyRead;

  constructor(private readonly reader: PgSeriesReader) {}

  /** Starts the read the page will make first, when it can be known before the snapshot. */
  start(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): void {
    const { entityId, componentName } = query.selection;
    if (entityId === undefined || query.filters.length > 0) return;
    if (query.intervalMs !== undefined || query.aggregation !== undefined) return;
    // the first series the page walks: the first selected property at or past the cursor
    const cursor = page.after;
    const keys = query.propertyNames
      .map((name) => [entityId, componentName, name] as [string, string, string])
      .filter((key) => !cursor || compareKeys(key, cursor.k) >= 0)
      .sort(compareKeys);
    const first = keys[0];
    if (!first) return;
    let { from, to } = query;
    if (cursor && compareKeys(first, cursor.k) === 0) {
      const [ms, ns] = cursor.t;
      if (query.descending) to = { ms, ns: ns - 1 };
      else from = { ms, ns: ns + 1 };
    }
    const { descending } = query;
    const read = this.reader.joinedByNames([workspaceId, ...first], from, to, descending, page.limit);
    // a page refused by its rules (unknown property, not a time series …) never takes it
    read.catch(() => undefined);
    this.early = { from, to, descending, limit: page.limit, read };
  }

  async joined(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Promise<Chunk> {
    const early = this.early;
    this.early = undefined;
    if (early && same(early, from, to, descending, limit)) {
      const { seriesId: read, chunk } = await early.read;
      if (read === seriesId) return chunk;
    }
    return this.reader.joined(seriesId, from, to, descending, limit);
  }

  range(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Promise<Row[]> {
    return this.reader.range(seriesId, from, to, descending, limit);
  }

  before(seriesId: number, at: Instant): Promise<Sample | undefined> {
    return this.reader.before(seriesId, at);
  }

  after(seriesId: number, at: Instant): Promise<Sample | undefined> {
    return this.reader.after(seriesId, at);
  }
}

function same(early: EarlyRead, from: Instant, to: Instant, descending: boolean, limit: number): boolean {
  return (
    early.descending === descending &&
    early.limit === limit &&
    early.from.ms === from.ms &&
    early.from.ns === from.ns &&
    early.to.ms === to.ms &&
    early.to.ns === to.ns
  );
}
