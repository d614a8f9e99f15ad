#!/usr/bin/env node
// npm run bench:scene [-- --models 200 --tags 1000 --hz 10 --orbit-seconds 8 --idle-seconds 3 --rounds 2 --bare-only]
// The scene viewer against a bare three.js page, in one Chromium (SwiftShader, 1280×720):
// a generated site (model nodes sharing a few GLBs, tags with icon rules whose values change
// `hz` times a second) written into a real service; each side loads it, then the camera orbits
// (the same mouse drags on both canvases) and the figures are read from what each page
// publishes: frame time (between drawn frames), CPU time inside renderer.render(), draw calls,
// load time, and renders per second while nothing changes. Needs `npm run build`.
// Prints a table and one JSON line; exits 1 when the panel misses a target.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { launchChromium, newPage, screenshot } from './browser.mjs';
import { installDrawCounter } from './bench-scene/draw-counter.mjs';
import { startBareServer } from './bench-scene/server.mjs';
import { BENCH_WORKSPACE, benchSite, seedBenchSite, startValueWriter } from './bench-scene/site.mjs';
import { buildHostPage, REPO_DIR } from './host/build.mjs';
import { readPlugins, startHostServer } from './host/server.mjs';
import { startService } from './host/service.mjs';

const PANEL_TYPE = 'doppel-sceneviewer-panel';
const VIEWPORT = { width: 1280, height: 720 };
const TARGETS = { frameRatio: 1.2, loadRatio: 1.5, tagDrawCalls: 10, idleRendersPerSecond: 0 };
const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: '200' },
    tags: { type: 'string', default: '1000' },
    hz: { type: 'string', default: '10' },
    'orbit-seconds': { type: 'string', default: '8' },
    'idle-seconds': { type: 'string', default: '3' },
    // sides alternate (panel, bare, bare, panel …) and each figure is the median over rounds,
    // so a busy moment of the machine does not land on one side only
    rounds: { type: 'string', default: '2' },
    'bare-only': { type: 'boolean', default: false },
  },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Each numeric figure as the median of the runs (the other fields from the first run). */
function medianOfRuns(runs) {
  const out = { ...runs[0] };
  for (const [key, value] of Object.entries(runs[0]))
    if (typeof value === 'number') {
      const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
      const mid = sorted.length / 2;
      out[key] = round(sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2, 2);
    }
  return out;
}

/** Drags across the canvas (OrbitControls / the panel's controls orbit) for `seconds`. */
async function orbit(page, canvas, seconds) {
  const box = await canvas.boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const until = Date.now() + seconds * 1000;
  let [x, dx] = [cx, 6];
  while (Date.now() < until) {
    x += dx;
    if (Math.abs(x - cx) > box.width * 0.35) dx = -dx;
    await page.mouse.move(x, cy + 20 * Math.sin(x / 50));
    await sleep(16);
  }
  await page.mouse.up();
}

/**
 * Measures one side. `read` returns the page's stats object (same field names on both sides);
 * `loaded` waits until the side has drawn everything and returns its load figures.
 */
async function measure(page, canvas, read, writer) {
  const before = await page.evaluate(read);
  const drawsBefore = await page.evaluate(() => ({ ...window.__drawCounter }));
  await orbit(page, canvas, Number(args['orbit-seconds']));
  const after = await page.evaluate(read);
  const drawsAfter = await page.evaluate(() => ({ ...window.__drawCounter }));
  const frames = after.renders - before.renders;
  const frameTimes = after.frameTimesMs.slice(-Math.max(0, frames - 1));
  const renderCpu = after.renderCpuMs.slice(-frames);
  // idle: no input and no value changes; wait for any damping to settle, then count renders
  writer.pause();
  await sleep(1500);
  const idleFrom = await page.evaluate(read);
  await sleep(Number(args['idle-seconds']) * 1000);
  const idleTo = await page.evaluate(read);
  writer.resume();
  return {
    framesDrawn: frames,
    frameMedianMs: round(quantile(frameTimes, 0.5)),
    frameP95Ms: round(quantile(frameTimes, 0.95)),
    renderCpuMedianMs: round(quantile(renderCpu, 0.5), 2),
    renderCpuP95Ms: round(quantile(renderCpu, 0.95), 2),
    drawCalls: after.drawCalls,
    // counted at the WebGL context over the orbit, per frame drawn
    drawCallsPerFrame: round((drawsAfter.total - drawsBefore.total) / frames),
    tagDrawCallsPerFrame: round((drawsAfter.tags - drawsBefore.tags) / frames),
    idleRendersPerSecond: round((idleTo.renders - idleFrom.renders) / Number(args['idle-seconds']), 2),
  };
}

