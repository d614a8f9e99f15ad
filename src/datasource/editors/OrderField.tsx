import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { LABEL_WIDTH } from '../components/pickers';
import type { Order } from '../types';

const ORDERS = [
  { label: 'Ascending', value: 'ASCENDING' as const },
  { label: 'Descending', value: 'DESCENDING' as const },
];

/** Time order of history values (descending puts the latest first, as scene rules expect). */
export function OrderField({ value, onChange }: { value?: Order; onChange: (order: Order) => void }) {
  return (
    <InlineField label="Order" labelWidth={LABEL_WIDTH}>
      <RadioButtonGroup options={ORDERS} value={value ?? 'ASCENDING'} onChange={(v) => onChange(v as Order)} />
    </InlineField>
  );
}
