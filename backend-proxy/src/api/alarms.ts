// Wire schemas (TypeBox) of Doppel's alarm routes under /doppel/workspaces/{id}/alarms and of
// /doppel/whoami: the request and response shapes on the wire, which validate requests, type the
// route handlers and feed /openapi.json.
import { Static, Type } from '@sinclair/typebox';
import { DataValue, EntityId, Id } from './common';

const AlarmStatus = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('SNOOZE_DISABLED'),
  Type.Literal('ACKNOWLEDGED'),
  Type.Literal('NORMAL'),
]);
const Time = Type.String({ description: 'ISO-8601, UTC, milliseconds' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ListAlarmsQuery = Type.Object({
  /** one status or several, repeated or comma-separated; every status when absent */
  status: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Array(Type.String({ maxLength: 256 }))])),
  /** that entity and all its descendants */
  entityId: Type.Optional(Type.String({ maxLength: 128 })),
  /** 1–1000 (default 100); a query string, so digits */
  maxResults: Type.Optional(Type.String({ maxLength: 16 })),
  nextToken: Type.Optional(Type.String({ maxLength: 4096 })),
});
export type ListAlarmsQuery = Static<typeof ListAlarmsQuery>;

export const SourceValue = Type.Object({
  componentName: Type.String(),
  propertyName: Type.String(),
  value: DataValue,
  time: Time,
});

export const ThresholdSettings = Type.Object({
  sourceComponent: Type.String(),
  sourceProperty: Type.String(),
  operator: Type.String(),
  threshold: Type.Number(),
  hysteresis: Type.Number(),
  delaySeconds: Type.Number(),
});

export const AlarmRecord = Type.Object({
  entityId: Type.String(),
  entityName: Type.String(),
  componentName: Type.String(),
  componentTypeId: Type.String(),
  /** the component name (TwinMaker's convention) */
  alarmName: Type.String(),
  /** the alarm_key property (default entityId/componentName) */
  alarmKey: Type.String(),
  status: AlarmStatus,
  severity: Nullable(Type.Integer()),
  /** time of the last transition */
  since: Nullable(Time),
  message: Nullable(Type.String()),
  /** a threshold alarm's settings; null for alarms whose status is written */
  threshold: Nullable(ThresholdSettings),
  /** the value behind the last raise or clear */
  sourceValue: Nullable(SourceValue),
  snoozedUntil: Nullable(Time),
});
export type AlarmRecord = Static<typeof AlarmRecord>;

export const ListAlarmsResponse = Type.Object({
  alarms: Type.Array(AlarmRecord),
  nextToken: Type.Optional(Type.String()),
});

export const AlarmParams = Type.Object({ workspaceId: Id, entityId: EntityId, componentName: Type.String() });
export const AlarmActionParams = Type.Object({
  workspaceId: Id,
  entityId: EntityId,
  /** the segment `<componentName>:acknowledge`, `:snooze` or `:reset` (one path parameter: the router shares it with …/{componentName}/events) */
  componentName: Type.String({ maxLength: 300 }),
});

export const AlarmActionBody = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 2048 })),
  /** :snooze only: 1–604800 */
  durationSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 604_800 })),
});
export type AlarmActionBody = Static<typeof AlarmActionBody>;

export const AlarmEventsQuery = Type.Object({
  maxResults: Type.Optional(Type.String({ maxLength: 16 })),
  nextToken: Type.Optional(Type.String({ maxLength: 4096 })),
});

export const AlarmEvent = Type.Object({
  time: Time,
  status: AlarmStatus,
  previousStatus: AlarmStatus,
  action: Type.Union([
    Type.Literal('RAISE'),
    Type.Literal('CLEAR'),
    Type.Literal('ACKNOWLEDGE'),
    Type.Literal('SNOOZE'),
    Type.Literal('SNOOZE_END'),
    Type.Literal('RESET'),
  ]),
  accessKeyId: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  sourceValue: Type.Optional(SourceValue),
});
export type AlarmEvent = Static<typeof AlarmEvent>;

export const AlarmEventsResponse = Type.Object({
  events: Type.Array(AlarmEvent),
  nextToken: Type.Optional(Type.String()),
});

export const WhoAmIResponse = Type.Object({
  accessKeyId: Type.String(),
  isAdmin: Type.Boolean(),
  workspaces: Type.Array(
    Type.Object({ workspaceId: Type.String(), role: Type.Union([Type.Literal('read'), Type.Literal('write')]) }),
  ),
});