async function runBare(browser, bareUrl, writer) {
  const page = await newPage(browser.context);
  await page.setViewportSize(VIEWPORT);
  await page.goto(bareUrl);
  await page.waitForFunction(() => window.__bareScene?.allDrawnAt || window.__bareScene?.error, undefined, {
    timeout: 120_000,
  });
  const loaded = await page.evaluate(() => window.__bareScene);
  if (loaded.error) throw new Error(`bare page: ${loaded.error}`);
  await sleep(1000); // the stream's first values arrive
  await screenshot(page, 'bench-scene-bare');
  const figures = await measure(page, page.locator('canvas'), () => window.__bareScene, writer);
  const valuesApplied = await page.evaluate(() => window.__bareScene.valuesApplied);
  await page.close();
  return {
    loadMs: round(loaded.allDrawnAt),
    modelDrawCalls: loaded.modelDrawCalls,
    tagDrawCalls: loaded.tagDrawCalls,
    valuesApplied,
    ...figures,
  };
}

async function runPanel(browser, hostUrl, dashboardFile, writer) {
  const page = await newPage(browser.context);
  await page.setViewportSize(VIEWPORT);
  await page.goto(`${hostUrl}/d?file=${encodeURIComponent(dashboardFile)}`);
  const read = () => Object.values(window.__doppelSceneViewer ?? {})[0];
  await page.waitForFunction(() => Object.values(window.__doppelSceneViewer ?? {})[0]?.tagsDrawnAt, undefined, {
    timeout: 120_000,
  });
  const loaded = await page.evaluate(read);
  await sleep(1000);
  await screenshot(page, 'bench-scene-panel');
  const canvas = page.locator('[data-panel-id] canvas').first();
  const box = await canvas.boundingBox();
  const figures = await measure(page, canvas, read, writer);
  const errors = [...page.errors];
  await page.close();
  return {
    hostStartupMs: round(loaded.mountedAt),
    loadMs: round(loaded.tagsDrawnAt - loaded.mountedAt),
    canvas: { width: Math.round(box.width), height: Math.round(box.height) },
    errors,
    ...figures,
  };
}

if (!fs.existsSync(path.join(REPO_DIR, 'backend-proxy', 'dist', 'cli.js'))) {
  console.error('backend-proxy/dist is missing: run npm run build first');
  process.exit(2);
}
const site = benchSite({ models: Number(args.models), tags: Number(args.tags) });
const service = await startService();
const closers = [() => service.close()];
let result;
try {
  const seedStarted = Date.now();
  const { uploaded, sceneKey } = await seedBenchSite(service, site);
  const seedMs = Date.now() - seedStarted;
  const writer = startValueWriter(service, site, Number(args.hz));
  closers.unshift(() => writer.stop());
  const panelBuilt = Boolean(readPlugins(path.join(REPO_DIR, 'dist')).plugins[PANEL_TYPE]);
  const runPanelSide = !args['bare-only'] && panelBuilt && uploaded;

  const browser = await launchChromium({
    extraArgs: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  closers.unshift(() => browser.close());
  await browser.context.addInitScript(installDrawCounter);

  let panelRun;
  let canvas = VIEWPORT;
  if (runPanelSide) {
    await buildHostPage({ quiet: true });
    const dashboardFile = path.join('tests', 'e2e', 'bench-scene', 'bench-dashboard.json');
    const host = await startHostServer({
      datasources: [
        {
          uid: 'doppel',
          name: 'Doppel',
          type: 'doppel-twin-datasource',
          isDefault: true,
          jsonData: { serviceUrl: service.url, accessKeyId: service.accessKeyId, workspaceId: BENCH_WORKSPACE },
          secureJsonData: { secretAccessKey: service.secretAccessKey },
        },
      ],
    });
    closers.unshift(() => host.close());
    panelRun = () => runPanel(browser, host.url, dashboardFile, writer);
  }
  const panelRuns = [];
  const bareRuns = [];
  let bareServer;
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const side of round % 2 === 0 ? ['panel', 'bare'] : ['bare', 'panel']) {
      if (side === 'panel' && panelRun) {
        panelRuns.push(await panelRun());
        canvas = panelRuns[0].canvas; // the bare page draws on a canvas of the panel's size
      } else if (side === 'bare') {
        if (!bareServer) {
          bareServer = await startBareServer({ service, site, canvas, uploaded, sceneKey });
          closers.unshift(() => bareServer.close());
        }
        bareRuns.push(await runBare(browser, bareServer.url, writer));
      }
    }
  }
  const bareFigures = medianOfRuns(bareRuns);
  const panel = panelRuns.length
    ? { ...medianOfRuns(panelRuns), errors: panelRuns.flatMap((r) => r.errors) }
    : undefined;
  const renderer = await (async () => {
    const page = await newPage(browser.context);
    const name = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl ? gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : 'no WebGL2';
    });
    await page.close();
    return name;
  })();
  result = {
    bench: 'scene',
    site: { models: site.models, tags: site.bindings.length, distinctModels: 3, valueHz: Number(args.hz) },
    seedMs,
    resourcesUploaded: uploaded,
    canvas,
    renderer,
    writer: { ...writer.stats },
    rounds: Number(args.rounds),
    bare: bareFigures,
    panel: panel ?? null,
    runs: { bare: bareRuns, panel: panelRuns },
    panelSkipped: runPanelSide
      ? null
      : args['bare-only']
        ? '--bare-only'
        : !panelBuilt
          ? `${PANEL_TYPE} is not in dist/ (not built yet)`
          : 'the service has no resource routes: the scene could not be uploaded',
    loadAverage1m: round(os.loadavg()[0], 2),
    cores: os.cpus().length,
  };
} finally {
  for (const close of closers)
    await Promise.resolve()
      .then(close)
      .catch(() => {});
}

