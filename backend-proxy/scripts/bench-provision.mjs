// Provisioning benchmark: a generated site of --entities entities (default 10,000: a site, lines,
// machines with a component of 2 static values and a time series, each machine feeding the next
// of its line by a relationship) written as workspace-as-code files, then
//   (a) `node dist/cli.js provision DIR` — the real command, as a child process — into an empty service,
//   (b) the same command again (nothing to change: read, compare, report),
//   (c) the same entities created by one CreateEntity call each, one after the other, into a
//       second empty service (relationship targets created first, so each call carries its values).
// Target: (a) under 60 s for 10,000 entities. Options: --entities N --concurrency N (default 4)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import {
  call,
  cpuSeconds,
  credentials,
  load,
  machine,
  pool,
  printTable,
  root,
  startService,
  tempDir,
} from './bench-common.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTITIES = arg('entities', 10_000);
const CONCURRENCY = arg('concurrency', 4);
const WS = 'bench-site';
const MACHINES_PER_LINE = 100;
const TYPE = 'com.example.bench.machine';

/** The site as CreateEntity bodies, relationship targets before their sources. */
function site() {
  const entities = [{ entityId: 'Site', entityName: 'Site' }];
  const lines = Math.ceil((ENTITIES - 1) / (MACHINES_PER_LINE + 1));
  let left = ENTITIES - 1;
  for (let l = 0; l < lines && left > 0; l++) {
    const line = `Line_${l}`;
    entities.push({ entityId: line, entityName: `Line ${l}`, parentEntityId: 'Site' });
    left--;
    const count = Math.min(MACHINES_PER_LINE, left);
    // the last machine of a line first: every machine feeds the next one
    for (let m = count - 1; m >= 0; m--) {
      const id = `M_${l}_${m}`;
      entities.push({
        entityId: id,
        entityName: `Machine ${l}.${m}`,
        parentEntityId: line,
        components: {
          machine: {
            componentTypeId: TYPE,
            properties: {
              serialNumber: { value: { stringValue: `SN-${l}-${m}` } },
              ratedPower: { value: { doubleValue: 10 + (m % 7) } },
              ...(m < count - 1 && {
                feeds: { value: { listValue: [{ relationshipValue: { targetEntityId: `M_${l}_${m + 1}` } }] } },
              }),
            },
          },
        },
      });
    }
    left -= count;
  }
  return entities;
}

const typeBody = {
  description: 'A machine of a line',
  propertyDefinitions: {
    serialNumber: { dataType: { type: 'STRING' } },
    ratedPower: { dataType: { type: 'DOUBLE', unitOfMeasure: 'kW' } },
    temperature: { dataType: { type: 'DOUBLE' }, isTimeSeries: true },
    feeds: { dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } },
  },
};

/** Writes the site as a workspace folder: one entities file per line, machines nested under it. */
function writeFolder(dir, entities) {
  const ws = path.join(dir, WS);
  fs.mkdirSync(path.join(ws, 'component-types'), { recursive: true });
  fs.mkdirSync(path.join(ws, 'entities'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'workspace.yaml'), YAML.stringify({ description: 'provisioning bench' }));
  fs.writeFileSync(
    path.join(ws, 'component-types', 'machine.yaml'),
    YAML.stringify({ componentTypeId: TYPE, ...typeBody }),
  );
  fs.writeFileSync(path.join(ws, 'entities', 'site.yaml'), YAML.stringify({ entityId: 'Site', entityName: 'Site' }));
  const byLine = new Map();
  for (const e of entities.slice(1)) {
    if (e.parentEntityId === 'Site') byLine.set(e.entityId, { ...e, children: [] });
    else byLine.get(e.parentEntityId).children.push((({ parentEntityId: _p, ...rest }) => rest)(e));
  }
  for (const [id, line] of byLine) fs.writeFileSync(path.join(ws, 'entities', `${id}.yaml`), YAML.stringify(line));
  return ws;
}

