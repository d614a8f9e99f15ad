/**
 * The service as a separate process for the durability test: starts on a free port over the
 * data dir given as argv[2] and prints one JSON line with its URL and admin credentials.
 */
import { configFrom } from '../src/config';
import { startService } from '../src/server';
import { testStoreConfig } from './test-store';

async function main() {
  const env = { ...process.env };
  delete env.DOPPEL_ACCESS_KEY_ID;
  delete env.DOPPEL_SECRET_ACCESS_KEY;
  const dataDir = process.argv[2]!;
  const store = await testStoreConfig(dataDir);
  const service = await startService(
    configFrom({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', ...store }, env),
    false,
  );
  process.stdout.write(
    JSON.stringify({
      url: service.url,
      admin: { accessKeyId: service.admin.accessKeyId, secretAccessKey: service.admin.secretAccessKey },
    }) + '\n',
  );
}

void main();
