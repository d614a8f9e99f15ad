#!/usr/bin/env node
import { Command } from 'commander';
import { configFrom } from './config';
import { startService } from './server';

const program = new Command();
program.name('doppel-proxy').description('Doppel twin service: TwinMaker-compatible API over an embedded store');

program
  .command('serve')
  .description('start the service')
  .option('--port <port>', 'port to listen on (DOPPEL_PORT, default 8600)')
  .option('--host <host>', 'address to bind (DOPPEL_HOST, default 127.0.0.1)')
  .option('--data-dir <dir>', 'where the embedded store and credentials live (DOPPEL_DATA_DIR, default ./data)')
  .option('--provision <dir>', 'workspace-as-code files loaded at start (DOPPEL_PROVISION_DIR)')
  .option('--store <kind>', 'sqlite | postgres (DOPPEL_STORE, default sqlite)')
  .option('--demo', 'create the demo-factory workspace on first start and keep its sensors writing (DOPPEL_DEMO=1)')
  .action(
    async (opts: {
      port?: string;
      host?: string;
      dataDir?: string;
      provision?: string;
      store?: string;
      demo?: boolean;
    }) => {
      try {
        const config = configFrom({
          port: opts.port === undefined ? undefined : Number(opts.port),
          host: opts.host,
          dataDir: opts.dataDir,
          provisionDir: opts.provision,
          store: opts.store as 'sqlite' | 'postgres' | undefined,
          demo: opts.demo,
        });
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

program.parseAsync(process.argv);
