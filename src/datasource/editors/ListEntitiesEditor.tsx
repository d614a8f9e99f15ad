import { ComponentTypePicker, EntityPicker } from '../components/pickers';
import type { QueryType } from '../types';
import type { TypeEditorProps } from './types';

/** List Entities: all entities, or those with a component type, or the children of a parent. */
export function ListEntitiesEditor({ datasource, query, onChange }: TypeEditorProps<QueryType.ListEntities>) {
  return (
    <>
      <ComponentTypePicker
        datasource={datasource}
        label="Has component type"
        value={query.componentTypeId}
        onChange={(componentTypeId) => onChange({ ...query, componentTypeId, parentEntityId: undefined })}
      />
      <EntityPicker
        datasource={datasource}
        label="Parent entity"
        value={query.parentEntityId}
        onChange={(parentEntityId) => onChange({ ...query, parentEntityId, componentTypeId: undefined })}
      />
    </>
  );
}
