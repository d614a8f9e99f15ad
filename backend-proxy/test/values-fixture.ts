import { TestService } from './harness';

/**
 * A small plant for the value tests: component type `com.acme.sensor` with a time-series
 * property of every data type plus static ones, entities `pump-1`..`pump-n` with
 * component `sensor`, and a type whose values a Lambda connector would serve.
 */
export async function seedPlant(svc: TestService, ws: string, pumps = 3): Promise<void> {
  const ok = (r: { status: number; body: unknown }) => {
    if (r.status !== 200) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
  };
  ok(await svc.call('POST', `/workspaces/${ws}`, {}));
  ok(
    await svc.call('POST', `/workspaces/${ws}/component-types/com.acme.sensor`, {
      propertyDefinitions: {
        serial: { dataType: { type: 'STRING' }, isExternalId: true, isRequiredInEntity: true },
        location: { dataType: { type: 'STRING' }, defaultValue: { stringValue: 'hall A' } },
        temperature: { dataType: { type: 'DOUBLE', unitOfMeasure: 'Celsius' }, isTimeSeries: true },
        count: { dataType: { type: 'INTEGER' }, isTimeSeries: true },
        total: { dataType: { type: 'LONG' }, isTimeSeries: true },
        running: { dataType: { type: 'BOOLEAN' }, isTimeSeries: true },
        state: {
          dataType: { type: 'STRING', allowedValues: [{ stringValue: 'OK' }, { stringValue: 'ALARM' }] },
          isTimeSeries: true,
        },
        samples: { dataType: { type: 'LIST', nestedType: { type: 'DOUBLE' } }, isTimeSeries: true },
        labels: { dataType: { type: 'MAP', nestedType: { type: 'STRING' } }, isTimeSeries: true },
      },
    }),
  );
  ok(
    await svc.call('POST', `/workspaces/${ws}/component-types/com.acme.remote`, {
      propertyDefinitions: { level: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
      functions: {
        dataReader: { implementedBy: { lambda: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:reader' } } },
      },
    }),
  );
  for (let i = 1; i <= pumps; i++) {
    ok(
      await svc.call('POST', `/workspaces/${ws}/entities`, {
        entityId: `pump-${i}`,
        entityName: `Pump ${i}`,
        components: {
          sensor: { componentTypeId: 'com.acme.sensor', properties: { serial: { value: { stringValue: `SN-${i}` } } } },
          ...(i === 1 && { remote: { componentTypeId: 'com.acme.remote' } }),
        },
      }),
    );
  }
}

/** A BatchPut entry for pump `entityId`'s sensor. */
export function entry(entityId: string, propertyName: string, values: { time?: string; value: unknown }[]) {
  return { entityPropertyReference: { entityId, componentName: 'sensor', propertyName }, propertyValues: values };
}
