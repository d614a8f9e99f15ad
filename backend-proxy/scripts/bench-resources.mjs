// Resource library throughput: a 100 MB file uploaded to and downloaded from the service
// (streamed, through the real HTTP routes) against `cp` of the same file on the same disk in
// the same run, with the service's resident memory sampled throughout.
// Target: download ≥ 0.5 × cp, service RSS < 150 MB during both.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { authorization, call, load, machine, pool, printTable, startService, tempDir } from './bench-common.mjs';

const SIZE = Number(process.env.DOPPEL_BENCH_RESOURCE_MB ?? 100) * 1024 * 1024;

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** VmRSS of a process in MB, sampled every 20 ms until stopped; answers the maximum. */
function sampleRss(pid) {
  let max = 0;
  const read = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) max = Math.max(max, Number(m[1]) / 1024);
  };
  read();
  const timer = setInterval(read, 20);
  return () => {
    clearInterval(timer);
    read();
    return max;
  };
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

const dir = tempDir('doppel-bench-resources-');
const dataDir = path.join(dir, 'data');
const source = path.join(dir, 'source.bin');
// random bytes (not zeros), written in 1 MB blocks
const out = fs.openSync(source, 'w');
for (let i = 0; i < SIZE / (1024 * 1024); i++) fs.writeSync(out, crypto.randomBytes(1024 * 1024));
fs.closeSync(out);

const service = await startService(dataDir, await freePort());
const p = pool(service.url, 1);
try {
  await call(p, 'POST', '/workspaces/bench', {});
  const url = new URL(`${service.url}/doppel/workspaces/bench/resources/big/source.bin`);

  let start = process.hrtime.bigint();
  execFileSync('cp', [source, path.join(dir, 'cp-copy.bin')]);
  const cpSeconds = seconds(start);

  let stopRss = sampleRss(service.child.pid);
  start = process.hrtime.bigint();
  await new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'PUT',
      headers: { authorization, 'content-length': String(SIZE), 'content-type': 'application/octet-stream' },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`upload → ${res.statusCode}`))));
    });
    req.on('error', reject);
    fs.createReadStream(source).pipe(req);
  });
  const uploadSeconds = seconds(start);
  const uploadRss = stopRss();

  stopRss = sampleRss(service.child.pid);
  start = process.hrtime.bigint();
  const target = path.join(dir, 'downloaded.bin');
  await new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`download → ${res.statusCode}`));
        pipeline(res, fs.createWriteStream(target)).then(resolve, reject);
      })
      .on('error', reject);
  });
  const downloadSeconds = seconds(start);
  const downloadRss = stopRss();
  if (fs.statSync(target).size !== SIZE) throw new Error('the download is not the whole file');

  const mbps = (s) => +(SIZE / 1024 / 1024 / s).toFixed(1);
  printTable([
    { step: 'cp (same disk)', seconds: cpSeconds.toFixed(3), 'MB/s': mbps(cpSeconds), 'service RSS max MB': '' },
    {
      step: 'upload (PUT)',
      seconds: uploadSeconds.toFixed(3),
      'MB/s': mbps(uploadSeconds),
      'service RSS max MB': uploadRss.toFixed(1),
    },
    {
      step: 'download (GET)',
      seconds: downloadSeconds.toFixed(3),
      'MB/s': mbps(downloadSeconds),
      'service RSS max MB': downloadRss.toFixed(1),
    },
  ]);
  console.log(
    JSON.stringify({
      bench: 'resources',
      machine: machine(),
      sizeBytes: SIZE,
      cpMBps: mbps(cpSeconds),
      uploadMBps: mbps(uploadSeconds),
      downloadMBps: mbps(downloadSeconds),
      uploadToCp: +(cpSeconds / uploadSeconds).toFixed(2),
      downloadToCp: +(cpSeconds / downloadSeconds).toFixed(2),
      uploadRssMaxMb: +uploadRss.toFixed(1),
      downloadRssMaxMb: +downloadRss.toFixed(1),
      loadAverage: +load().toFixed(2),
      targetsMet: { download: cpSeconds / downloadSeconds >= 0.5, memory: Math.max(uploadRss, downloadRss) < 150 },
    }),
  );
} finally {
  await p.close();
  await service.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
