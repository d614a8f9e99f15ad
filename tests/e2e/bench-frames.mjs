#!/usr/bin/env node
// npm run bench:frames [-- --points 1000000 --runs 7 --page-size 200]
// In Chromium through the test host: the built data source turns 1,000,000 parsed history
// points (paged as the service pages them) into frames; the target is a median under 100 ms.
// Prints a table and one JSON line of figures; exits 1 when the median misses the target.
import os from 'node:os';
import { parseArgs } from 'node:util';

import { launchChromium, newPage } from './browser.mjs';
import { buildHostPage } from './host/build.mjs';
import { startHostServer } from './host/server.mjs';

const TARGET_MS = 100;
const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
    'page-size': { type: 'string', default: '200' },
    // --profile: a CPU profile of the timed runs, summarised as the functions with most self time
    profile: { type: 'boolean', default: false },
  },
});

/** Self time per function (name, file:line) over the whole profile, top 15. */
function printProfile(profile) {
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000;
  const self = new Map();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + node.hitCount * interval);
  }
  console.log('CPU profile, self time (ms) over setup + all runs:');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${ms.toFixed(0).padStart(7)}  ${key}`);
}

await buildHostPage({ quiet: true });
const host = await startHostServer();
// --expose-gc: the page collects the previous run's garbage before each timed run, so a
// run pays for its own allocations only.
const browser = await launchChromium({ extraArgs: ['--js-flags=--expose-gc'] });
let result;
try {
  const page = await newPage(browser.context);
  await page.goto(host.url + '/');
  await page.waitForFunction(() => window.__host?.runFramesBench);
  const cdp = args.profile ? await browser.context.newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  result = await page.evaluate((opts) => window.__host.runFramesBench(opts), {
    points: Number(args.points),
    runs: Number(args.runs),
    pageSize: Number(args['page-size']),
  });
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
} finally {
  await browser.close();
  await host.close();
}

const row = (k, v) => console.log(`${k.padEnd(28)} ${v}`);
console.log('bench:frames — history points → data frames, in Chromium through the test host');
row('points', result.points.toLocaleString('en-US'));
row('pages (values per page)', `${result.pages} (${Number(args['page-size'])})`);
row('rows in frames', result.rowsOut.toLocaleString('en-US'));
row('runs (after 3 warm-ups)', result.runs);
row('ms per run', result.msPerRun.join(', '));
row('median ms', result.medianMs);
row('min / max ms', `${result.minMs} / ${result.maxMs}`);
row('target', `< ${TARGET_MS} ms median: ${result.medianMs < TARGET_MS ? 'met' : 'MISSED'}`);
row(
  'load average (1 min)',
  `${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores (other work on the machine slows the runs)`,
);
row('browser', result.userAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0] ?? result.userAgent);
console.log(
  JSON.stringify({
    bench: 'frames',
    ...result,
    targetMs: TARGET_MS,
    met: result.medianMs < TARGET_MS,
    loadAverage1m: os.loadavg()[0],
    cores: os.cpus().length,
  }),
);
process.exit(result.medianMs < TARGET_MS ? 0 : 1);
