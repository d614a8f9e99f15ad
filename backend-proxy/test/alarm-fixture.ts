import { Credentials, TestService } from './harness';

/**
 * A small site for the alarm tests: `Line` with ovens `Oven1` and `Oven2` (component `Heat`,
 * time-series `temperature`), each watched by a threshold alarm `OverTemp` (> 200 °C,
 * hysteresis 5); Oven2's has severity 2, a delay of 60 s and no message.
 */
export async function seedAlarmSite(svc: TestService, ws: string): Promise<void> {
  const ok = (r: { status: number; body: unknown }) => {
    if (r.status !== 200) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
  };
  ok(await svc.call('POST', `/workspaces/${ws}`, {}));
  ok(
    await svc.call('POST', `/workspaces/${ws}/component-types/plant.oven`, {
      propertyDefinitions: {
        temperature: { dataType: { type: 'DOUBLE', unitOfMeasure: 'Celsius' }, isTimeSeries: true },
        door: { dataType: { type: 'STRING' }, isTimeSeries: true },
      },
    }),
  );
  ok(await svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'Line', entityName: 'Line 1' }));
  for (const [entityId, severity, delaySeconds, message] of [
    ['Oven1', 4, 0, 'Oven too hot'],
    ['Oven2', 2, 60, undefined],
  ] as const) {
    ok(
      await svc.call('POST', `/workspaces/${ws}/entities`, {
        entityId,
        entityName: `Oven ${entityId.slice(-1)}`,
        parentEntityId: 'Line',
        components: {
          Heat: { componentTypeId: 'plant.oven' },
          OverTemp: {
            componentTypeId: 'doppel.alarm.threshold',
            properties: thresholdProperties({ severity, delaySeconds, message }),
          },
        },
      }),
    );
  }
}

/** The properties of a threshold alarm on Heat.temperature > 200. */
export function thresholdProperties(o: {
  severity: number;
  delaySeconds: number;
  message?: string;
  threshold?: number;
}) {
  return {
    sourceComponent: { value: { stringValue: 'Heat' } },
    sourceProperty: { value: { stringValue: 'temperature' } },
    operator: { value: { stringValue: '>' } },
    threshold: { value: { doubleValue: o.threshold ?? 200 } },
    hysteresis: { value: { doubleValue: 5 } },
    delaySeconds: { value: { integerValue: o.delaySeconds } },
    severity: { value: { integerValue: o.severity } },
    ...(o.message && { alarm_message: { value: { stringValue: o.message } } }),
  };
}

/** Writes temperatures of an oven through BatchPutPropertyValues; fails the test on errorEntries. */
export async function putTemperatures(
  svc: TestService,
  ws: string,
  entityId: string,
  values: [string, number][],
  credentials?: Credentials,
): Promise<void> {
  const res = await svc.call(
    'POST',
    `/workspaces/${ws}/entity-properties`,
    {
      entries: [
        {
          entityPropertyReference: { entityId, componentName: 'Heat', propertyName: 'temperature' },
          propertyValues: values.map(([time, doubleValue]) => ({ time, value: { doubleValue } })),
        },
      ],
    },
    credentials ? { credentials } : {},
  );
  if (res.status !== 200 || res.body.errorEntries.length > 0)
    throw new Error(`BatchPut failed: ${res.status} ${JSON.stringify(res.body)}`);
}
