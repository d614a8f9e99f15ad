import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FsResourceStore } from '../resources/fs-resource-store';
import { ResourceLibrary } from '../resources/library';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { addDemoCamera, DEMO_CAMERA_ID, withProgramDateTime } from './demo-camera';
import { DEMO_WORKSPACE } from './demo-site';

const ffmpegPlaylist = [
  '#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-MEDIA-SEQUENCE:0',
  '#EXT-X-PLAYLIST-TYPE:VOD',
  '#EXTINF:2.000000,',
  'segment000.ts',
  '#EXTINF:2.000000,',
  'segment001.ts',
  '#EXT-X-ENDLIST',
  '',
].join('\n');

describe('withProgramDateTime', () => {
  it('dates the first segment, so players date every segment after it', () => {
    const dated = withProgramDateTime(ffmpegPlaylist, Date.parse('2026-03-01T10:00:00Z')).split('\n');
    expect(dated.slice(4, 8)).toEqual([
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-PROGRAM-DATE-TIME:2026-03-01T10:00:00.000Z',
      '#EXTINF:2.000000,',
      'segment000.ts',
    ]);
    expect(dated.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME'))).toHaveLength(1);
  });
  it('replaces the dates the encoder wrote (its own clock)', () => {
    const encoderDated = ffmpegPlaylist.replace(
      '#EXTINF',
      '#EXT-X-PROGRAM-DATE-TIME:2030-01-01T00:00:00.000+0000\n#EXTINF',
    );
    const dated = withProgramDateTime(encoderDated, 0);
    expect(dated).not.toContain('2030-01-01');
    expect(dated).toContain('#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z');
  });
  it('refuses a playlist without segments', () => {
    expect(() => withProgramDateTime('#EXTM3U\n', 0)).toThrow(/no segment/);
  });
});

describe('addDemoCamera without ffmpeg', () => {
  it('adds the camera without a recording, saying why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-demo-camera-'));
    const store = SqliteStore.open(dir, { region: 'us-east-1', accountId: '000000000000' });
    try {
      await store.workspaces.create(DEMO_WORKSPACE, {});
      await store.entities.create(DEMO_WORKSPACE, { entityId: 'Line_1', entityName: 'Line 1' });
      const resources = new ResourceLibrary(new FsResourceStore(path.join(dir, 'resources')), 1 << 20);
      expect(await addDemoCamera(store, resources, Date.now(), path.join(dir, 'no-ffmpeg'))).toBe(false);
      const camera = await store.entities.get(DEMO_WORKSPACE, DEMO_CAMERA_ID);
      expect(camera?.description).toMatch(/no recording \(ffmpeg was not installed/);
      expect(camera?.components?.Video?.properties?.recordingsUrl?.value).toBeUndefined();
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
