// The demo's camera over line 1: a doppel.video.stream entity whose recording — two minutes of
// ffmpeg's test pattern ending when the demo site was created, as HLS with a program date-time —
// is made at `serve --demo` time when ffmpeg is installed, so no video ships with Doppel.
// Without ffmpeg the camera has no recordingsUrl, and the video panel says there is none.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResourceLibrary } from '../resources/library';
import { Store } from '../store/store';
import { DEMO_WORKSPACE } from './demo-site';

export const DEMO_CAMERA_ID = 'Camera_1';
export const DEMO_RECORDING_FOLDER = 'cams/line1/';
export const DEMO_RECORDING_KEY = `${DEMO_RECORDING_FOLDER}recording.m3u8`;
export const DEMO_RECORDING_SECONDS = 120;
const DEFAULT_FFMPEG = '/usr/bin/ffmpeg';

/**
 * The playlist with one `#EXT-X-PROGRAM-DATE-TIME` (epoch ms `startMs`) before its first
 * segment: players carry it forward, so every segment gets its wall-clock time.
 */
export function withProgramDateTime(playlist: string, startMs: number): string {
  const lines = playlist.split('\n').filter((l) => !l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'));
  const first = lines.findIndex((l) => l.startsWith('#EXTINF:'));
  if (first < 0) throw new Error('demo recording: the playlist has no segment');
  lines.splice(first, 0, `#EXT-X-PROGRAM-DATE-TIME:${new Date(startMs).toISOString()}`);
  return lines.join('\n');
}

function run(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.trim()}`))));
  });
}

/** Makes the recording (HLS, 2 s H.264 segments) in `dir`; answers the playlist's file name. */
async function makeRecording(ffmpeg: string, dir: string): Promise<string> {
  await run(ffmpeg, [
    ...['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=10:duration=${DEMO_RECORDING_SECONDS}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '20', '-keyint_min', '20'],
    ...['-sc_threshold', '0', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_playlist_type', 'vod'],
    ...['-hls_segment_filename', path.join(dir, 'segment%03d.ts'), path.join(dir, 'recording.m3u8')],
  ]);
  return 'recording.m3u8';
}

/**
 * Adds the camera entity under Line_1 and, when ffmpeg runs, its recording ending at `now`.
 * Answers whether a recording was made.
 */
export async function addDemoCamera(
  store: Store,
  resources: ResourceLibrary,
  now: number,
  ffmpeg = DEFAULT_FFMPEG,
): Promise<boolean> {
  const workspace = await store.workspaces.get(DEMO_WORKSPACE);
  if (!workspace) throw new Error(`demo camera: workspace ${DEMO_WORKSPACE} is missing`);
  let recorded = false;
  if (fs.existsSync(ffmpeg)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-demo-camera-'));
    try {
      const playlist = await makeRecording(ffmpeg, dir);
      for (const file of fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .sort())
        await resources.putForWorkspace(workspace, DEMO_RECORDING_FOLDER + file, fs.readFileSync(path.join(dir, file)));
      const text = fs.readFileSync(path.join(dir, playlist), 'utf8');
      await resources.putForWorkspace(
        workspace,
        DEMO_RECORDING_KEY,
        withProgramDateTime(text, now - DEMO_RECORDING_SECONDS * 1000),
      );
      recorded = true;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  await store.entities.create(DEMO_WORKSPACE, {
    entityId: DEMO_CAMERA_ID,
    entityName: 'Camera line 1',
    parentEntityId: 'Line_1',
    description: recorded
      ? 'Watches line 1: a test-pattern recording of the two minutes before the demo was created'
      : 'Watches line 1: no recording (ffmpeg was not installed when the demo was created)',
    components: {
      Video: {
        componentTypeId: 'doppel.video.stream',
        properties: recorded ? { recordingsUrl: { value: { stringValue: DEMO_RECORDING_KEY } } } : {},
      },
    },
  });
  return recorded;
}
