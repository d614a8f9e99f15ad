import {
  BatchPutPropertyErrorEntry,
  BulkPoint,
  BulkResponse,
  EntityPropertyReference,
  PropertyLatestValue,
} from '../api/values';
import { ComponentCursor, HistoryCursor } from '../model/values/paging';
import { HistoryQuery } from '../model/values/history-query';
import { ValueSelection } from '../model/values/selection';

/** One stored value as the live stream delivers it; `seq` is the SSE event id. */
export interface ValueEvent {
  seq: number;
  entityId: string;
  componentName: string;
  propertyName: string;
  /** `{"time":"…Z","value":{DataValue}}` as JSON text */
  point: string;
  /** set when the value was polled from a data connector rather than written here */
  polled?: { connector: string; intervalMs: number };
}

/** What a stream follows: one component or every component of a type, and which properties. */
export interface StreamSelection {
  selection: ValueSelection;
  /** every time-series property of the component(s) when absent */
  propertyNames?: string[];
}

/** Which page of a paged read: after the cursor of the previous one, at most `limit` items. */
export interface PageRequest<Cursor> {
  after?: Cursor;
  limit: number;
}

/** The values of one series on a history page. */
export interface HistorySeries {
  /** entityId, componentName and propertyName (and externalIdProperty by componentTypeId) */
  reference: EntityPropertyReference;
  /**
   * The values, pre-rendered: `{"time":…,"value":{…}}` points joined by commas (the inside of
   * a JSON array), as UTF-8 bytes. Pages of 10,000 values are copied from the stored points,
   * never parsed or re-serialized.
   */
  values: Buffer;
}

/** One page of GetPropertyValueHistory; `next` is where the next page starts, absent on the last page. */
export interface HistoryPage {
  /** the series that have values on this page, in page order */
  series: HistorySeries[];
  next?: HistoryCursor;
}

/** The current values GetPropertyValue asks for, and where the next page of components starts. */
export interface LatestValuesPage {
  values: PropertyLatestValue[];
  next?: ComponentCursor;
}

/** GetPropertyValue's request once its own rules hold. */
export interface LatestValuesQuery {
  selection: ValueSelection;
  propertyNames: string[];
}

/**
 * Property values: the built-in time-series store plus the static values of the knowledge
 * graph. Each write is one transaction; the good entries of a batch are stored, the bad
 * ones reported. Reads return data and cursors; the wire envelope and the page tokens are
 * the caller's.
 */
export interface ValueStore {
  /** BatchPutPropertyValues: the error entries (empty when every entry was stored) */
  batchPut(workspaceId: string, entries: BatchPutPropertyValuesEntries): Promise<BatchPutPropertyErrorEntry[]>;
  /** the /doppel bulk path: any number of flat points in one transaction */
  bulkPut(workspaceId: string, points: BulkPoint[]): Promise<BulkResponse>;
  /** The current value of each selected property, one component or a page of a type's components. */
  latestValues(
    workspaceId: string,
    query: LatestValuesQuery,
    page: PageRequest<ComponentCursor>,
  ): Promise<LatestValuesPage>;
  /** One page of stored (or interpolated) values of the selected series. */
  history(workspaceId: string, query: HistoryQuery, page: PageRequest<HistoryCursor>): Promise<HistoryPage>;
  /**
   * Replays the stored values written after `afterSeq` (when given), then delivers every new
   * one until the returned function is called. Replay and subscription happen together, so
   * nothing written in between is missed.
   */
  stream(
    workspaceId: string,
    selection: StreamSelection,
    afterSeq: number | undefined,
    listener: (event: ValueEvent) => void,
  ): Promise<() => void>;
}

export type BatchPutPropertyValuesEntries = import('../api/values').PropertyValueEntry[];
