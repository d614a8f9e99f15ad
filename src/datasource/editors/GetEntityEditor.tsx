import { EntityPicker } from '../components/pickers';
import type { QueryType } from '../types';
import type { TypeEditorProps } from './types';

/** Get Entity: an entity's summary and its components' properties. */
export function GetEntityEditor({ datasource, query, onChange }: TypeEditorProps<QueryType.GetEntity>) {
  return (
    <EntityPicker
      datasource={datasource}
      value={query.entityId}
      onChange={(entityId) => onChange({ ...query, entityId })}
    />
  );
}