const run = promisify(execFile);
/** Runs the command against `service`; wall seconds, and CPU seconds of the command and of the service (load-independent). */
async function provision(service, dir) {
  const started = performance.now();
  const serviceCpu = cpuSeconds(service.child.pid);
  const command = [
    // DOPPEL_BENCH_CPU_PROF profiles the command as well as the services
    ...(process.env.DOPPEL_BENCH_CPU_PROF
      ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.DOPPEL_BENCH_CPU_PROF)]
      : []),
    path.join(root, 'dist', 'cli.js'),
    'provision',
    dir,
    '--endpoint',
    service.url,
    '--concurrency',
    String(CONCURRENCY),
  ];
  // bash's time keyword reports the command's own user + system seconds on stderr
  const { stdout, stderr } = await run(
    'bash',
    ['-c', 'TIMEFORMAT="cpu %U %S"; time "$0" "$@"', process.execPath, ...command],
    {
      env: { ...process.env, DOPPEL_ACCESS_KEY_ID: credentials.id, DOPPEL_SECRET_ACCESS_KEY: credentials.secret },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const [, user, system] = /cpu ([\d.]+) ([\d.]+)/.exec(stderr) ?? [];
  return {
    seconds: (performance.now() - started) / 1000,
    commandCpu: Number(user) + Number(system),
    serviceCpu: cpuSeconds(service.child.pid) - serviceCpu,
    stdout,
  };
}

const entities = site();
const filesDir = tempDir('doppel-bench-provision-files-');
const folder = writeFolder(filesDir, entities);
const dirA = tempDir('doppel-bench-provision-a-');
const dirB = tempDir('doppel-bench-provision-b-');
const a = await startService(dirA, 18000 + Math.floor(Math.random() * 2000));
let results;
try {
  const first = await provision(a, folder);
  const second = await provision(a, folder);
  if (!second.stdout.includes('no change')) throw new Error(`second run changed something:\n${second.stdout}`);
  const check = await (
    await fetch(`${a.url}/workspaces/${WS}/entities/M_0_0`, {
      headers: { authorization: `Bearer ${credentials.id}:${credentials.secret}` },
    })
  ).json();
  if (check.components?.machine?.properties?.feeds?.value?.listValue?.length !== 1)
    throw new Error('M_0_0 lacks its relationship');
  results = { first, second };
} finally {
  await a.stop();
}

const b = await startService(dirB, 20000 + Math.floor(Math.random() * 2000));
const p = pool(b.url, 1);
let perCall;
let perCallServiceCpu;
try {
  const started = performance.now();
  const serviceCpu = cpuSeconds(b.child.pid);
  await call(p, 'POST', `/workspaces/${WS}`, { description: 'provisioning bench' });
  await call(p, 'POST', `/workspaces/${WS}/component-types/${TYPE}`, typeBody);
  for (const e of entities) await call(p, 'POST', `/workspaces/${WS}/entities`, e);
  perCall = (performance.now() - started) / 1000;
  perCallServiceCpu = cpuSeconds(b.child.pid) - serviceCpu;
} finally {
  await p.close();
  await b.stop();
}
for (const d of [filesDir, dirA, dirB]) fs.rmSync(d, { recursive: true, force: true });

// the command's own lines: reading the files, reading the workspace, each phase
console.log(`(a) ${results.first.stdout.trim().split('\n').join('\n(a) ')}`);
console.log(`(b) ${results.second.stdout.trim().split('\n').join('\n(b) ')}`);
printTable([
  {
    path: `(a) provision DIR (${CONCURRENCY} in flight)`,
    entities: entities.length,
    seconds: results.first.seconds.toFixed(1),
    'entities/s': Math.round(entities.length / results.first.seconds),
    'service CPU s': results.first.serviceCpu.toFixed(1),
    'command CPU s': results.first.commandCpu.toFixed(1),
  },
  {
    path: '(b) provision DIR again (no change)',
    entities: entities.length,
    seconds: results.second.seconds.toFixed(1),
    'entities/s': Math.round(entities.length / results.second.seconds),
    'service CPU s': results.second.serviceCpu.toFixed(1),
    'command CPU s': results.second.commandCpu.toFixed(1),
  },
  {
    path: '(c) one CreateEntity call each, in sequence',
    entities: entities.length,
    seconds: perCall.toFixed(1),
    'entities/s': Math.round(entities.length / perCall),
    'service CPU s': perCallServiceCpu.toFixed(1),
    'command CPU s': '-',
  },
]);
console.log(
  `load average ${load().toFixed(2)} on ${machine().cpus} cores: other work on the machine lowers every rate`,
);
console.log(
  JSON.stringify({
    bench: 'provision',
    machine: machine(),
    entities: entities.length,
    concurrency: CONCURRENCY,
    provisionSeconds: +results.first.seconds.toFixed(2),
    provisionAgainSeconds: +results.second.seconds.toFixed(2),
    provisionCpuSeconds: {
      service: +results.first.serviceCpu.toFixed(2),
      command: +results.first.commandCpu.toFixed(2),
    },
    provisionAgainCpuSeconds: {
      service: +results.second.serviceCpu.toFixed(2),
      command: +results.second.commandCpu.toFixed(2),
    },
    createEntityEachSeconds: +perCall.toFixed(2),
    createEntityEachServiceCpuSeconds: +perCallServiceCpu.toFixed(2),
    loadAverage: +load().toFixed(2),
    targetsMet: { provisionUnderAMinute: results.first.seconds < 60 },
  }),
);
