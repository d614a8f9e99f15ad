import {
  BatchPutPropertyErrorEntry,
  BulkPoint,
  BulkResponse,
  GetPropertyValueBody,
  GetPropertyValueHistoryBody,
  GetPropertyValueResponse,
} from '../api/values';

/** One stored value as the live stream delivers it; `seq` is the SSE event id. */
export interface ValueEvent {
  seq: number;
  entityId: string;
  componentName: string;
  propertyName: string;
  /** `{"time":"…Z","value":{DataValue}}` as JSON text */
  point: string;
}

/**
 * What a stream follows: one component (entityId and componentName), or every component of
 * a type (componentTypeId) as GetPropertyValueHistory by componentTypeId reads them. Both
 * forms are optional here because the query string may carry either, both or neither; the
 * store says which combination is wrong.
 */
export interface StreamSelection {
  entityId?: string;
  componentName?: string;
  componentTypeId?: string;
  /** every time-series property of the component(s) when absent */
  propertyNames?: string[];
}

/**
 * Property values: the built-in time-series store plus the static values of the knowledge
 * graph. Each write is one transaction; the good entries of a batch are stored, the bad
 * ones reported.
 */
export interface ValueStore {
  /** BatchPutPropertyValues: the error entries (empty when every entry was stored) */
  batchPut(workspaceId: string, entries: BatchPutPropertyValuesEntries): Promise<BatchPutPropertyErrorEntry[]>;
  /** the /doppel bulk path: any number of flat points in one transaction */
  bulkPut(workspaceId: string, points: BulkPoint[]): Promise<BulkResponse>;
  getPropertyValue(workspaceId: string, request: GetPropertyValueBody): Promise<GetPropertyValueResponse>;
  /** GetPropertyValueHistory's response as JSON text: pages of 10,000 values are built as text */
  history(workspaceId: string, request: GetPropertyValueHistoryBody): Promise<string>;
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
