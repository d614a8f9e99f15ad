import { Aggregation } from '../../model/values/aggregation';
import { Instant } from '../../model/values/time';

/** One series' aggregated read: the request's aggregation over the window, and the property's data type. */
export interface AggregateRead {
  aggregation: Aggregation;
  /** the property's data type (DOUBLE, INTEGER, LONG, STRING …): where the number sits in a stored point */
  dataType: string;
  from: Instant;
  to: Instant;
  descending: boolean;
}
