import type { FilterRow, Order } from '../types';
import { FilterRows } from './FilterRows';
import { OrderField } from './OrderField';
import { ResolutionField } from './ResolutionField';
import { StreamSwitch } from './StreamSwitch';

interface HistoryOptions {
  filter?: FilterRow[];
  order?: Order;
  stream?: boolean;
  resolution?: string;
}

interface Props<Q extends HistoryOptions> {
  query: Q;
  /** update and run */
  onChange: (query: Q) => void;
  /** update without running (typing a filter value); runs when absent */
  onEdit?: (query: Q) => void;
}

/** What both history queries offer beyond their selection: value filters, order, resolution, live. */
export function HistoryOptionFields<Q extends HistoryOptions>({ query, onChange, onEdit = onChange }: Props<Q>) {
  return (
    <>
      <FilterRows
        rows={query.filter}
        onEdit={(filter) => onEdit({ ...query, filter })}
        onChange={(filter) => onChange({ ...query, filter })}
      />
      <OrderField value={query.order} onChange={(order) => onChange({ ...query, order })} />
      <ResolutionField value={query.resolution} onChange={(resolution) => onChange({ ...query, resolution })} />
      <StreamSwitch value={query.stream} onChange={(stream) => onChange({ ...query, stream })} />
    </>
  );
}
