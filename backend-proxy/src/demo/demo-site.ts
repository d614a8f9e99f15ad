import { ComponentTypeRequest } from '../api/component-types';
import { CreateEntityBody } from '../api/entities';
import { Store } from '../store/store';
import { sensorsOf, SITE_LINES } from './signals';

export const DEMO_WORKSPACE = 'demo-factory';
/** The threshold alarm on line 1's oven temperature, which its overheating raises. */
export const DEMO_OVEN_ALARM = { entityId: 'Oven_1', componentName: 'OverheatAlarm' };
const NS = 'com.doppel.demo';

const series = (type: 'DOUBLE' | 'INTEGER' | 'BOOLEAN' | 'STRING', unitOfMeasure?: string) => ({
  dataType: { type, ...(unitOfMeasure && { unitOfMeasure }) },
  isTimeSeries: true,
  isStoredExternally: false,
});

/** Component types of the demo, parents before children (`extendsFrom` must resolve). */
const COMPONENT_TYPES: [string, ComponentTypeRequest][] = [
  [
    `${NS}.equipment`,
    {
      description: 'A machine of the line: serial number, state, and the machines it feeds',
      propertyDefinitions: {
        serialNumber: { dataType: { type: 'STRING' } },
        status: {
          ...series('STRING'),
          dataType: {
            type: 'STRING',
            allowedValues: ['RUNNING', 'IDLE', 'ALARM'].map((stringValue) => ({ stringValue })),
          },
        },
        feed: { dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } },
      },
    },
  ],
  [
    `${NS}.mixer`,
    {
      description: 'Dough mixer',
      extendsFrom: [`${NS}.equipment`],
      propertyDefinitions: {
        temperature: series('DOUBLE', 'Celsius'),
        rpm: series('INTEGER', 'rpm'),
        running: series('BOOLEAN'),
      },
    },
  ],
  [
    `${NS}.conveyor`,
    {
      description: 'Belt between machines',
      extendsFrom: [`${NS}.equipment`],
      propertyDefinitions: { speed: series('DOUBLE', 'm/s') },
    },
  ],
  [
    `${NS}.oven`,
    {
      description: 'Tunnel oven',
      extendsFrom: [`${NS}.equipment`],
      propertyDefinitions: { temperature: series('DOUBLE', 'Celsius'), power: series('DOUBLE', 'kW') },
    },
  ],
];

/** Line 1's oven runs at about 205 °C and overheats past 250 °C: above 240 °C for 10 s raises the alarm. */
function ovenAlarm(sourceComponent: string) {
  return {
    componentTypeId: 'doppel.alarm.threshold',
    properties: {
      sourceComponent: { value: { stringValue: sourceComponent } },
      sourceProperty: { value: { stringValue: 'temperature' } },
      operator: { value: { stringValue: '>' } },
      threshold: { value: { doubleValue: 240 } },
      hysteresis: { value: { doubleValue: 10 } },
      delaySeconds: { value: { integerValue: 10 } },
      severity: { value: { integerValue: 4 } },
      alarm_message: { value: { stringValue: 'Oven 1 is overheating' } },
    },
  };
}

/** Entities of the demo, parents and feed targets before the entities that name them. */
function demoEntities(): CreateEntityBody[] {
  const entities: CreateEntityBody[] = [
    { entityId: 'Factory', entityName: 'Cookie factory', description: 'The demo site' },
  ];
  for (const line of SITE_LINES) {
    entities.push({ entityId: line.entityId, entityName: line.name, parentEntityId: 'Factory' });
    // the oven first: the conveyor feeds it, and the mixer feeds the conveyor
    for (const machine of [...line.machines].reverse()) {
      const fed = line.machines[line.machines.indexOf(machine) + 1];
      entities.push({
        entityId: machine.entityId,
        entityName: machine.name,
        parentEntityId: line.entityId,
        components: {
          [machine.componentName]: {
            componentTypeId: `${NS}.${machine.kind}`,
            properties: {
              serialNumber: { value: { stringValue: machine.serialNumber } },
              ...(fed && {
                feed: { value: { listValue: [{ relationshipValue: { targetEntityId: fed.entityId } }] } },
              }),
            },
          },
          ...(machine.entityId === DEMO_OVEN_ALARM.entityId && {
            [DEMO_OVEN_ALARM.componentName]: ovenAlarm(machine.componentName),
          }),
        },
      });
    }
  }
  return entities;
}

/**
 * Creates the demo workspace, its model and the last hour of sensor values, unless the
 * workspace exists already (a restart, or an operator who changed it: theirs to keep).
 * Returns whether it created the site.
 */
export async function ensureDemoSite(store: Store, now: number, historyMs = 3_600_000, stepMs = 10_000) {
  if (await store.workspaces.get(DEMO_WORKSPACE)) return false;
  await store.workspaces.create(DEMO_WORKSPACE, {
    description: 'Doppel demo: two cookie lines whose sensors keep writing values',
  });
  for (const [id, request] of COMPONENT_TYPES) await store.componentTypes.create(DEMO_WORKSPACE, id, request);
  for (const entity of demoEntities()) await store.entities.create(DEMO_WORKSPACE, entity);
  const start = now - historyMs;
  for (let from = start; from <= now; from += 100 * stepMs) {
    const points = [];
    for (let t = from; t < Math.min(now + 1, from + 100 * stepMs); t += stepMs) points.push(...sensorsOf(t));
    const result = await store.values.bulkPut(DEMO_WORKSPACE, points);
    if (result.rejected > 0) throw new Error(`demo history: ${result.errors[0]?.errorMessage}`);
  }
  return true;
}
