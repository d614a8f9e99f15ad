import { ComponentPicker, EntityPicker, PropertyPicker } from '../components/pickers';
import type { QueryType } from '../types';
import { FilterRows } from './FilterRows';
import { OrderField } from './OrderField';
import { StreamSwitch } from './StreamSwitch';
import type { TypeEditorProps } from './types';

/** Get Property Value History by Entity: entity, component, time-series properties, filters, order, live. */
export function EntityHistoryEditor({ datasource, query, onChange, onEdit }: TypeEditorProps<QueryType.EntityHistory>) {
  return (
    <>
      <EntityPicker
        datasource={datasource}
        value={query.entityId}
        onChange={(entityId) => onChange({ ...query, entityId, componentName: undefined, properties: [] })}
      />
      <ComponentPicker
        datasource={datasource}
        entityId={query.entityId}
        value={query.componentName}
        onChange={(componentName) => onChange({ ...query, componentName, properties: [] })}
      />
      <PropertyPicker
        datasource={datasource}
        source={{ entityId: query.entityId, componentName: query.componentName }}
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
