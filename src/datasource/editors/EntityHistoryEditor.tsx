import { InlineField, InlineSwitch } from '@grafana/ui';

import { ComponentPicker, EntityPicker, LABEL_WIDTH, PropertyPicker } from '../components/pickers';
import type { QueryType } from '../types';
import { FilterRows } from './FilterRows';
import { OrderField } from './OrderField';
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
      <InlineField
        label="Stream"
        labelWidth={LABEL_WIDTH}
        tooltip="Keep the panel live: values arrive from the service's stream as they are stored, no polling"
      >
        <InlineSwitch
          aria-label="Stream"
          value={Boolean(query.stream)}
          onChange={(e) => onChange({ ...query, stream: e.currentTarget.checked })}
        />
      </InlineField>
    </>
  );
}
