import path from 'node:path';
import { LogFormat, logFormatFrom } from './logger';
import { parseS3Url, S3Location } from './resources/s3-location';

/** Everything the service needs to start; built from CLI options with DOPPEL_* env fallbacks. */
export interface ServiceConfig {
  port: number;
  host: string;
  dataDir: string;
  provisionDir?: string;
  /** where the resource library (scene documents, models) lives; a shared volume for replicas (DOPPEL_RESOURCES_DIR, default <dataDir>/resources) */
  resourcesDir: string;
  /** the resource library in an S3-compatible bucket instead (DOPPEL_RESOURCES_S3_URL, see `parseS3Url`) */
  resourcesS3?: S3Location;
  store: 'sqlite' | 'postgres';
  pgUrl?: string;
  /** put values on TimescaleDB when the server has the extension (DOPPEL_PG_TIMESCALEDB auto | off, default auto) */
  pgTimescaleDb: boolean;
  region: string;
  accountId: string;
  /** largest request body accepted on TwinMaker routes, bytes */
  bodyLimit: number;
  logLevel: string;
  /** DOPPEL_LOG_FORMAT json | pretty; by default pretty on a terminal, JSON otherwise */
  logFormat: LogFormat;
  /** create the demo-factory workspace on first start and keep its sensors writing */
  demo: boolean;
  /** how often the demo sensors write, ms */
  demoIntervalMs: number;
  /** largest resource file accepted (DOPPEL_RESOURCE_MAX_BYTES, default 512 MiB) */
  resourceMaxBytes: number;
  /** largest scene document checked on upload (DOPPEL_SCENE_MAX_BYTES, default 16 MiB) */
  sceneMaxBytes: number;
  /** largest glTF/GLB run through the glTF validator (DOPPEL_GLTF_VALIDATE_MAX_BYTES, default 64 MiB) */
  gltfValidateMaxBytes: number;
  /** how often live streams of connector-backed properties poll their connector (DOPPEL_CONNECTOR_POLL_MS, default 5 s) */
  connectorPollMs: number;
  /** an MQTT broker to ingest values from (DOPPEL_MQTT_URL) */
  mqttUrl?: string;
  /** its topic mapping file (DOPPEL_MQTT_MAPPING, default mqtt-mapping.yaml in the data dir) */
  mqttMapping?: string;
  /** its persistent session's client id (DOPPEL_MQTT_CLIENT_ID, default derived from the data dir) */
  mqttClientId?: string;
}

export function configFrom(options: Partial<ServiceConfig>, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const port = Number(options.port ?? env.DOPPEL_PORT ?? 8600);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535, got ${String(options.port ?? env.DOPPEL_PORT)}`);
  }
  const store = (options.store ?? env.DOPPEL_STORE ?? 'sqlite') as ServiceConfig['store'];
  if (store !== 'sqlite' && store !== 'postgres') {
    throw new Error(`--store must be sqlite or postgres, got ${String(store)}`);
  }
  const dataDir = path.resolve(options.dataDir ?? env.DOPPEL_DATA_DIR ?? './data');
  const resourcesS3 =
    options.resourcesS3 ?? (env.DOPPEL_RESOURCES_S3_URL ? parseS3Url(env.DOPPEL_RESOURCES_S3_URL) : undefined);
  const resourcesDir = options.resourcesDir ?? env.DOPPEL_RESOURCES_DIR;
  if (resourcesS3 && resourcesDir) {
    throw new Error(
      `the resource library is either a directory (--resources-dir / DOPPEL_RESOURCES_DIR, given ${resourcesDir}) or a bucket (--resources-s3-url / DOPPEL_RESOURCES_S3_URL, given ${resourcesS3.display}): give one`,
    );
  }
  return {
    port,
    host: options.host ?? env.DOPPEL_HOST ?? '127.0.0.1',
    dataDir,
    resourcesDir: path.resolve(resourcesDir ?? path.join(dataDir, 'resources')),
    ...(resourcesS3 && { resourcesS3 }),
    provisionDir: options.provisionDir ?? env.DOPPEL_PROVISION_DIR,
    store,
    pgUrl: options.pgUrl ?? env.DOPPEL_PG_URL,
    pgTimescaleDb: options.pgTimescaleDb ?? timescaleDbFrom(env.DOPPEL_PG_TIMESCALEDB),
    region: options.region ?? env.DOPPEL_REGION ?? 'us-east-1',
    accountId: options.accountId ?? env.DOPPEL_ACCOUNT_ID ?? '000000000000',
    bodyLimit: Number(options.bodyLimit ?? env.DOPPEL_BODY_LIMIT ?? 6 * 1024 * 1024),
    logLevel: options.logLevel ?? env.DOPPEL_LOG_LEVEL ?? 'info',
    logFormat: options.logFormat ?? logFormatFrom(env.DOPPEL_LOG_FORMAT, Boolean(process.stdout.isTTY)),
    demo: options.demo ?? ['1', 'true'].includes(env.DOPPEL_DEMO ?? ''),
    demoIntervalMs: positiveInteger(
      'DOPPEL_DEMO_INTERVAL_MS',
      options.demoIntervalMs ?? env.DOPPEL_DEMO_INTERVAL_MS,
      5_000,
    ),
    resourceMaxBytes: positiveInteger(
      'DOPPEL_RESOURCE_MAX_BYTES',
      options.resourceMaxBytes ?? env.DOPPEL_RESOURCE_MAX_BYTES,
      512 * 1024 * 1024,
    ),
    sceneMaxBytes: positiveInteger(
      'DOPPEL_SCENE_MAX_BYTES',
      options.sceneMaxBytes ?? env.DOPPEL_SCENE_MAX_BYTES,
      16 * 1024 * 1024,
    ),
    gltfValidateMaxBytes: positiveInteger(
      'DOPPEL_GLTF_VALIDATE_MAX_BYTES',
      options.gltfValidateMaxBytes ?? env.DOPPEL_GLTF_VALIDATE_MAX_BYTES,
      64 * 1024 * 1024,
    ),
    connectorPollMs: positiveInteger(
      'DOPPEL_CONNECTOR_POLL_MS',
      options.connectorPollMs ?? env.DOPPEL_CONNECTOR_POLL_MS,
      5_000,
    ),
    mqttUrl: options.mqttUrl ?? (env.DOPPEL_MQTT_URL || undefined),
    mqttMapping: options.mqttMapping ?? (env.DOPPEL_MQTT_MAPPING || undefined),
    mqttClientId: options.mqttClientId ?? (env.DOPPEL_MQTT_CLIENT_ID || undefined),
  };
}

function timescaleDbFrom(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'auto') return true;
  if (value === 'off') return false;
  throw new Error(`DOPPEL_PG_TIMESCALEDB must be auto or off, not ${JSON.stringify(value)}`);
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got ${String(value)}`);
  return n;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * A duration option as people write it: `500ms`, `5s`, `1.5m`, or a plain number of
 * milliseconds; at least 100 ms (a shorter poll only loads the connector), at most an hour.
 */
export function durationMs(option: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  const ms = match ? Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']!) : NaN;
  if (!Number.isFinite(ms) || ms < 100 || ms > 3_600_000) {
    throw new Error(
      `${option} must be a duration from 100ms to 60m such as 500ms, 5s or 1m, got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}
