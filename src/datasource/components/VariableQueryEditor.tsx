import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup, Select, Stack } from '@grafana/ui';

import type { DoppelDataSource } from '../datasource';
import {
  type DoppelOptions,
  type DoppelQuery,
  type DoppelVariableQuery,
  type PropertyKind,
  VariableQueryType,
} from '../types';
import { ComponentPicker, ComponentTypePicker, EntityPicker, FIELD_WIDTH, LABEL_WIDTH } from './pickers';

const KINDS: Array<SelectableValue<VariableQueryType>> = [
  {
    label: 'Entities',
    value: VariableQueryType.Entities,
    description: 'optionally children of an entity or with a component type',
  },
  { label: 'Component names', value: VariableQueryType.ComponentNames, description: 'of an entity' },
  { label: 'Property names', value: VariableQueryType.PropertyNames, description: 'of an entity component' },
  { label: 'Component types', value: VariableQueryType.ComponentTypes },
  { label: 'Scenes', value: VariableQueryType.Scenes },
];

const PROPERTY_KINDS: Array<SelectableValue<PropertyKind>> = [
  { label: 'All', value: 'all' },
  { label: 'Time series', value: 'timeSeries', description: 'for history panels' },
  { label: 'Static', value: 'static' },
];

type Props = QueryEditorProps<DoppelDataSource, DoppelQuery, DoppelOptions, DoppelVariableQuery>;

/** Editor of a template variable's query: what to list and under which entity/component/type. */
export function VariableQueryEditor({ datasource, query, onChange }: Props) {
  const q: DoppelVariableQuery = { ...query, variableType: query.variableType ?? VariableQueryType.Entities };
  const set = (patch: Partial<DoppelVariableQuery>) => onChange({ ...q, ...patch });
  return (
    <Stack direction="column" gap={0}>
      <InlineField label="List" labelWidth={LABEL_WIDTH}>
        <Select
          inputId="doppel-variable-type"
          aria-label="List"
          width={FIELD_WIDTH}
          options={KINDS}
          value={q.variableType}
          onChange={(o) =>
            set({
              variableType: o.value!,
              entityId: undefined,
              componentName: undefined,
              componentTypeId: undefined,
              propertyKind: undefined,
            })
          }
        />
      </InlineField>
      {q.variableType === VariableQueryType.Entities && (
        <>
          <EntityPicker
            datasource={datasource}
            label="Parent entity"
            value={q.entityId}
            onChange={(entityId) => set({ entityId })}
          />
          <ComponentTypePicker
            datasource={datasource}
            label="Has component type"
            value={q.componentTypeId}
            onChange={(componentTypeId) => set({ componentTypeId })}
          />
        </>
      )}
      {(q.variableType === VariableQueryType.ComponentNames || q.variableType === VariableQueryType.PropertyNames) && (
        <EntityPicker datasource={datasource} value={q.entityId} onChange={(entityId) => set({ entityId })} />
      )}
      {q.variableType === VariableQueryType.PropertyNames && (
        <ComponentPicker
          datasource={datasource}
          entityId={q.entityId}
          value={q.componentName}
          onChange={(componentName) => set({ componentName })}
        />
      )}
      {q.variableType === VariableQueryType.PropertyNames && (
        <InlineField
          label="Properties"
          labelWidth={LABEL_WIDTH}
          tooltip="A variable used by history queries wants time-series properties only"
        >
          <RadioButtonGroup
            aria-label="Property kind"
            options={PROPERTY_KINDS}
            value={q.propertyKind ?? 'all'}
            onChange={(propertyKind) => set({ propertyKind })}
          />
        </InlineField>
      )}
    </Stack>
  );
}
