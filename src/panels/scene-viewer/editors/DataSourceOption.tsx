import type { StandardEditorProps } from '@grafana/data';
import { Combobox } from '@grafana/ui';

import { listDoppelDataSources } from '../../../common/datasources';

/** Picks a Doppel data source by uid (empty = the first one); a typed uid or variable is kept. */
export function DataSourceOption({ value, onChange }: StandardEditorProps<string>) {
  const options = [
    { label: 'First Doppel data source', value: '' },
    ...listDoppelDataSources().map((d) => ({ label: d.name, value: d.uid, description: d.workspaceId })),
  ];
  return (
    <Combobox
      options={options}
      value={value ?? ''}
      createCustomValue
      onChange={(o) => onChange(o?.value ?? '')}
      aria-label="Doppel data source"
    />
  );
}
