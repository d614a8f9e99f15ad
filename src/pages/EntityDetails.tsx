import { Alert, Card, InteractiveTable, LoadingPlaceholder, Stack, Text } from '@grafana/ui';

import type { DoppelClient } from '../common/client';
import type { ComponentResponse, DataValue } from '../common/twinmaker';
import { useAsync } from '../common/useAsync';
import { dataTypeLabel, toJsValue } from '../datasource/dataValues';

interface Props {
  client: DoppelClient;
  workspaceId: string;
  entityId: string;
}

const show = (v: DataValue | undefined) => {
  if (!v) return '—';
  const js = toJsValue(v);
  return js !== null && typeof js === 'object' ? JSON.stringify(js) : String(js);
};

/** An entity: its summary, and per component its properties with definitions and latest values. */
export function EntityDetails({ client, workspaceId, entityId }: Props) {
  const entity = useAsync(() => client.getEntity(workspaceId, entityId), [client, workspaceId, entityId]);
  if (entity.loading) return <LoadingPlaceholder text="Loading entity…" />;
  if (entity.error || !entity.value) return <Alert title="Could not load the entity">{entity.error}</Alert>;
  const e = entity.value;
  return (
    <Stack direction="column" gap={2}>
      <div>
        <Text element="h3">{e.entityName}</Text>
        <Text color="secondary">
          {e.entityId} · parent {e.parentEntityId} · {e.status?.state ?? ''}
        </Text>
        {e.description && <Text element="p">{e.description}</Text>}
      </div>
      {Object.entries(e.components ?? {}).map(([name, component]) => (
        <ComponentCard
          key={name}
          client={client}
          workspaceId={workspaceId}
          entityId={entityId}
          name={name}
          component={component}
        />
      ))}
      {!Object.keys(e.components ?? {}).length && <Text color="secondary">This entity has no components.</Text>}
    </Stack>
  );
}

function ComponentCard(props: Props & { name: string; component: ComponentResponse }) {
  const { client, workspaceId, entityId, name, component } = props;
  const properties = Object.entries(component.properties ?? {});
  const timeSeries = properties.filter(([, p]) => p.definition?.isTimeSeries).map(([n]) => n);
  // Latest values of time-series properties come from the value store, 10 a request.
  const latest = useAsync(async () => {
    const out: Record<string, DataValue | undefined> = {};
    for (let i = 0; i < timeSeries.length; i += 10) {
      try {
        const r = await client.getPropertyValue(workspaceId, {
          entityId,
          componentName: name,
          selectedProperties: timeSeries.slice(i, i + 10),
        });
        for (const [p, v] of Object.entries(r.propertyValues ?? {})) out[p] = v.propertyValue;
      } catch {
        // no latest value (e.g. nothing stored yet): the table shows a dash
      }
    }
    return out;
  }, [client, workspaceId, entityId, name, timeSeries.join(',')]);

  const rows = properties.map(([propertyName, p]) => ({
    id: propertyName,
    propertyName,
    dataType: dataTypeLabel(p.definition?.dataType),
    unit: p.definition?.dataType?.unitOfMeasure ?? '',
    kind: p.definition?.isTimeSeries ? 'time series' : 'static',
    value: p.definition?.isTimeSeries ? (latest.loading ? '…' : show(latest.value?.[propertyName])) : show(p.value),
  }));
  return (
    <Card>
      <Card.Heading>{name}</Card.Heading>
      <Card.Meta>
        {[component.componentTypeId ?? '', component.status?.state ?? '', component.description ?? ''].filter(Boolean)}
      </Card.Meta>
      <Card.Description>
        <InteractiveTable
          getRowId={(r) => r.id}
          data={rows}
          columns={[
            { id: 'propertyName', header: 'Property' },
            { id: 'dataType', header: 'Type' },
            { id: 'unit', header: 'Unit' },
            { id: 'kind', header: 'Kind' },
            { id: 'value', header: 'Latest value' },
          ]}
        />
      </Card.Description>
    </Card>
  );
}
