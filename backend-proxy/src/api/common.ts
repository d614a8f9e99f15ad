// Wire schemas (TypeBox) of the scalar types and shared shapes every other schema here builds on:
// the request and response shapes on the wire, which validate requests, type the route handlers
// and feed /openapi.json.
import { Static, TSchema, Type } from '@sinclair/typebox';

/**
 * TwinMaker's named scalar types with the model's exact constraints (patterns are anchored
 * here because the model's are implicitly anchored). Every route schema builds on these.
 */
const anchored = (pattern: string) => `^(?:${pattern})$`;

export const Id = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: anchored('[a-zA-Z_0-9][a-zA-Z_\\-0-9]*[a-zA-Z0-9]+'),
});
export const IdOrArn = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: anchored(
    '[a-zA-Z_0-9][a-zA-Z_\\-0-9]*[a-zA-Z0-9]+|arn:((aws)|(aws-cn)|(aws-us-gov)):iottwinmaker:[a-z0-9-]+:[0-9]{12}:[\\/a-zA-Z0-9_-]+',
  ),
});
export const EntityId = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: anchored(
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-zA-Z0-9][a-zA-Z_\\-0-9.:]*[a-zA-Z0-9]+',
  ),
});
export const ParentEntityId = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: anchored(
    '\\$ROOT|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-zA-Z0-9][a-zA-Z_\\-0-9.:]*[a-zA-Z0-9]+',
  ),
});
export const EntityName = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: anchored('[^\\u0000-\\u001F\\u007F]+'),
});
export const ComponentTypeId = Type.String({ minLength: 1, maxLength: 256, pattern: anchored('[a-zA-Z_\\.\\-0-9:]+') });
export const ComponentTypeName = Type.String({
  minLength: 0,
  maxLength: 256,
  pattern: anchored('[^\\u0000-\\u001F\\u007F]*'),
});
export const ComponentPath = Type.String({ minLength: 1, maxLength: 2048, pattern: anchored('[a-zA-Z_\\-0-9/]+') });
export const Name = Type.String({ minLength: 1, maxLength: 256, pattern: anchored('[a-zA-Z_\\-0-9]+') });
export const Description = Type.String({ minLength: 0, maxLength: 2048 });
export const TwinMakerString = Type.String({ minLength: 1, maxLength: 256 });
export const NextToken = Type.String({ minLength: 0, maxLength: 17880 });
export const MaxResults = Type.Integer({ minimum: 0, maximum: 250 });
export const RoleArn = Type.String({
  minLength: 20,
  maxLength: 2048,
  pattern: '^arn:((aws)|(aws-cn)|(aws-us-gov)):iam::[0-9]{12}:role/.*$',
});
export const S3Location = Type.String({
  minLength: 0,
  maxLength: 1024,
  pattern: '^arn:((aws)|(aws-cn)|(aws-us-gov)):s3:::[a-zA-Z0-9_-]+$',
});
export const S3Url = Type.String({ minLength: 0, maxLength: 256, pattern: anchored('[sS]3://[A-Za-z0-9._/-]+') });
export const TwinMakerArn = Type.String({
  minLength: 20,
  maxLength: 2048,
  pattern: anchored('arn:((aws)|(aws-cn)|(aws-us-gov)):iottwinmaker:[a-z0-9-]+:[0-9]{12}:[\\/a-zA-Z0-9_\\-\\.:]+'),
});
export const TagKey = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: anchored('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*'),
});
export const TagValue = Type.String({ minLength: 0, maxLength: 256 });
export const Tags = Type.Record(Type.String(), TagValue, { maxProperties: 50, propertyNames: TagKey });
export const Time = Type.String({ minLength: 20, maxLength: 35 });
/** restJson1 timestamps: epoch seconds, fractions allowed */
export const Timestamp = Type.Number();
export const State = Type.Union([
  Type.Literal('CREATING'),
  Type.Literal('UPDATING'),
  Type.Literal('DELETING'),
  Type.Literal('ACTIVE'),
  Type.Literal('ERROR'),
]);
export const Expression = Type.String({
  minLength: 1,
  maxLength: 316,
  pattern: '^\\$\\{Parameters\\.[a-zA-Z]+[a-zA-Z_0-9]*\\}$',
});

export const RelationshipValue = Type.Object({
  targetEntityId: Type.Optional(EntityId),
  targetComponentName: Type.Optional(Name),
});

/**
 * DataValue: exactly one member set; lists and maps nest DataValues. Recursive schemas are
 * registered once on the app (`sharedSchemas`) and referenced by `$ref` from routes: ajv
 * refuses the same `$id` inlined twice.
 */
const DataValueSchema = Type.Recursive(
  (Self) =>
    Type.Object({
      booleanValue: Type.Optional(Type.Boolean()),
      doubleValue: Type.Optional(Type.Number()),
      integerValue: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
      longValue: Type.Optional(Type.Integer()),
      stringValue: Type.Optional(Type.String({ minLength: 0, maxLength: 2048 })),
      listValue: Type.Optional(Type.Array(Self, { maxItems: 50 })),
      mapValue: Type.Optional(Type.Record(Type.String(), Self, { maxProperties: 50 })),
      relationshipValue: Type.Optional(RelationshipValue),
      expression: Type.Optional(Expression),
    }),
  { $id: 'DataValue' },
);
export const DataValue = Type.Ref(DataValueSchema);
export type DataValue = Static<typeof DataValueSchema>;

export const TypeName = Type.Union(
  ['RELATIONSHIP', 'STRING', 'LONG', 'BOOLEAN', 'INTEGER', 'DOUBLE', 'LIST', 'MAP'].map((t) => Type.Literal(t)),
);

const DataTypeSchema = Type.Recursive(
  (Self) =>
    Type.Object({
      type: TypeName,
      nestedType: Type.Optional(Self),
      allowedValues: Type.Optional(Type.Array(DataValue, { maxItems: 50 })),
      unitOfMeasure: Type.Optional(TwinMakerString),
      relationship: Type.Optional(
        Type.Object({
          targetComponentTypeId: Type.Optional(ComponentTypeId),
          relationshipType: Type.Optional(TwinMakerString),
        }),
      ),
    }),
  { $id: 'DataType' },
);
export const DataType = Type.Ref(DataTypeSchema);
export type DataType = Static<typeof DataTypeSchema>;

/** Schemas with an `$id`, added to the app once before any route refers to them. */
export const sharedSchemas = [DataValueSchema, DataTypeSchema];

export const WorkspaceParams = Type.Object({ workspaceId: Id });

/** Shared shapes used in list requests: `{maxResults, nextToken}`. */
export const Paging = { maxResults: Type.Optional(MaxResults), nextToken: Type.Optional(NextToken) };

export const ErrorBody = Type.Object({ message: Type.String() });

/** Marks a schema as a response for OpenAPI. */
export function ok<T extends TSchema>(schema: T) {
  return { 200: schema };
}
