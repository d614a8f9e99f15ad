// Wire schemas (TypeBox) of the property-value operations (BatchPutPropertyValues,
// GetPropertyValue, GetPropertyValueHistory), bulk ingest and the value stream: the request and
// response shapes on the wire, which validate requests, type the route handlers and feed
// /openapi.json.
import { Static, Type } from '@sinclair/typebox';
import {
  ComponentPath,
  ComponentTypeId,
  DataValue,
  DataValue as DataValueType,
  EntityId,
  Name,
  NextToken,
  Timestamp,
} from './common';

/**
 * The data-plane wire shapes: BatchPutPropertyValues, GetPropertyValue and
 * GetPropertyValueHistory (TwinMaker's members and limits), plus our bulk and stream
 * extensions under /doppel. Structure is checked here; what depends on the knowledge graph
 * (property exists, is time series, value matches its type, time is well formed) is checked
 * by the value store, so BatchPut can report it per entry.
 */

const PropertyName = Type.String({ minLength: 1, maxLength: 256 });

export const EntityPropertyReference = Type.Object({
  componentName: Type.Optional(Name),
  componentPath: Type.Optional(ComponentPath),
  externalIdProperty: Type.Optional(
    Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.String({ minLength: 1, maxLength: 256 })),
  ),
  entityId: Type.Optional(EntityId),
  propertyName: Name,
});
export type EntityPropertyReference = Static<typeof EntityPropertyReference>;

/** `value` is checked against the property's type per entry (an entry error, not a 400). */
export const PropertyValue = Type.Object({
  timestamp: Type.Optional(Timestamp),
  value: Type.Unsafe<DataValueType>({ type: 'object', additionalProperties: true, description: 'DataValue' }),
  time: Type.Optional(Type.String()),
});
export type PropertyValue = Static<typeof PropertyValue>;

export const PropertyValueEntry = Type.Object({
  entityPropertyReference: EntityPropertyReference,
  propertyValues: Type.Array(PropertyValue, { minItems: 1, maxItems: 10 }),
});
export type PropertyValueEntry = Static<typeof PropertyValueEntry>;

export const BatchPutPropertyValuesBody = Type.Object({
  entries: Type.Array(PropertyValueEntry, { minItems: 1, maxItems: 10 }),
});
export type BatchPutPropertyValuesBody = Static<typeof BatchPutPropertyValuesBody>;

export const BatchPutPropertyError = Type.Object({
  errorCode: Type.String(),
  errorMessage: Type.String(),
  entry: PropertyValueEntry,
});
export type BatchPutPropertyError = Static<typeof BatchPutPropertyError>;
export const BatchPutPropertyErrorEntry = Type.Object({ errors: Type.Array(BatchPutPropertyError) });
export type BatchPutPropertyErrorEntry = Static<typeof BatchPutPropertyErrorEntry>;
export const BatchPutPropertyValuesResponse = Type.Object({ errorEntries: Type.Array(BatchPutPropertyErrorEntry) });

const SelectedProperties = Type.Array(PropertyName, { minItems: 1, maxItems: 10 });

export const PropertyFilter = Type.Object({
  propertyName: Type.Optional(PropertyName),
  operator: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  value: Type.Optional(DataValue),
});
export type PropertyFilter = Static<typeof PropertyFilter>;

const OrderByTime = Type.Union([Type.Literal('ASCENDING'), Type.Literal('DESCENDING')]);

export const GetPropertyValueBody = Type.Object({
  componentName: Type.Optional(Name),
  componentPath: Type.Optional(ComponentPath),
  componentTypeId: Type.Optional(ComponentTypeId),
  entityId: Type.Optional(EntityId),
  selectedProperties: SelectedProperties,
  maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 250 })),
  nextToken: Type.Optional(NextToken),
  propertyGroupName: Type.Optional(Name),
  tabularConditions: Type.Optional(Type.Unknown()),
});
export type GetPropertyValueBody = Static<typeof GetPropertyValueBody>;

