import { FastifyBaseLogger } from 'fastify';
import path from 'node:path';
import { buildApp } from './http/app';
import { createLogger } from './logger';
import { App } from './http/app-type';
import { adminCredentials, AdminCredentials } from './bootstrap-credentials';
import { ServiceConfig } from './config';
import { addDemoCamera, DEMO_CAMERA_ID } from './demo/demo-camera';
import { DEMO_SCENE_ID } from './demo/demo-scene';
import { uploadDemoScene } from './demo/demo-scene-upload';
import { DEMO_WORKSPACE, ensureDemoSite } from './demo/demo-site';
import { startDemoSimulator } from './demo/simulator';
import { ConnectorRegistry } from './connectors/connector-registry';
import { ConnectorValueStore } from './connectors/connector-values';
import { MqttIngest } from './connectors/mqtt/mqtt-ingest';
import { startMqttIngests } from './connectors/mqtt/start-ingests';
import { withConnectors } from './connectors/with-connectors';
import { ConnectorEntityStore } from './connectors/connector-entities';
import { FsResourceStore } from './resources/fs-resource-store';
import { ResourceLibrary } from './resources/library';
import { ResourceStore } from './resources/resource-store';
import { S3ResourceStore } from './resources/s3-resource-store';
import { httpTransport, loopbackEndpoint, TwinMakerApi } from './provisioning/api-client';
import { provisionFolder } from './provisioning/provision';
import { PostgresStore } from './store/postgres/postgres-store';
import { SqliteStore } from './store/sqlite/sqlite-store';
import { Store } from './store/store';

export interface RunningService {
  app: App;
  store: Store;
  /** models and scene documents (what the demo site uploads in-process) */
  resources: ResourceLibrary;
  /** the MQTT ingests it runs (--mqtt and the registry's mqtt connectors) */
  mqtt: MqttIngest[];
  url: string;
  admin: AdminCredentials;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const version: string = require('../package.json').version;

/** The store the configuration names: the embedded SQLite file, or PostgreSQL at DOPPEL_PG_URL. */
async function openStore(config: ServiceConfig): Promise<Store> {
  if (config.store === 'postgres') {
    if (!config.pgUrl) {
      throw new Error(
        '--store postgres needs the database URL: set DOPPEL_PG_URL (or --pg-url), e.g. postgres://user@host:5432/doppel',
      );
    }
    return PostgresStore.open(config.pgUrl, config, { timescaleDb: config.pgTimescaleDb });
  }
  return SqliteStore.open(config.dataDir, config);
}

/** The resource library's store: a bucket (DOPPEL_RESOURCES_S3_URL) or a directory. */
async function openResourceStore(config: ServiceConfig): Promise<ResourceStore> {
  if (config.resourcesS3) {
    // staged uploads stay local to this instance; a shared data dir is possible, so only stale ones go
    return S3ResourceStore.open(config.resourcesS3, path.join(config.dataDir, 'resource-uploads'), { shared: true });
  }
  return new FsResourceStore(config.resourcesDir, {
    shared: config.resourcesDir !== path.join(config.dataDir, 'resources'),
  });
}

/** Opens the store, makes sure the admin key exists, and listens. */
export async function startService(config: ServiceConfig, logger?: FastifyBaseLogger | false): Promise<RunningService> {
  // the library first: a bucket that cannot be reached stops the start before anything is opened
  const resourceStore = await openResourceStore(config);
  const connectors = new ConnectorRegistry(config.dataDir, config.provisionDir);
  const log = logger === false ? false : (logger ?? createLogger(config.logLevel, config.logFormat));
  const builtIn = await openStore(config).catch((e: unknown) => {
    resourceStore.close?.();
    throw e;
  });
  const store = withConnectors(builtIn, {
    values: new ConnectorValueStore(builtIn.values, builtIn, connectors, {
      log: log || undefined,
      pollIntervalMs: config.connectorPollMs,
    }),
    entities: new ConnectorEntityStore(builtIn.entities, builtIn, connectors, { log: log || undefined }),
  });
  const admin = await adminCredentials(
    config.dataDir,
    process.env,
    builtIn instanceof PostgresStore ? (created) => builtIn.bootstrapAdmin(created) : undefined,
  );
  await store.keys.ensureAdmin(admin.accessKeyId, admin.secretAccessKey);
  const resources = new ResourceLibrary(resourceStore, config.resourceMaxBytes, {
    sceneMaxBytes: config.sceneMaxBytes,
    gltfValidateMaxBytes: config.gltfValidateMaxBytes,
  });
  const app = await buildApp({ store, resources, connectors, config, logger: log, version });
  if (builtIn instanceof PostgresStore) {
    const layout = builtIn.db.valueLayout;
    app.log.info(
      layout.kind === 'hypertable'
        ? `values in a TimescaleDB ${layout.timescaledb} hypertable, ` +
            (layout.compressAfterDays === null
              ? 'uncompressed (this TimescaleDB has the Apache license only)'
              : `chunks compressed after ${layout.compressAfterDays} days`)
        : `values in PostgreSQL range partitions (${layout.why})`,
    );
  }
  // the demo site is in place before /healthz answers, so a client may use it at once
  if (config.demo && (await ensureDemoSite(store, Date.now()))) {
    await uploadDemoScene(store, resources);
    const recorded = await addDemoCamera(store, resources, Date.now());
    app.log.info(
      `demo workspace ${DEMO_WORKSPACE} created, with its scene ${DEMO_SCENE_ID} and camera ${DEMO_CAMERA_ID}` +
        (recorded ? '' : ' (no recording: ffmpeg is not installed)'),
    );
  }
  if (config.provisionDir) {
    // through the API itself (in-process), so the files get exactly the checks a client's calls
    // get; a problem stops the start before the service answers anyone
    await app.ready();
    const loopback = await loopbackEndpoint(app.routing);
    const api = new TwinMakerApi(httpTransport(loopback.url), admin);
    try {
      await provisionFolder(api, config.provisionDir, { log: (line) => app.log.info(`provision: ${line}`) });
      await loopback.close();
    } catch (e) {
      await loopback.close();
      await app.close();
      await store.close();
      resourceStore.close?.();
      throw new Error(`--provision ${config.provisionDir}: ${(e as Error).message}`, { cause: e });
    }
  }
  let ingests: MqttIngest[];
  try {
    ingests = startMqttIngests(config, connectors, store.values, app.metrics.registry, app.log);
  } catch (e) {
    await app.close();
    await store.close();
    resourceStore.close?.();
    throw e;
  }
  await app.listen({ port: config.port, host: config.host });
  const simulator = config.demo ? startDemoSimulator(store, app.log, config.demoIntervalMs) : undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    store,
    resources,
    mqtt: ingests,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    admin,
    async close() {
      simulator?.stop();
      await Promise.all(ingests.map((i) => i.close()));
      await app.close();
      await store.close();
      resourceStore.close?.();
    },
  };
}
