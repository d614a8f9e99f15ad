import type { QueryType } from '../types';
import { ComponentPropertyFields } from './ComponentPropertyFields';
import type { TypeEditorProps } from './types';

/** Get Property Value: the latest (or static) values of an entity component's properties. */
export function PropertyValueEditor({ datasource, query, onChange }: TypeEditorProps<QueryType.GetPropertyValue>) {
  return (
    <ComponentPropertyFields
      datasource={datasource}
      entityId={query.entityId}
      componentName={query.componentName}
      properties={query.properties}
      onChange={(patch) => onChange({ ...query, ...patch })}
    />
  );
}
