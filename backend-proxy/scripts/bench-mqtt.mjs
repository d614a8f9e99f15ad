// MQTT ingestion benchmark: N QoS 1 messages published as fast as a client can into a broker
// of the bench's own (Debian's mosquitto on a free port, unbounded queues, so a slower
// consumer is never dropped from), received in the same run by (a) `mosquitto_sub -q 1`, which
// only prints them, and (b) the service (`serve --mqtt`), which maps, validates, stores and
// only then acknowledges each one. Rates are messages/s from the first publish to the last
// message received (a) or stored (b, read from /metrics); afterwards the service's history
// must hold every message.
// Options: --messages N (default 20000) --entities N (default 10)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import {
  call,
  cpuSeconds,
  load,
  machine,
  pool,
  printTable,
  seedModel,
  startService,
  tempDir,
} from './bench-common.mjs';

const require = createRequire(import.meta.url);
const mqtt = require('mqtt');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 20_000);
const ENTITIES = arg('entities', 10);
const T0 = Date.UTC(2024, 0, 1);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function waitFor(check, what, ms = 30_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function storedCount(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('doppel_mqtt_messages_total{connector="cli",result="stored"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

const dir = tempDir('doppel-bench-mqtt-');
const brokerPort = await freePort();
fs.writeFileSync(
  path.join(dir, 'mosquitto.conf'),
  `listener ${brokerPort} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\nmax_queued_bytes 0\n`,
);
const broker = spawn('/usr/sbin/mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
const brokerUrl = `mqtt://127.0.0.1:${brokerPort}`;
await waitFor(
  () =>
    new Promise((resolve) => {
      const s = net.connect(brokerPort, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    }),
  'the broker',
);

fs.writeFileSync(
  path.join(dir, 'mapping.yaml'),
  `workspaceId: bench
mappings:
  - topic: bench/+entity/p0
    entityId: \${entity}
    componentName: s
    propertyName: p0
    value: v
    time: t
`,
);
process.env.DOPPEL_MQTT_URL = brokerUrl;
process.env.DOPPEL_MQTT_MAPPING = path.join(dir, 'mapping.yaml');
process.env.DOPPEL_MQTT_CLIENT_ID = 'doppel-bench';
const service = await startService(path.join(dir, 'data'), await freePort());
const p = pool(service.url, 4);
try {
  await seedModel(p, 'bench', ENTITIES, 1);
  const publisher = await mqtt.connectAsync(brokerUrl, { clientId: 'bench-publisher', clean: true });
  // warm-up: the service is subscribed and storing
  await publisher.publishAsync('bench/e0/p0', JSON.stringify({ v: -1, t: T0 - 1000 }), { qos: 1 });
  await waitFor(async () => (await storedCount(service.url)) >= 1, 'the service to store the warm-up message');

  const sub = spawn(
    'mosquitto_sub',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(brokerPort),
      '-t',
      'bench/#',
      '-q',
      '1',
      '-C',
      String(MESSAGES),
      '-i',
      'bench-mosquitto-sub',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await new Promise((r) => setTimeout(r, 300)); // its subscription is in place
  const subDone = new Promise((resolve) => sub.once('exit', () => resolve(performance.now())));

  const cpuBefore = cpuSeconds(service.child.pid);
  const start = performance.now();
  let outstanding = 0;
  let sent = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (sent < MESSAGES && outstanding < 1000) {
        const i = sent++;
        outstanding++;
        publisher.publish(`bench/e${i % ENTITIES}/p0`, JSON.stringify({ v: i, t: T0 + i }), { qos: 1 }, (error) => {
          if (error) return reject(error);
          outstanding--;
          if (sent === MESSAGES && outstanding === 0) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  const published = performance.now();
  const subEnd = await subDone;
  await waitFor(
    async () => (await storedCount(service.url)) >= MESSAGES + 1,
    'the service to store every message',
    600_000,
  );
  const serviceEnd = performance.now();
  const cpu = cpuSeconds(service.child.pid) - cpuBefore;

  // every message is in the history
  let inHistory = 0;
  for (let e = 0; e < ENTITIES; e++) {
    let nextToken;
    do {
      const page = JSON.parse(
        await call(p, 'POST', '/workspaces/bench/entity-properties/history', {
          entityId: `e${e}`,
          componentName: 's',
          selectedProperties: ['p0'],
          startTime: new Date(T0).toISOString(),
          endTime: new Date(T0 + MESSAGES + 1000).toISOString(),
          maxResults: 10_000,
          nextToken,
        }),
      );
      inHistory += page.propertyValues.reduce((n, s) => n + s.values.length, 0);
      nextToken = page.nextToken;
    } while (nextToken);
  }
  await publisher.endAsync();

  const subRate = MESSAGES / ((subEnd - start) / 1000);
  const serviceRate = MESSAGES / ((serviceEnd - start) / 1000);
  printTable([
    {
      consumer: 'publisher (mqtt.js, QoS 1, ≤ 1000 in flight)',
      messages: MESSAGES,
      seconds: ((published - start) / 1000).toFixed(2),
      'messages/s': fmt(MESSAGES / ((published - start) / 1000)),
    },
    {
      consumer: '(a) mosquitto_sub -q 1 (receive and print)',
      messages: MESSAGES,
      seconds: ((subEnd - start) / 1000).toFixed(2),
      'messages/s': fmt(subRate),
    },
    {
      consumer: '(b) service: map, validate, store, then PUBACK',
      messages: MESSAGES,
      seconds: ((serviceEnd - start) / 1000).toFixed(2),
      'messages/s': fmt(serviceRate),
    },
  ]);
  console.log(
    `history holds ${inHistory} of ${MESSAGES} messages; service CPU ${((cpu / MESSAGES) * 1e6).toFixed(1)} µs a message`,
  );
  console.log(
    `load average ${load().toFixed(2)} on ${machine().cpus} cores: other work on the machine lowers every rate`,
  );
  console.log(
    JSON.stringify({
      bench: 'mqtt',
      machine: machine(),
      messages: MESSAGES,
      mosquittoSubMessagesPerSecond: Math.round(subRate),
      serviceMessagesPerSecond: Math.round(serviceRate),
      serviceToMosquittoSub: Math.round((serviceRate / subRate) * 100) / 100,
      allStored: inHistory === MESSAGES,
      serviceCpuMicrosPerMessage: +((cpu / MESSAGES) * 1e6).toFixed(1),
    }),
  );
  if (inHistory !== MESSAGES) process.exitCode = 1;
} finally {
  await p.close();
  await service.stop();
  broker.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
