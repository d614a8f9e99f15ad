import { InlineField, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import { useState } from 'react';

import { LABEL_WIDTH } from '../components/pickers';

const MODES = [
  {
    label: 'Auto',
    value: 'auto',
    description: 'Downsampled by the service when the range holds more values than the panel draws',
  },
  { label: 'Raw', value: 'raw', description: 'Every stored value' },
  { label: 'Fixed', value: 'fixed', description: 'One bucket per interval' },
];

/**
 * History resolution: auto (the default), raw, or a fixed bucket interval ("1m"). The
 * interval is committed on blur, so typing does not run a query per keystroke.
 */
export function ResolutionField({ value, onChange }: { value?: string; onChange: (resolution: string) => void }) {
  const mode = !value || value === 'auto' ? 'auto' : value === 'raw' ? 'raw' : 'fixed';
  const [interval, setInterval] = useState(mode === 'fixed' ? value! : '1m');
  return (
    <InlineField
      label="Resolution"
      labelWidth={LABEL_WIDTH}
      tooltip="Auto: graphs get each bucket's minimum and maximum, state timelines its last value, when the range holds more values than the panel draws"
    >
      <Stack direction="row" gap={1}>
        <RadioButtonGroup
          options={MODES}
          value={mode}
          onChange={(m) => onChange(m === 'fixed' ? interval : m)}
          aria-label="Resolution"
        />
        {mode === 'fixed' && (
          <Input
            aria-label="Resolution interval"
            width={10}
            value={interval}
            placeholder="1m"
            onChange={(e) => setInterval(e.currentTarget.value)}
            onBlur={() => onChange(interval.trim() || '1m')}
          />
        )}
      </Stack>
    </InlineField>
  );
}