const row = (k, bare, panel = '', ratio = '') =>
  console.log(
    `${k.padEnd(34)} ${String(bare).padStart(10)} ${String(panel).padStart(10)} ${String(ratio).padStart(22)}`,
  );
const { bare, panel } = result;
console.log(
  `bench:scene — ${result.site.models} model nodes (3 GLBs), ${result.site.tags} tags, values changing at ${result.site.valueHz} Hz; ${result.renderer}; canvas ${result.canvas.width}×${result.canvas.height}; median of ${result.rounds} round(s) per side`,
);
row('', 'bare', 'panel', 'panel/bare (target)');
const ratio = (key, target) =>
  panel
    ? `${round(panel[key] / bare[key], 2)} (≤ ${target}) ${panel[key] / bare[key] <= target ? 'met' : 'MISSED'}`
    : '';
row(
  'frame time median (ms)',
  bare.frameMedianMs,
  panel?.frameMedianMs ?? '—',
  ratio('frameMedianMs', TARGETS.frameRatio),
);
row('frame time p95 (ms)', bare.frameP95Ms, panel?.frameP95Ms ?? '—');
row('frames drawn while orbiting', bare.framesDrawn, panel?.framesDrawn ?? '—');
row('CPU in renderer.render() median (ms)', bare.renderCpuMedianMs, panel?.renderCpuMedianMs ?? '—');
row('CPU in renderer.render() p95 (ms)', bare.renderCpuP95Ms, panel?.renderCpuP95Ms ?? '—');
row('load (ms)', bare.loadMs, panel?.loadMs ?? '—', ratio('loadMs', TARGETS.loadRatio));
row('  host start-up before mount (ms)', '', panel?.hostStartupMs ?? '—', 'not counted');
row('draw calls, last frame (renderer.info)', bare.drawCalls, panel?.drawCalls ?? '—');
row('draw calls per frame (WebGL)', bare.drawCallsPerFrame, panel?.drawCallsPerFrame ?? '—');
row(
  '  of which tags (quads, points)',
  bare.tagDrawCallsPerFrame,
  panel?.tagDrawCallsPerFrame ?? '—',
  panel ? `≤ ${TARGETS.tagDrawCalls}: ${panel.tagDrawCallsPerFrame <= TARGETS.tagDrawCalls ? 'met' : 'MISSED'}` : '',
);
row(
  'renders/s while idle',
  bare.idleRendersPerSecond,
  panel?.idleRendersPerSecond ?? '—',
  panel ? `= 0: ${panel.idleRendersPerSecond === 0 ? 'met' : 'MISSED'}` : '',
);
if (result.panelSkipped) console.log(`panel side not run: ${result.panelSkipped}`);
console.log(
  `values written: ${result.writer.ticks} ticks of ${result.site.tags}, ${result.writer.achievedHz} ticks/s achieved of ${result.site.valueHz} asked (${result.writer.skipped} skipped while the service was busy${result.writer.lastError ? `; last error ${result.writer.lastError}` : ''}); bare page applied ${bare.valuesApplied}`,
);
console.log(
  `load average (1 min) ${result.loadAverage1m} on ${result.cores} cores (other work on the machine slows the runs)`,
);
console.log(JSON.stringify(result));
const missed =
  panel &&
  (panel.frameMedianMs > TARGETS.frameRatio * bare.frameMedianMs ||
    panel.loadMs > TARGETS.loadRatio * bare.loadMs ||
    panel.tagDrawCallsPerFrame > TARGETS.tagDrawCalls ||
    panel.idleRendersPerSecond > TARGETS.idleRendersPerSecond);
process.exit(missed ? 1 : 0);
