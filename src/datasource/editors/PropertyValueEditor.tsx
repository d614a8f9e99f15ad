import { ComponentPicker, EntityPicker, PropertyPicker } from '../components/pickers';
import type { QueryType } from '../types';
import type { TypeEditorProps } from './types';

/** Get Property Value: the latest (or static) values of an entity component's properties. */
export function PropertyValueEditor({ datasource, query, onChange }: TypeEditorProps<QueryType.GetPropertyValue>) {
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
        values={query.properties}
        onChange={(properties) => onChange({ ...query, properties })}
      />
    </>
  );
}
