// The video player panel through the host, on streams ffmpeg makes while the spec runs, stored in
// the workspace's resource library and played through the data proxy. The recording's frames
// show their own second as ten black/white blocks (a white and a black marker, then 8 bits), so
// the spec reads from the pixels which moment is on screen: the first frame shown for a past
// range is the one whose program date-time is the range's start (±1 segment), also after the
// range changes, a click on the timeline, and a start that falls in the recording's gap. The
// live stream is ffmpeg PUTting an event playlist into the resources as a camera would, and its
// video's currentTime must advance. A missing playlist and a Kinesis Video Streams component are
// said in the panel.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoPageErrors, screenshot, service, step, useBrowser } from '../harness.mjs';
import { serviceClient, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();
const FFMPEG = '/usr/bin/ffmpeg';
const DASHBOARD = '/d?file=tests/e2e/fixtures/video-dashboard.json';
const FOLDER = 'e2e-video';
const SEGMENT_S = 2;
// 60 s of recording: seconds 0–39 recorded from B, then a 20 s gap, seconds 40–59 from B + 60 s
const RECORDED_S = 60;
const GAP_AFTER_S = 40;
const GAP_S = 20;
const B = Math.floor(Date.now() / 1000) * 1000 - 30 * 60_000;
/** the wall-clock time (epoch ms) of the frame that shows second `v` */
const wallOf = (v) => B + (v < GAP_AFTER_S ? v : v + GAP_S) * 1000;
const TOLERANCE_MS = SEGMENT_S * 1000 + 1000; // ±1 segment, and the frames' 1 s resolution

const auth = { Authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}` };
const call = serviceClient(service);
const resourceUrl = (p) => `${service.url}/doppel/workspaces/${WORKSPACE}/resources/${p}`;
const entities = ['Camera_E2E', 'Camera_E2E_Missing', 'Camera_E2E_Kvs'];
let live;
let workDir;

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
  });
}

// lum 235 (white) or 16 (black) per 32 px block: block 0 white, block 9 black, blocks 1–8 the bits of floor(T)
const BIT_BLOCKS =
  "geq=lum='if(lt(X,32),235,if(gte(X,288),16,if(mod(floor(floor(T)/pow(2,floor(X/32)-1)),2),235,16)))'";

/** Makes the recording with ffmpeg and writes its playlist with program date-times and the gap. */
async function makeRecording(dir) {
  await run([
    ...['-f', 'lavfi', '-i', `color=c=black:s=320x180:r=5:d=${RECORDED_S},format=gray,${BIT_BLOCKS}`],
    ...['-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast'],
    ...['-g', String(5 * SEGMENT_S), '-keyint_min', String(5 * SEGMENT_S), '-sc_threshold', '0'],
    ...['-f', 'hls', '-hls_time', String(SEGMENT_S), '-hls_list_size', '0', '-hls_playlist_type', 'vod'],
    ...['-hls_segment_filename', path.join(dir, 'seg%d.ts'), path.join(dir, 'ffmpeg.m3u8')],
  ]);
  const lines = fs.readFileSync(path.join(dir, 'ffmpeg.m3u8'), 'utf8').split('\n');
  const out = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${SEGMENT_S}`, '#EXT-X-PLAYLIST-TYPE:VOD'];
  let second = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('#EXTINF:')) continue;
    if (second === 0 || second === GAP_AFTER_S) {
      if (second) out.push('#EXT-X-DISCONTINUITY');
      out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(wallOf(second)).toISOString()}`);
    }
    out.push(lines[i], lines[i + 1]);
    second += parseFloat(lines[i].slice('#EXTINF:'.length));
  }
  out.push('#EXT-X-ENDLIST', '');
  fs.writeFileSync(path.join(dir, 'index.m3u8'), out.join('\n'));
}

async function upload(dir, prefix) {
  for (const name of fs.readdirSync(dir).filter((n) => n !== 'ffmpeg.m3u8')) {
    const r = await fetch(resourceUrl(`${prefix}/${name}`), {
      method: 'PUT',
      headers: auth,
      body: fs.readFileSync(path.join(dir, name)),
    });
    if (!r.ok) throw new Error(`PUT ${name} → ${r.status}: ${await r.text()}`);
  }
}

/** A camera that ffmpeg streams into the resource library (HTTP PUT), as an NVR would. */
function startLiveCamera() {
  const child = spawn(
    FFMPEG,
    [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'],
      ...['-g', '10', '-keyint_min', '10', '-sc_threshold', '0'],
      ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-hls_playlist_type', 'event'],
      ...['-hls_flags', 'program_date_time', '-method', 'PUT', '-headers', `Authorization: ${auth.Authorization}\r\n`],
      resourceUrl(`${FOLDER}/live/index.m3u8`),
    ],
    { stdio: 'ignore' },
  );
  return child;
}

const camera = (entityId, componentTypeId, properties) => ({
  entityId,
  entityName: entityId,
  components: {
    Video: {
      componentTypeId,
      properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, { value: { stringValue: v } }])),
    },
  },
});

before(async () => {
  assert.ok(fs.existsSync(FFMPEG), `${FFMPEG} is missing: run bash scripts/ensure-system-packages.sh`);
  live = startLiveCamera();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-video-'));
  await makeRecording(workDir);
  await upload(workDir, `${FOLDER}/rec`);
  await call(
    'POST',
    `/workspaces/${WORKSPACE}/entities`,
    camera('Camera_E2E', 'doppel.video.stream', {
      liveUrl: `${FOLDER}/live/index.m3u8`,
      recordingsUrl: `${FOLDER}/rec/index.m3u8`,
    }),
  );
  await call(
    'POST',
    `/workspaces/${WORKSPACE}/entities`,
    camera('Camera_E2E_Missing', 'doppel.video.stream', { recordingsUrl: `${FOLDER}/nowhere/index.m3u8` }),
  );
  await call(
    'POST',
    `/workspaces/${WORKSPACE}/entities`,
    camera('Camera_E2E_Kvs', 'com.amazon.kvs.video', { KinesisVideoStreamName: 'line1-cam' }),
  );
});

after(async () => {
  live?.kill('SIGKILL');
  fs.rmSync(workDir, { recursive: true, force: true });
  for (const id of entities)
    await fetch(`${service.url}/workspaces/${WORKSPACE}/entities/${id}`, { method: 'DELETE', headers: auth });
  let nextToken;
  do {
    const q = new URLSearchParams({ prefix: `${FOLDER}/`, ...(nextToken ? { nextToken } : {}) });
    const list = await (
      await fetch(`${service.url}/doppel/workspaces/${WORKSPACE}/resources?${q}`, { headers: auth })
    ).json();
    for (const r of list.resources ?? []) await fetch(resourceUrl(r.path), { method: 'DELETE', headers: auth });
    nextToken = list.nextToken;
  } while (nextToken);
});

/**
 * Records, in the page, every frame the video presents (requestVideoFrameCallback) decoded to
 * the second it shows, and the count of frames presented when the last seek ended.
 */
function watchFrames() {
  window.__frames = [];
  window.__seekedAt = 0;
  const decode = (video, canvas) => {
    const [w, h] = [video.videoWidth, video.videoHeight];
    if (!w || !h) return null;
    [canvas.width, canvas.height] = [w, h];
    const g = canvas.getContext('2d', { willReadFrequently: true });
    g.drawImage(video, 0, 0, w, h);
    const row = g.getImageData(0, Math.floor(h / 2), w, 1).data;
    const bit = (i) => row[Math.floor(((i + 0.5) * w) / 10) * 4] > 128;
    if (!bit(0) || bit(9)) return null;
    let value = 0;
    for (let i = 1; i <= 8; i++) if (bit(i)) value |= 1 << (i - 1);
    return value;
  };
  document.addEventListener(
    'loadstart',
    (event) => {
      const video = event.target;
      if (!(video instanceof HTMLVideoElement) || video.__watched) return;
      video.__watched = true;
      const canvas = document.createElement('canvas');
      const onFrame = (_now, meta) => {
        window.__frames.push({ value: decode(video, canvas), mediaTime: meta.mediaTime });
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      video.addEventListener('seeked', () => (window.__seekedAt = window.__frames.length));
    },
    true,
  );
}

/** Opens the dashboard with frame watching installed (from the first frame: the page is loaded again). */
async function openDashboard(query) {
  const page = await browser.open(`${DASHBOARD}&${query}`);
  await page.addInitScript(watchFrames);
  await page.reload();
  return page;
}

const player = (page) => page.getByTestId('video-player');

/** The second shown by the first decodable frame presented at or after frame index `from`. */
async function firstFrameFrom(page, from) {
  const handle = await page.waitForFunction(
    (i) => window.__frames.slice(i).find((f) => f.value !== null)?.value,
    from,
    { timeout: 15_000 },
  );
  return handle.jsonValue();
}

/** Sets the dashboard's absolute range with Grafana's time picker, as a person would. */
async function pickRange(page, from, to) {
  const fmt = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  await page.getByTestId('data-testid TimePicker Open Button').click();
  await page.getByTestId('data-testid Time Range from field').fill(fmt(from));
  await page.getByTestId('data-testid Time Range to field').fill(fmt(to));
  await page.getByTestId('data-testid TimePicker submit button').click();
}

const near = (actual, expected, what) =>
  assert.ok(
    Math.abs(actual - expected) <= TOLERANCE_MS,
    `${what}: showed ${new Date(actual).toISOString()}, expected ${new Date(expected).toISOString()} ±${TOLERANCE_MS} ms`,
  );

describe('video player panel', () => {
  test('a past range plays the recording from its start; range changes, timeline clicks and gaps seek', async () => {
    const from = wallOf(25);
    const to = wallOf(RECORDED_S) + 20_000;
    const page = await openDashboard(`from=${from}&to=${to}`);
    await step(page, 'video-recording', async () => {
      await player(page)
        .and(page.locator('[data-mode="recording"][data-state="playing"]'))
        .waitFor({ timeout: 20_000 });
      near(wallOf(await firstFrameFrom(page, 0)), from, 'first frame of the range');

      const spans = page.getByTestId('video-recorded-span');
      await spans.nth(1).waitFor();
      const drawn = await spans.evaluateAll((els) => els.map((e) => [Number(e.dataset.from), Number(e.dataset.to)]));
      assert.deepEqual(drawn, [
        [from, wallOf(GAP_AFTER_S - 1) + 1000],
        [wallOf(GAP_AFTER_S), wallOf(RECORDED_S - 1) + 1000],
      ]);
      assert.equal(await page.getByTestId('video-gap').count(), 2);
      await screenshot(page, 'video-recording');
    });

    await step(page, 'video-range-change', async () => {
      const seeked = await page.evaluate(() => window.__frames.length);
      const newFrom = wallOf(50);
      await pickRange(page, newFrom, to);
      await page.waitForFunction((n) => window.__seekedAt > n, seeked, { timeout: 10_000 });
      near(
        wallOf(await firstFrameFrom(page, await page.evaluate(() => window.__seekedAt))),
        newFrom,
        'after the range changed',
      );
    });

    await step(page, 'video-timeline-click', async () => {
      const [rangeFrom, rangeTo] = [wallOf(50), to];
      const target = wallOf(55);
      const box = await page.getByTestId('video-timeline').boundingBox();
      const before = await page.evaluate(() => window.__seekedAt);
      await page.mouse.click(
        box.x + ((target - rangeFrom) / (rangeTo - rangeFrom)) * box.width,
        box.y + box.height / 2,
      );
      await page.waitForFunction((n) => window.__seekedAt > n, before, { timeout: 10_000 });
      near(
        wallOf(await firstFrameFrom(page, await page.evaluate(() => window.__seekedAt))),
        target,
        'after a timeline click',
      );
    });

    await step(page, 'video-gap', async () => {
      const before = await page.evaluate(() => window.__seekedAt);
      const inGap = wallOf(GAP_AFTER_S - 1) + 1000 + 5_000;
      await pickRange(page, inGap, to);
      await page
        .getByTestId('video-message')
        .getByText(/^No recording at .* playing from/)
        .waitFor({ timeout: 10_000 });
      await page.waitForFunction((n) => window.__seekedAt > n, before, { timeout: 10_000 });
      const shown = wallOf(await firstFrameFrom(page, await page.evaluate(() => window.__seekedAt)));
      near(shown, wallOf(GAP_AFTER_S), 'a start in the gap plays from the next recorded span');
      await screenshot(page, 'video-gap');
    });

    await step(page, 'video-crosshair', async () => {
      // The dashboard shares its crosshair (graphTooltip 1) over one event bus: hovering the time
      // series panel (a point of the seeded minute values in the range) draws the time on the
      // video timeline, and leaving it clears it.
      const graphFrom = wallOf(0) - 120_000;
      await pickRange(page, graphFrom, to);
      const graph = page.locator(`[data-panel-id="2"][data-state="Done"][data-range^="${graphFrom},"] .u-over`);
      await graph.waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('video-crosshair').count(), 0);
      const box = await graph.boundingBox();
      // From outside the plot first: the time picker's submit button, where the mouse was left,
      // can lie over the panel, and uPlot shows its cursor from the pointer entering its area.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2);
      await page.getByTestId('video-crosshair').waitFor({ timeout: 10_000 });
      await screenshot(page, 'video-crosshair');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
      await page.getByTestId('video-crosshair').waitFor({ state: 'detached', timeout: 10_000 });
    });
    assertNoPageErrors(page);
  });

  test('a range ending now plays the live stream ffmpeg is writing', async () => {
    const page = await openDashboard('from=now-5m&to=now');
    await step(page, 'video-live', async () => {
      await player(page).and(page.locator('[data-mode="live"][data-state="playing"]')).waitFor({ timeout: 30_000 });
      const t1 = await page.evaluate(() => document.querySelector('[data-testid="video-player"] video').currentTime);
      await page.waitForTimeout(2500);
      const t2 = await page.evaluate(() => document.querySelector('[data-testid="video-player"] video').currentTime);
      assert.ok(t2 > t1 + 1, `currentTime went from ${t1} to ${t2}`);
      assert.ok((await page.getByTestId('video-recorded-span').count()) >= 1, 'the live segments are on the timeline');
      await screenshot(page, 'video-live');
    });
    assertNoPageErrors(page);
  });

  test('a missing playlist and a Kinesis Video Streams camera are said in the panel', async () => {
    const page = await openDashboard(`from=${wallOf(0)}&to=${wallOf(30)}&var-camera=Camera_E2E_Missing`);
    await step(page, 'video-missing', async () => {
      const message = page.getByTestId('video-message');
      await message.getByText('Stream not found').waitFor({ timeout: 15_000 });
      assert.match(await message.innerText(), /nowhere\/index\.m3u8 answered 404/);
    });
    const kvs = await openDashboard(`from=now-5m&to=now&var-camera=Camera_E2E_Kvs`);
    await step(kvs, 'video-kvs', async () => {
      await kvs
        .getByTestId('video-panel-message')
        .getByText('Kinesis Video Streams is not available self-hosted')
        .waitFor({ timeout: 15_000 });
    });
    assertNoPageErrors(page);
    assertNoPageErrors(kvs);
  });
});
