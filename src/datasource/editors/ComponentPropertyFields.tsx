import type { DoppelDataSource } from '../datasource';
import { ComponentPicker, EntityPicker, PropertyPicker } from '../components/pickers';

interface Props {
  datasource: DoppelDataSource;
  entityId?: string;
  componentName?: string;
  properties?: string[];
  /** offer time-series properties only (history queries) */
  timeSeries?: boolean;
  onChange: (patch: { entityId?: string; componentName?: string; properties: string[] }) => void;
}

/**
 * Entity, component and property pickers of a query on one entity component. Picking an
 * entity clears the component and properties, picking a component clears the properties:
 * what was picked before may not exist on the new choice.
 */
export function ComponentPropertyFields({
  datasource,
  entityId,
  componentName,
  properties,
  timeSeries,
  onChange,
}: Props) {
  return (
    <>
      <EntityPicker
        datasource={datasource}
        value={entityId}
        onChange={(next) => onChange({ entityId: next, componentName: undefined, properties: [] })}
      />
      <ComponentPicker
        datasource={datasource}
        entityId={entityId}
        value={componentName}
        onChange={(next) => onChange({ componentName: next, properties: [] })}
      />
      <PropertyPicker
        datasource={datasource}
        source={{ entityId, componentName }}
        timeSeries={timeSeries}
        values={properties}
        onChange={(next) => onChange({ properties: next })}
      />
    </>
  );
}
