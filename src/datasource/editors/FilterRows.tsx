import { Button, InlineField, Input, Stack } from '@grafana/ui';

import type { FilterRow } from '../types';
import { LABEL_WIDTH } from '../components/pickers';

/**
 * History filters: rows of property / operator / value, sent as `propertyFilters` with the
 * value typed by the property's data type. Text edits update without re-running; blur runs.
 */
export function FilterRows({
  rows,
  onEdit,
  onChange,
}: {
  rows?: FilterRow[];
  onEdit: (rows: FilterRow[]) => void;
  onChange: (rows: FilterRow[]) => void;
}) {
  const list = rows ?? [];
  const update = (i: number, patch: Partial<FilterRow>) => list.map((r, j) => (j === i ? { ...r, ...patch } : r));
  return (
    <InlineField label="Filter" labelWidth={LABEL_WIDTH} tooltip="Only values matching every row (variables allowed)">
      <Stack direction="column" gap={0.5}>
        {list.map((row, i) => (
          <Stack key={i} gap={0.5} alignItems="center">
            <Input
              aria-label={`Filter ${i + 1} property`}
              width={20}
              placeholder="property"
              value={row.name}
              onChange={(e) => onEdit(update(i, { name: e.currentTarget.value }))}
              onBlur={() => onChange(list)}
            />
            <Input
              aria-label={`Filter ${i + 1} operator`}
              width={8}
              placeholder="="
              value={row.op}
              onChange={(e) => onEdit(update(i, { op: e.currentTarget.value }))}
              onBlur={() => onChange(list)}
            />
            <Input
              aria-label={`Filter ${i + 1} value`}
              width={20}
              placeholder="value"
              value={row.value}
              onChange={(e) => onEdit(update(i, { value: e.currentTarget.value }))}
              onBlur={() => onChange(list)}
            />
            <Button
              aria-label={`Remove filter ${i + 1}`}
              icon="trash-alt"
              variant="secondary"
              fill="text"
              onClick={() => onChange(list.filter((_, j) => j !== i))}
            />
          </Stack>
        ))}
        <Button
          icon="plus"
          variant="secondary"
          size="sm"
          onClick={() => onEdit([...list, { name: '', op: '=', value: '' }])}
        >
          Add filter
        </Button>
      </Stack>
    </InlineField>
  );
}
