import type { FilterRow, Order } from '../types';
import { FilterRows } from './FilterRows';
import { OrderField } from './OrderField';
import { StreamSwitch } from './StreamSwitch';

interface HistoryOptions {
  filter?: FilterRow[];
  order?: Order;
  stream?: boolean;
}

interface Props<Q extends HistoryOptions> {
  query: Q;
  /** update and run */
  onChange: (query: Q) => void;
  /** update without running (typing a filter value); runs when absent */
  onEdit?: (query: Q) => void;
}

/** What both history queries offer beyond their selection: value filters, order, live. */
export function HistoryOptionFields<Q extends HistoryOptions>({ query, onChange, onEdit = onChange }: Props<Q>) {
  return (
    <>
      <FilterRows
        rows={query.filter}
        onEdit={(filter) => onEdit({ ...query, filter })}
        onChange={(filter) => onChange({ ...query, filter })}
      />
      <OrderField value={query.order} onChange={(order) => onChange({ ...query, order })} />
      <StreamSwitch value={query.stream} onChange={(stream) => onChange({ ...query, stream })} />
    </>
  );
}
