#!/usr/bin/env node
import { Command } from 'commander';
import { configFrom, durationMs } from './config';
import { ClientOptions, apiFromOptions } from './provisioning/cli-client';
import { exportWorkspace } from './provisioning/export-workspace';
import { parseStoreLocation } from './migrate-store/store-location';
import { parseS3Url } from './resources/s3-location';
import { importTwinMaker } from './provisioning/import-command';
import { provisionFolder } from './provisioning/provision';

const program = new Command();
program.name('doppel-proxy').description('Doppel twin service: TwinMaker-compatible API over an embedded store');

program
  .command('serve')
  .description('start the service')
  .option('--port <port>', 'port to listen on (DOPPEL_PORT, default 8600)')
  .option('--host <host>', 'address to bind (DOPPEL_HOST, default 127.0.0.1)')
  .option('--data-dir <dir>', 'where the embedded store and credentials live (DOPPEL_DATA_DIR, default ./data)')
  .option(
    '--resources-dir <dir>',
    'the resource library (scene documents, models); replicas share one (DOPPEL_RESOURCES_DIR, default <data dir>/resources)',
  )
  .option(
    '--resources-s3-url <url>',
    'the resource library in an S3-compatible bucket instead: s3://[KEY:SECRET@]BUCKET[/PREFIX][?endpoint=URL&region=R] (DOPPEL_RESOURCES_S3_URL; credentials default to the AWS_* variables)',
  )
  .option('--provision <dir>', 'workspace-as-code files loaded at start (DOPPEL_PROVISION_DIR)')
  .option('--store <kind>', 'sqlite | postgres (DOPPEL_STORE, default sqlite)')
  .option('--pg-url <url>', 'the PostgreSQL database of --store postgres (DOPPEL_PG_URL)')
  .option('--demo', 'create the demo-factory workspace on first start and keep its sensors writing (DOPPEL_DEMO=1)')
  .option('--mqtt <url>', 'ingest values from this MQTT broker, e.g. mqtt://127.0.0.1:1883 (DOPPEL_MQTT_URL)')
  .option(
    '--mqtt-mapping <file>',
    'its topic mapping file (DOPPEL_MQTT_MAPPING, default mqtt-mapping.yaml in the data dir)',
  )
  .option(
    '--mqtt-client-id <id>',
    'its persistent session id (DOPPEL_MQTT_CLIENT_ID, default derived from the data dir)',
  )
  .option(
    '--connector-poll-interval <duration>',
    "how often live streams of connector-backed properties poll their connector, e.g. 5s, 500ms, 1m (DOPPEL_CONNECTOR_POLL_MS, default 5s; a registry entry's pollIntervalMs wins)",
  )
  .action(
    async (opts: {
      port?: string;
      host?: string;
      dataDir?: string;
      resourcesDir?: string;
      resourcesS3Url?: string;
      provision?: string;
      store?: string;
      pgUrl?: string;
      demo?: boolean;
      mqtt?: string;
      mqttMapping?: string;
      mqttClientId?: string;
      connectorPollInterval?: string;
    }) => {
      try {
        const config = configFrom({
          port: opts.port === undefined ? undefined : Number(opts.port),
          host: opts.host,
          dataDir: opts.dataDir,
          resourcesDir: opts.resourcesDir,
          resourcesS3: opts.resourcesS3Url === undefined ? undefined : parseS3Url(opts.resourcesS3Url),
          provisionDir: opts.provision,
          store: opts.store as 'sqlite' | 'postgres' | undefined,
          pgUrl: opts.pgUrl,
          demo: opts.demo,
          mqttUrl: opts.mqtt,
          mqttMapping: opts.mqttMapping,
          mqttClientId: opts.mqttClientId,
          connectorPollMs:
            opts.connectorPollInterval === undefined
              ? undefined
              : durationMs('--connector-poll-interval', opts.connectorPollInterval),
        });
        // loaded here: the operator commands (provision, export, import) need none of the service
        const { startService } = await import('./server');
        const service = await startService(config);
        const where = service.admin.file
          ? `admin credential in ${service.admin.file}`
          : 'admin credential from DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY';
        service.app.log.info(`doppel-proxy listening on ${service.url} (data dir ${config.dataDir}; ${where})`);
        const stop = async (signal: string) => {
          service.app.log.info(`${signal}: shutting down`);
          await service.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      } catch (e) {
        process.stderr.write(`doppel-proxy: ${(e as Error).message}\n`);
        process.exit(1);
      }
    },
  );

program
  .command('provision')
  .description('apply workspace-as-code folders through the TwinMaker API (idempotent; all-or-nothing per workspace)')
  .argument('<dir>', 'a workspace folder, provisioning/workspaces/, or provisioning/')
  .option('--workspace <id>', 'only this workspace folder')
  .option('--dry-run', 'print the plan (create/update/delete per resource) and change nothing')
  .option('--prune', 'delete what the files no longer name (entities, component types, scenes, resources)')
  .option('--endpoint <url>', 'any TwinMaker-compatible endpoint (default: the local service, http://127.0.0.1:8600)')
  .option('--data-dir <dir>', "a local service's data dir, for its admin credential (default ./data)")
  .option('--region <region>', 'SigV4 region (default AWS_REGION or us-east-1)')
  .option('--sigv4', 'sign requests with SigV4 (implied for *.amazonaws.com) instead of a bearer token')
  .option('--concurrency <n>', 'calls in flight at once', '4')
  .action(async (dir: string, opts: ProvisionCliOptions) => {
    await runOperatorCommand(async () => {
      const api = apiFromOptions(opts);
      await provisionFolder(api, dir, {
        workspace: opts.workspace,
        dryRun: opts.dryRun,
        prune: opts.prune,
        concurrency: Number(opts.concurrency),
        log: (line) => process.stdout.write(`${line}\n`),
      });
    });
  });

program
  .command('export')
  .description('write a workspace as workspace-as-code files (DIR/<workspaceId>/), as provision reads them')
  .requiredOption('--workspace <id>', 'the workspace to export')
  .argument('<dir>', 'where to write (DIR/<workspaceId>/ must not exist or be empty)')
  .option('--values', "also each time series' values as CSV (values/<entity>/<component>/<property>.csv)")
  .option('--endpoint <url>', 'any TwinMaker-compatible endpoint (default: the local service, http://127.0.0.1:8600)')
  .option('--data-dir <dir>', "a local service's data dir, for its admin credential (default ./data)")
  .option('--region <region>', 'SigV4 region (default AWS_REGION or us-east-1)')
  .option('--sigv4', 'sign requests with SigV4 (implied for *.amazonaws.com) instead of a bearer token')
  .action(async (dir: string, opts: ClientOptions & { workspace: string; values?: boolean }) => {
    await runOperatorCommand(async () => {
      await exportWorkspace(apiFromOptions(opts), opts.workspace, dir, {
        values: opts.values,
        log: (line) => process.stdout.write(`${line}\n`),
      });
    });
  });

program
  .command('import-twinmaker')
  .description(
    'import TwinMaker exports and samples (component types, entities, scenes, telemetry CSV) into a workspace',
  )
  .argument(
    '<paths...>',
    'folders or files: GetComponentType/CreateComponentType JSON, entities JSON, scene JSON, telemetry CSV',
  )
  .requiredOption('--workspace <id>', 'the workspace to create or bring in line')
  .option('--builtin-values', "serve Lambda-backed time series from Doppel's store and load the telemetry CSV into it")
  .option('--dry-run', 'print the plan and change nothing')
  .option('--endpoint <url>', 'any TwinMaker-compatible endpoint (default: the local service, http://127.0.0.1:8600)')
  .option('--data-dir <dir>', "a local service's data dir, for its admin credential (default ./data)")
  .option('--region <region>', 'SigV4 region (default AWS_REGION or us-east-1)')
  .option('--sigv4', 'sign requests with SigV4 (implied for *.amazonaws.com) instead of a bearer token')
  .action(
    async (paths: string[], opts: ClientOptions & { workspace: string; builtinValues?: boolean; dryRun?: boolean }) => {
      await runOperatorCommand(async () => {
        await importTwinMaker(apiFromOptions(opts), paths, opts.workspace, {
          builtinValues: opts.builtinValues,
          dryRun: opts.dryRun,
          tty: process.stderr.isTTY,
          log: (line) => process.stdout.write(`${line}\n`),
        });
      });
    },
  );

program
  .command('migrate-store')
  .description(
    'copy workspaces (graph, values with their times, alarm states and audit, scenes, tags, access keys) from a SQLite store to PostgreSQL, all or nothing',
  )
  .requiredOption('--from <store>', "sqlite:DIR, a service's data dir")
  .requiredOption('--to <store>', 'postgres:URL, the database of serve --store postgres')
  .option('--workspace <id...>', 'only these workspaces (default: all)')
  .option(
    '--resources-to <dir>',
    "also copy their buckets (scene documents, models) into this resources dir (the target services' --resources-dir)",
  )
  .action(async (opts: { from: string; to: string; workspace?: string[]; resourcesTo?: string }) => {
    await runOperatorCommand(async () => {
      const log = (line: string) => process.stdout.write(`${line}\n`);
      // loaded here, as the service for serve: the other commands need neither store
      const { migrateStore } = await import('./migrate-store/migrate-store');
      const result = await migrateStore(parseStoreLocation('--from', opts.from), parseStoreLocation('--to', opts.to), {
        workspaces: opts.workspace,
        resourcesTo: opts.resourcesTo,
        tty: process.stderr.isTTY,
        log,
      });
      log(`migrated ${result.workspaces.length} workspace(s): ${result.workspaces.join(', ')}; the counts match`);
    });
  });

program.parseAsync(process.argv);

interface ProvisionCliOptions extends ClientOptions {
  workspace?: string;
  dryRun?: boolean;
  prune?: boolean;
  concurrency: string;
}

/** Runs an operator command: its problems (file errors, refused calls) end it with status 1 and the message. */
async function runOperatorCommand(run: () => Promise<void>) {
  try {
    await run();
  } catch (e) {
    process.stderr.write(`doppel-proxy: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
