// Wire schemas (TypeBox) of Doppel's connector registry under /doppel/connectors: the entries
// that say where a component type's Lambda ARN (or the native Prometheus type, or an MQTT
// broker) is reached. The same shape is what connectors.yaml holds under `connectors:`.
import { Static, Type } from '@sinclair/typebox';

export const ConnectorName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });

export const ConnectorKind = Type.Union([Type.Literal('lambda'), Type.Literal('prometheus'), Type.Literal('mqtt')]);

export const ConnectorEntry = Type.Object(
  {
    /** lambda (default): a TwinMaker Lambda connector re-hosted behind HTTP; prometheus; mqtt (ingestion) */
    type: Type.Optional(ConnectorKind),
    /** lambda: the function ARN component types name in implementedBy.lambda.arn */
    arn: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    /** lambda: an ARN pattern, `*` matching any run of characters (e.g. arn:aws:lambda:*:*:function:udq-*) */
    arnPattern: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    /** lambda: the URL the event is POSTed to; prometheus: the server's base URL; mqtt: the broker URL */
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    /** how long one invocation may take (default 10,000 ms) */
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 300_000 })),
    /** request headers; `${NAME}` in a value is replaced by the environment variable NAME when sent */
    headers: Type.Optional(Type.Record(Type.String({ pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" }), Type.String())),
    /** how often a live stream of this connector's properties polls it (default 5,000 ms) */
    pollIntervalMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000 })),
    /** mqtt: the topic mapping file (relative to the registry file's folder) */
    mapping: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    /** mqtt: the persistent session's client id (default doppel-<name>) */
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    description: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type ConnectorEntry = Static<typeof ConnectorEntry>;

export const ConnectorResponse = Type.Composite([
  Type.Object({
    name: Type.String(),
    /** where it is defined: the data dir's connectors.yaml (changeable here) or the provisioning folder's */
    source: Type.Union([Type.Literal('data'), Type.Literal('provisioning')]),
  }),
  ConnectorEntry,
]);
export type ConnectorResponse = Static<typeof ConnectorResponse>;

export const ListConnectorsResponse = Type.Object({ connectors: Type.Array(ConnectorResponse) });
export const ConnectorParams = Type.Object({ name: ConnectorName });
