import { Sample } from '../../model/values/interpolation';
import { Instant } from '../../model/values/time';
import { Chunk, Row } from './chunks';
import { AggregateRead } from './aggregate-read';

/** A value that is there now (SQLite, synchronous) or later (PostgreSQL). */
export type Maybe<T> = T | Promise<T>;

/** Range reads of one stored series: what history paging needs of a store. */
export interface SeriesSource {
  /** up to `limit` rows within [from, to] (ns may step outside 0..999999), ascending or descending */
  range(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Maybe<Row[]>;
  /** the same as `range`, joined into JSON text */
  joined(seriesId: number, from: Instant, to: Instant, descending: boolean, limit: number): Maybe<Chunk>;
  /** the last value at or before `at` */
  before(seriesId: number, at: Instant): Maybe<Sample | undefined>;
  /** the first value at or after `at` */
  after(seriesId: number, at: Instant): Maybe<Sample | undefined>;
}

/** Aggregated reads of one series (GetPropertyValueHistory with an aggregation). */
export interface AggregateSource {
  chunk(seriesId: number, read: AggregateRead, resume: Instant | undefined, limit: number): Maybe<Chunk>;
}
