// Wire schemas (TypeBox) of Doppel's values:latest and values:stream over a set of property
// references: the request and response shapes on the wire, which validate requests, type the route
// handlers and feed /openapi.json.
import { Static, Type } from '@sinclair/typebox';
import { EntityId, Name } from './common';

/** The most references one request may name: a large site's every binding, with room. */
export const MAX_PROPERTY_SET = 10_000;

export const PropertyRef = Type.Object(
  { entityId: EntityId, componentName: Name, propertyName: Name },
  { additionalProperties: false },
);
export type PropertyRef = Static<typeof PropertyRef>;

const properties = Type.Array(PropertyRef, {
  minItems: 1,
  maxItems: MAX_PROPERTY_SET,
  description: `1 to ${MAX_PROPERTY_SET} property references (e.g. every binding of a scene)`,
});

export const LatestValuesBody = Type.Object({
  properties,
  time: Type.Optional(
    Type.String({ description: 'ISO-8601; the values at or before this moment (time travel). Absent: the newest.' }),
  ),
});
export type LatestValuesBody = Static<typeof LatestValuesBody>;

const Point = Type.Object({
  entityId: Type.String(),
  componentName: Type.String(),
  propertyName: Type.String(),
  time: Type.String(),
  value: Type.Unknown(),
});

const ReferenceError = Type.Object({
  entityId: Type.String(),
  componentName: Type.String(),
  propertyName: Type.String(),
  errorCode: Type.String(),
  errorMessage: Type.String(),
});
export type ReferenceError = Static<typeof ReferenceError>;

export const LatestValuesResponse = Type.Object({
  values: Type.Array(Point, { description: 'one per reference that has a value at or before the time' }),
  errors: Type.Array(ReferenceError, { description: 'references that name no time-series property' }),
});
export type LatestValuesResponse = Static<typeof LatestValuesResponse>;

export const PropertySetStreamBody = Type.Object({
  properties,
  lastEventId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
});
export type PropertySetStreamBody = Static<typeof PropertySetStreamBody>;
