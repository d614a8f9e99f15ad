import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startTestService, TestService } from './harness';

/**
 * The README's "Talk to the API" curl walkthrough, run as written with bash against a real
 * service on a temporary data dir (only DOPPEL and CREDENTIALS point it there), so the README
 * cannot drift from the API.
 */
const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

function walkthrough(): string {
  const section = readme.slice(readme.indexOf('### Talk to the API'));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no bash block under "### Talk to the API"');
  return block[1]!;
}

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.close());

test('the curl walkthrough runs with bash and every step answers what it should', async () => {
  const script = walkthrough();
  expect(script).toMatch(/CREDENTIALS=\$\{CREDENTIALS:-data\/admin-credentials.json\}/);
  // asynchronously: the service answers from this very process
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
    env: { ...process.env, DOPPEL: svc.url, CREDENTIALS: path.join(svc.dataDir, 'admin-credentials.json') },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const run = { status, stdout, stderr };
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const out = run.stdout;
  // CreateWorkspace, CreateComponentType, CreateEntity
  expect(out).toContain('"arn":"arn:aws:iottwinmaker:us-east-1:000000000000:workspace/my-plant"');
  expect(out).toMatch(/"componentTypeId":"com\.example\.oven"|component-type\/com\.example\.oven/);
  expect(out).toContain('"entityId":"oven-1"');
  // BatchPutPropertyValues: nothing refused
  expect(out).toContain('"errorEntries":[]');
  // GetPropertyValueHistory: both values
  expect(out).toMatch(/"doubleValue":180\.5[\s\S]*"doubleValue":182/);
  // ExecuteQuery: the entity
  expect(out).toMatch(/"columnDescriptions"[\s\S]*oven-1/);
  // the stream replayed the stored values as SSE events
  expect(out.match(/^event: value$/gm)?.length).toBe(2);
});
