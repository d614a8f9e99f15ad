import { ComponentTypePicker, PropertyPicker } from '../components/pickers';
import type { QueryType } from '../types';
import { HistoryOptionFields } from './HistoryOptionFields';
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
      <HistoryOptionFields query={query} onChange={onChange} onEdit={onEdit} />
    </>
  );
}
