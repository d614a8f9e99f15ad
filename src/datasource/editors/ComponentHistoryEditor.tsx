import { ComponentTypePicker, PropertyPicker } from '../components/pickers';
import { StreamSwitch } from './StreamSwitch';
import type { QueryType } from '../types';
import { FilterRows } from './FilterRows';
import { OrderField } from './OrderField';
import type { TypeEditorProps } from './types';

/** Get Property Value History by Component Type: one series per entity having the type, optionally live. */
export function ComponentHistoryEditor({
  datasource,
  query,
  onChange,
  onEdit,
}: TypeEditorProps<QueryType.ComponentHistory>) {
  return (
    <>
      <ComponentTypePicker
        datasource={datasource}
        value={query.componentTypeId}
        onChange={(componentTypeId) => onChange({ ...query, componentTypeId, properties: [] })}
      />
      <PropertyPicker
        datasource={datasource}
        source={{ componentTypeId: query.componentTypeId }}
        timeSeries
        values={query.properties}
        onChange={(properties) => onChange({ ...query, properties })}
      />
      <FilterRows
        rows={query.filter}
        onEdit={(filter) => (onEdit ?? onChange)({ ...query, filter })}
        onChange={(filter) => onChange({ ...query, filter })}
      />
      <OrderField value={query.order} onChange={(order) => onChange({ ...query, order })} />
      <StreamSwitch value={query.stream} onChange={(stream) => onChange({ ...query, stream })} />
    </>
  );
}
