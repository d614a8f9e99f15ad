import { InlineField, InlineSwitch } from '@grafana/ui';

import { LABEL_WIDTH } from '../components/pickers';

/** The Stream switch of the history queries: keep the panel live from the service's SSE stream. */
export function StreamSwitch({
  value,
  onChange,
  tooltip = "Keep the panel live: values arrive from the service's stream as they are stored, no polling",
}: {
  value?: boolean;
  onChange: (stream: boolean) => void;
  tooltip?: string;
}) {
  return (
    <InlineField label="Stream" labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <InlineSwitch aria-label="Stream" value={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} />
    </InlineField>
  );
}
