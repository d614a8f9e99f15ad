import type { QueryType } from '../types';
import { ComponentPropertyFields } from './ComponentPropertyFields';
import { HistoryOptionFields } from './HistoryOptionFields';
import type { TypeEditorProps } from './types';

/** Get Property Value History by Entity: entity, component, time-series properties, filters, order, live. */
export function EntityHistoryEditor({ datasource, query, onChange, onEdit }: TypeEditorProps<QueryType.EntityHistory>) {
  return (
    <>
      <ComponentPropertyFields
        datasource={datasource}
        entityId={query.entityId}
        componentName={query.componentName}
        properties={query.properties}
        timeSeries
        onChange={(patch) => onChange({ ...query, ...patch })}
      />
      <HistoryOptionFields query={query} onChange={onChange} onEdit={onEdit} />
    </>
  );
}
