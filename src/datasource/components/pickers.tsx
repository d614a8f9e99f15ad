import type { SelectableValue } from '@grafana/data';
import { InlineField, MultiSelect, Select } from '@grafana/ui';

import type { DoppelDataSource } from '../datasource';
import { useOptions, variableOptions, withCurrent } from './useOptions';

const LABEL_WIDTH = 20;
const FIELD_WIDTH = 40;

interface PickerProps {
  datasource: DoppelDataSource;
  value?: string;
  onChange: (value: string | undefined) => void;
}

/** Entity picker: every entity of the workspace (name + id), variables, or a typed id. */
export function EntityPicker({ datasource, value, onChange, label = 'Entity' }: PickerProps & { label?: string }) {
  const { options, loading, error } = useOptions(async () => {
    return (await datasource.metadata.entityList(datasource.workspaceId)).map((e) => ({
      label: e.entityName,
      value: e.entityId,
      description: e.entityId,
    }));
  }, [datasource]);
  return (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      invalid={Boolean(error)}
      error={error}
      tooltip="The entity whose values to read"
    >
      <Select
        inputId="doppel-entity"
        aria-label={label}
        width={FIELD_WIDTH}
        isLoading={loading}
        allowCustomValue
        isClearable
        placeholder="Pick an entity"
        value={value ?? null}
        options={withCurrent([...variableOptions(), ...options], value)}
        onChange={(o: SelectableValue<string> | null) => onChange(o?.value)}
      />
    </InlineField>
  );
}

/** Component picker: the components of the chosen entity. */
export function ComponentPicker({ datasource, value, onChange, entityId }: PickerProps & { entityId?: string }) {
  const resolved = datasource.replace(entityId);
  const { options, loading, error } = useOptions(async () => {
    if (!resolved) return [];
    const entity = await datasource.metadata.entity(datasource.workspaceId, resolved);
    return Object.entries(entity.components ?? {}).map(([name, c]) => ({
      label: name,
      value: name,
      description: c.componentTypeId,
    }));
  }, [datasource, resolved]);
  return (
    <InlineField label="Component" labelWidth={LABEL_WIDTH} invalid={Boolean(error)} error={error}>
      <Select
        inputId="doppel-component"
        aria-label="Component"
        width={FIELD_WIDTH}
        isLoading={loading && Boolean(resolved)}
        allowCustomValue
        isClearable
        placeholder={resolved ? 'Pick a component' : 'Pick an entity first'}
        value={value ?? null}
        options={withCurrent([...variableOptions(), ...options], value)}
        onChange={(o: SelectableValue<string> | null) => onChange(o?.value)}
      />
    </InlineField>
  );
}

/** Component type picker: every component type of the workspace. */
export function ComponentTypePicker({
  datasource,
  value,
  onChange,
  label = 'Component type',
}: PickerProps & { label?: string }) {
  const { options, loading, error } = useOptions(async () => {
    return (await datasource.metadata.componentTypeList(datasource.workspaceId)).map((t) => ({
      label: t.componentTypeId,
      value: t.componentTypeId,
      description: t.componentTypeName || t.description,
    }));
  }, [datasource]);
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} invalid={Boolean(error)} error={error}>
      <Select
        inputId="doppel-component-type"
        aria-label={label}
        width={FIELD_WIDTH}
        isLoading={loading}
        allowCustomValue
        isClearable
        placeholder="Pick a component type"
        value={value ?? null}
        options={withCurrent([...variableOptions(), ...options], value)}
        onChange={(o: SelectableValue<string> | null) => onChange(o?.value)}
      />
    </InlineField>
  );
}

export interface PropertySource {
  entityId?: string;
  componentName?: string;
  componentTypeId?: string;
}

/**
 * Property picker (several): the properties of the chosen entity component or component
 * type, optionally only time-series ones, each labelled with its data type.
 */
export function PropertyPicker({
  datasource,
  source,
  values,
  onChange,
  timeSeries,
}: {
  datasource: DoppelDataSource;
  source: PropertySource;
  values?: string[];
  onChange: (values: string[]) => void;
  /** true: only time-series properties; false: only static ones; undefined: all */
  timeSeries?: boolean;
}) {
  const entityId = datasource.replace(source.entityId);
  const componentName = datasource.replace(source.componentName);
  const componentTypeId = datasource.replace(source.componentTypeId);
  const { options, loading, error } = useOptions(async () => {
    const definitions = await datasource.metadata.definitions(datasource.workspaceId, {
      entityId,
      componentName,
      componentTypeId,
    });
    return Object.entries(definitions ?? {})
      .filter(([, d]) => timeSeries === undefined || Boolean(d.isTimeSeries) === timeSeries)
      .map(([name, d]) => ({
        label: name,
        value: name,
        description: `${d.dataType?.type ?? '?'}${d.dataType?.unitOfMeasure ? ` (${d.dataType.unitOfMeasure})` : ''}`,
      }));
  }, [datasource, entityId, componentName, componentTypeId, timeSeries]);
  const current = values ?? [];
  const all = [...variableOptions(), ...options];
  for (const v of current) if (!all.some((o) => o.value === v)) all.unshift({ label: v, value: v });
  return (
    <InlineField
      label="Properties"
      labelWidth={LABEL_WIDTH}
      invalid={Boolean(error)}
      error={error}
      tooltip={timeSeries ? 'Time-series properties (up to 10)' : 'Properties to read (up to 10 a request)'}
    >
      <MultiSelect
        inputId="doppel-properties"
        aria-label="Properties"
        width={FIELD_WIDTH}
        isLoading={loading && Boolean(componentTypeId || (entityId && componentName))}
        allowCustomValue
        placeholder="Pick properties"
        value={current}
        options={all}
        onChange={(selected: Array<SelectableValue<string>>) =>
          onChange(selected.map((o) => o.value).filter((v): v is string => Boolean(v)))
        }
      />
    </InlineField>
  );
}

export { FIELD_WIDTH, LABEL_WIDTH };
