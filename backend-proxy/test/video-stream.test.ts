// Cameras in the service: the doppel.video.stream built-in type on entities, and HLS written by
// a real ffmpeg straight into the resource library (HTTP PUT, as an NVR or MediaMTX can be told
// to), read back with the content types and Range answers players need.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { startTestService, TestService } from './harness';
import { execInStore } from './test-store';

let t: TestService;
const ws = 'cams';
const FFMPEG = '/usr/bin/ffmpeg';

beforeAll(async () => {
  t = await startTestService();
  await t.call('POST', `/workspaces/${ws}`, {});
});
afterAll(() => t.close());

/** Runs ffmpeg to the end; rejects with its stderr on failure. */
function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
  });
}

/**
 * Two seconds of a test pattern as HLS, PUT by ffmpeg into the workspace's resources under
 * `folder`; resolves once the playlist is stored (ffmpeg closes without waiting for answers).
 */
async function putHls(folder: string, segmentType: 'mpegts' | 'fmp4'): Promise<void> {
  const resources = `${t.url}/doppel/workspaces/${ws}/resources/${folder}`;
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=2'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p'],
    ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-hls_playlist_type', 'vod'],
    ...['-hls_flags', 'program_date_time', '-hls_segment_type', segmentType],
    ...['-method', 'PUT', '-headers', `Authorization: Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}\r\n`],
    ...(segmentType === 'fmp4' ? ['-hls_fmp4_init_filename', 'init.mp4'] : []),
    `${resources}/index.m3u8`,
  ]);
  for (let i = 0; i < 50 && (await get(`${folder}/index.m3u8`)).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/doppel/workspaces/${ws}/resources/${path}`, {
    headers: { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}`, ...headers },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    headers: res.headers,
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

const segmentsOf = (playlist: string) => playlist.split('\n').filter((l) => l && !l.startsWith('#'));

test('doppel.video.stream is listed in every workspace and takes liveUrl, recordingsUrl and posterUrl', async () => {
  const type = await t.call('GET', `/workspaces/${ws}/component-types/doppel.video.stream`);
  expect(type.status).toBe(200);
  expect(Object.keys(type.body.propertyDefinitions).sort()).toEqual(['liveUrl', 'posterUrl', 'recordingsUrl']);
  const entity = await t.call('POST', `/workspaces/${ws}/entities`, {
    entityId: 'Camera_1',
    entityName: 'Camera 1',
    components: {
      Video: {
        componentTypeId: 'doppel.video.stream',
        properties: {
          liveUrl: { value: { stringValue: 'cams/line1/live.m3u8' } },
          recordingsUrl: { value: { stringValue: 'https://nvr.example/line1/recordings.m3u8' } },
        },
      },
    },
  });
  expect(entity.status).toBe(200);
  const got = await t.call('GET', `/workspaces/${ws}/entities/Camera_1`);
  expect(got.body.components.Video.properties.liveUrl.value).toEqual({ stringValue: 'cams/line1/live.m3u8' });
});

test('the doppel. namespace is reserved for built-in types', async () => {
  const res = await t.call('POST', `/workspaces/${ws}/component-types/doppel.video.mine`, {});
  expect(res.status).toBe(400);
  expect(res.errorCode).toBe('DOPPEL_ERR_COMPONENT_TYPE_INVALID');
  expect(res.body.message).toMatch(/doppel\. are reserved/);
});

const hasFfmpeg = fs.existsSync(FFMPEG);
(hasFfmpeg ? test : test.skip)(
  'HLS that ffmpeg PUTs (MPEG-TS segments) is served as mpegurl and video/mp2t, segments with Range',
  async () => {
    await putHls('cam-ts', 'mpegts');
    const playlist = await get('cam-ts/index.m3u8');
    expect(playlist.status).toBe(200);
    expect(playlist.type).toBe('application/vnd.apple.mpegurl');
    const text = playlist.bytes.toString('utf8');
    expect(text).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT/);
    const segments = segmentsOf(text);
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const whole = await get(`cam-ts/${segments[0]}`);
    expect(whole.type).toBe('video/mp2t');
    expect(whole.bytes[0]).toBe(0x47); // MPEG-TS sync byte
    const part = await get(`cam-ts/${segments[0]}`, { range: 'bytes=188-375' });
    expect(part.status).toBe(206);
    expect(part.type).toBe('video/mp2t');
    expect(part.headers.get('content-range')).toBe(`bytes 188-375/${whole.bytes.length}`);
    expect(part.bytes.equals(whole.bytes.subarray(188, 376))).toBe(true);
  },
  30_000,
);

(hasFfmpeg ? test : test.skip)(
  'fragmented-MP4 HLS is served as video/iso.segment with its init segment as video/mp4',
  async () => {
    await putHls('cam-fmp4', 'fmp4');
    const text = (await get('cam-fmp4/index.m3u8')).bytes.toString('utf8');
    expect(text).toMatch(/#EXT-X-MAP:URI="init\.mp4"/);
    expect((await get('cam-fmp4/init.mp4')).type).toBe('video/mp4');
    const segment = await get(`cam-fmp4/${segmentsOf(text)[0]}`);
    expect(segment.type).toBe('video/iso.segment');
    expect(segment.bytes.subarray(4, 8).toString('latin1')).toMatch(/styp|moof/);
  },
  30_000,
);

test('an upload whose client closes its side after the body (as ffmpeg does) is stored and answered', async () => {
  const { port } = new URL(t.url);
  const body = Buffer.alloc(64 * 1024, 7);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true }, () => {
      socket.write(
        `PUT /doppel/workspaces/${ws}/resources/half/segment0.ts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
          `Authorization: Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.end(body);
    });
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  const stored = await get('half/segment0.ts');
  expect(stored.bytes.equals(body)).toBe(true);
});

test('a workspace created before a built-in type existed gets it when the service starts', async () => {
  const old = await startTestService();
  await old.call('POST', '/workspaces/older', {});
  await old.close(true);
  // the database as a service without doppel.video.stream left it
  await execInStore(old.dataDir, "DELETE FROM component_types WHERE component_type_id = 'doppel.video.stream'");
  const restarted = await startTestService({ dataDir: old.dataDir });
  try {
    const type = await restarted.call('GET', '/workspaces/older/component-types/doppel.video.stream');
    expect(type.status).toBe(200);
    expect(type.body.componentTypeName).toBe('Video stream');
  } finally {
    await restarted.close();
  }
});
