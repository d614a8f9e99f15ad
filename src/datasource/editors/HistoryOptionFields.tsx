import type { FilterRow, Order } from '../types';
import { FilterRows } from './FilterRows';
import { OrderField } from './OrderField';
import { StreamSwitch } from './StreamSwitch';

interface HistoryOptions {
  filter?: FilterRow[];
  order?: Order;
  stream?: boolean;
}

interface Props extends HistoryOptions {
  /** update and run */
  onChange: (patch: HistoryOptions) => void;
  /** update without running (typing a filter value) */
  onEdit: (patch: HistoryOptions) => void;
}

/** What both history queries offer beyond their selection: value filters, order, live. */
export function HistoryOptionFields({ filter, order, stream, onChange, onEdit }: Props) {
  return (
    <>
      <FilterRows
        rows={filter}
        onEdit={(next) => onEdit({ filter: next })}
        onChange={(next) => onChange({ filter: next })}
      />
      <OrderField value={order} onChange={(next) => onChange({ order: next })} />
      <StreamSwitch value={stream} onChange={(next) => onChange({ stream: next })} />
    </>
  );
}