export const PropertyLatestValue = Type.Object({
  propertyReference: EntityPropertyReference,
  propertyValue: Type.Optional(DataValue),
});
export type PropertyLatestValue = Static<typeof PropertyLatestValue>;
export const GetPropertyValueResponse = Type.Object({
  propertyValues: Type.Optional(Type.Record(Type.String(), PropertyLatestValue)),
  nextToken: Type.Optional(Type.String()),
  tabularPropertyValues: Type.Optional(Type.Array(Type.Unknown())),
});
export type GetPropertyValueResponse = Static<typeof GetPropertyValueResponse>;

/** TwinMaker's model stops at 200 (docs: 250); we accept up to 10,000 values per page. */
export const MAX_HISTORY_PAGE = 10_000;

export const GetPropertyValueHistoryBody = Type.Object({
  entityId: Type.Optional(EntityId),
  componentName: Type.Optional(Name),
  componentPath: Type.Optional(ComponentPath),
  componentTypeId: Type.Optional(ComponentTypeId),
  selectedProperties: SelectedProperties,
  propertyFilters: Type.Optional(Type.Array(PropertyFilter, { minItems: 1, maxItems: 10 })),
  startDateTime: Type.Optional(Timestamp),
  endDateTime: Type.Optional(Timestamp),
  interpolation: Type.Optional(
    Type.Object({
      interpolationType: Type.Optional(Type.String()),
      intervalInSeconds: Type.Optional(Type.Integer()),
    }),
  ),
  aggregation: Type.Optional(
    Type.Object(
      {
        function: Type.String({
          description: 'avg | min | max | sum | count | first | last | minmax | lttb (count, first, last for any type)',
        }),
        intervalInSeconds: Type.Optional(
          Type.Integer({ description: 'bucket width; buckets start at its multiples since the epoch' }),
        ),
        maxPoints: Type.Optional(
          Type.Integer({ description: 'at most this many values per series; the bucket width is chosen' }),
        ),
      },
      {
        description:
          'Doppel extension: one value per bucket at its start time (minmax: both extremes at their own times; lttb: the points Largest-Triangle-Three-Buckets keeps). Not with interpolation or propertyFilters.',
      },
    ),
  ),
  nextToken: Type.Optional(NextToken),
  maxResults: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_HISTORY_PAGE, description: 'TwinMaker allows 200; Doppel up to 10,000' }),
  ),
  orderByTime: Type.Optional(OrderByTime),
  startTime: Type.Optional(Type.String()),
  endTime: Type.Optional(Type.String()),
});
export type GetPropertyValueHistoryBody = Static<typeof GetPropertyValueHistoryBody>;

export const GetPropertyValueHistoryResponse = Type.Object({
  propertyValues: Type.Array(
    Type.Object({
      entityPropertyReference: EntityPropertyReference,
      values: Type.Optional(Type.Array(Type.Object({ time: Type.String(), value: DataValue }))),
    }),
  ),
  nextToken: Type.Optional(Type.String()),
});

/** One point of the bulk path: a flat row, as gateways and CSV importers have them. */
export interface BulkPoint {
  entityId?: unknown;
  componentName?: unknown;
  propertyName?: unknown;
  time?: unknown;
  timestamp?: unknown;
  value?: unknown;
}

export const BulkResponse = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), errorCode: Type.String(), errorMessage: Type.String() }), {
    description: 'the first 100 rejected points; index counts points (lines of NDJSON) from 0',
  }),
});
export type BulkResponse = Static<typeof BulkResponse>;

/** one component (entityId and componentName) or every component of a type (componentTypeId) */
export const StreamQuery = Type.Object({
  entityId: Type.Optional(EntityId),
  componentName: Type.Optional(Name),
  componentTypeId: Type.Optional(ComponentTypeId),
  selectedProperties: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  lastEventId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
});
export type StreamQuery = Static<typeof StreamQuery>;
