// Resource library throughput: a 100 MB file uploaded to and downloaded from the service
// (streamed, through the real HTTP routes) against `cp` of the same file on the same disk in
// the same run, with the service's resident memory sampled throughout.
// Target: download ≥ 0.5 × cp, service RSS < 150 MB during both.
//
// The client is curl writing to a file on the same disk, as a person or a tool downloads a
// model; a Node client piping into fs.createWriteStream measures its own 64 KB write calls
// more than the service. Each step runs RUNS times, interleaved with cp so that both see the
// same page cache and load, and the median is reported. A bare Node HTTP file server (no
// routing, auth or validation) streaming the same file is measured too: the ceiling for a
// Node service on this machine, so the report separates Doppel's overhead from the platform's.
//
// --library s3: the service keeps its library in a bucket (DOPPEL_RESOURCES_S3_URL) of a second
// service's S3 endpoint, the library host, so each byte crosses two services; the RSS of both
// is reported (the point: uploads and downloads stream, neither holds a file in memory).
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  authorization,
  call,
  credentials,
  load,
  machine,
  pool,
  printTable,
  startService,
  tempDir,
} from './bench-common.mjs';

const SIZE = Number(process.env.DOPPEL_BENCH_RESOURCE_MB ?? 100) * 1024 * 1024;
const RUNS = Number(process.env.DOPPEL_BENCH_RUNS ?? 5);
const library = process.argv.includes('--library') ? process.argv[process.argv.indexOf('--library') + 1] : 'dir';
if (library !== 'dir' && library !== 's3') {
  console.error(`--library ${library}: dir or s3`);
  process.exit(2);
}

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
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Runs curl with these arguments, the body to `output`; answers its wall time in seconds. */
function timedCurl(args, output = '/dev/null') {
  const start = process.hrtime.bigint();
  const code = execFileSync('curl', ['-sS', '--fail', '-o', output, '-w', '%{http_code}', ...args], {
    encoding: 'utf8',
  });
  const took = seconds(start);
  if (!/^2/.test(code)) throw new Error(`curl ${args.join(' ')} → ${code}`);
  return took;
}

function timedCp(from, to) {
  const start = process.hrtime.bigint();
  execFileSync('cp', [from, to]);
  return seconds(start);
}

/** A bare Node HTTP server that streams one file to every GET: the platform's own ceiling. */
async function startBareFileServer(file, port) {
  const code = `
    const http = require('node:http'), fs = require('node:fs');
    const size = fs.statSync(${JSON.stringify(file)}).size;
    http.createServer((req, res) => {
      res.writeHead(200, { 'content-length': size });
      fs.createReadStream(${JSON.stringify(file)}, { highWaterMark: ${1024 * 1024} }).pipe(res);
    }).listen(${port}, '127.0.0.1', () => console.log('ready'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (c) => reject(new Error(`bare file server exited with ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

const dir = tempDir('doppel-bench-resources-');
const dataDir = path.join(dir, 'data');
const source = path.join(dir, 'source.bin');
// random bytes (not zeros), written in 1 MB blocks
const out = fs.openSync(source, 'w');
for (let i = 0; i < SIZE / (1024 * 1024); i++) fs.writeSync(out, crypto.randomBytes(1024 * 1024));
fs.closeSync(out);

/** The library host of --library s3: a second service whose bucket doppel-library holds the library. */
const host = library === 's3' ? await startService(path.join(dir, 'host'), await freePort()) : undefined;
if (host) {
  const hostPool = pool(host.url, 1);
  await call(hostPool, 'POST', '/workspaces/library', {});
  await hostPool.close();
}
const s3Url =
  host && `s3://${credentials.id}:${credentials.secret}@doppel-library/bench?endpoint=${host.url}/doppel/s3`;
const service = await startService(dataDir, await freePort(), {
  env: s3Url ? { DOPPEL_RESOURCES_S3_URL: s3Url } : {},
});
const bare = await startBareFileServer(source, await freePort());
const p = pool(service.url, 1);
try {
  await call(p, 'POST', '/workspaces/bench', {});
  const url = `${service.url}/doppel/workspaces/bench/resources/big/source.bin`;
  const auth = ['-H', `authorization: ${authorization}`];
  const target = path.join(dir, 'downloaded.bin');
  const cpTimes = [];
  const uploadTimes = [];
  const downloadTimes = [];
  const bareTimes = [];
  let uploadRss = 0;
  let downloadRss = 0;
  let hostRss = 0;
  for (let run = 0; run < RUNS; run++) {
    cpTimes.push(timedCp(source, path.join(dir, 'cp-copy.bin')));

    let stopRss = sampleRss(service.child.pid);
    let stopHostRss = host ? sampleRss(host.child.pid) : () => 0;
    uploadTimes.push(
      timedCurl([...auth, '-X', 'PUT', '-H', 'content-type: application/octet-stream', '-T', source, url]),
    );
    uploadRss = Math.max(uploadRss, stopRss());
    hostRss = Math.max(hostRss, stopHostRss());

    stopRss = sampleRss(service.child.pid);
    stopHostRss = host ? sampleRss(host.child.pid) : () => 0;
    downloadTimes.push(timedCurl([...auth, url], target));
    downloadRss = Math.max(downloadRss, stopRss());
    hostRss = Math.max(hostRss, stopHostRss());

    bareTimes.push(timedCurl([bare.url], path.join(dir, 'bare.bin')));
  }
  if (sha256(target) !== sha256(source)) throw new Error('the downloaded file differs from the uploaded one');

  const cpSeconds = median(cpTimes);
  const uploadSeconds = median(uploadTimes);
  const downloadSeconds = median(downloadTimes);
  const bareSeconds = median(bareTimes);
  const mbps = (s) => +(SIZE / 1024 / 1024 / s).toFixed(1);
  const row = (step, s, rss = '') => ({
    step,
    'median s': s.toFixed(3),
    'MB/s': mbps(s),
    '× cp': (cpSeconds / s).toFixed(2),
    'service RSS max MB': rss,
  });
  printTable([
    row('cp (same disk)', cpSeconds),
    row('upload (curl PUT)', uploadSeconds, uploadRss.toFixed(1)),
    row('download (curl GET)', downloadSeconds, downloadRss.toFixed(1)),
    row('bare Node file server', bareSeconds),
    ...(host ? [{ step: 'library host (S3 endpoint)', 'service RSS max MB': hostRss.toFixed(1) }] : []),
  ]);
  console.log(
    JSON.stringify({
      bench: 'resources',
      library,
      machine: machine(),
      sizeBytes: SIZE,
      runs: RUNS,
      cpMBps: mbps(cpSeconds),
      uploadMBps: mbps(uploadSeconds),
      downloadMBps: mbps(downloadSeconds),
      bareNodeMBps: mbps(bareSeconds),
      uploadToCp: +(cpSeconds / uploadSeconds).toFixed(2),
      downloadToCp: +(cpSeconds / downloadSeconds).toFixed(2),
      downloadToBareNode: +(bareSeconds / downloadSeconds).toFixed(2),
      uploadRssMaxMb: +uploadRss.toFixed(1),
      downloadRssMaxMb: +downloadRss.toFixed(1),
      ...(host && { libraryHostRssMaxMb: +hostRss.toFixed(1) }),
      loadAverage: +load().toFixed(2),
      targetsMet: { download: cpSeconds / downloadSeconds >= 0.5, memory: Math.max(uploadRss, downloadRss) < 150 },
    }),
  );
} finally {
  bare.stop();
  await p.close();
  await service.stop();
  await host?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
