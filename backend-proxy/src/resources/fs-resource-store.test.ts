import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FsResourceStore } from './fs-resource-store';

let root: string;
let store: FsResourceStore;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-fs-store-'));
  store = new FsResourceStore(root);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function put(key: string, content = key) {
  const staged = await store.stage(Readable.from([Buffer.from(content)]), { maxBytes: 1000 });
  return staged.commit('b', key, 'text/plain');
}

const keys = (listing: { resources: { path: string }[] }) => listing.resources.map((r) => r.path);

describe('filesystem resource store', () => {
  const all = ['a-c', 'a.txt', 'a/b/c.txt', 'a/d.txt', 'b.txt', 'z/y/x.txt'];
  beforeEach(async () => {
    for (const key of [...all].reverse()) await put(key);
  });

  it('lists keys in byte order, as S3 does', async () => {
    expect(keys(await store.list('b', { maxKeys: 100 }))).toEqual(all);
  });

  it('pages from startAfter without loss or duplicates, in any page size', async () => {
    for (const size of [1, 2, 3, 5]) {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.list('b', { maxKeys: size, startAfter: after });
        seen.push(...keys(page));
        after = page.nextStartAfter;
      } while (after);
      expect(seen).toEqual(all);
    }
  });

  it('groups by delimiter into common prefixes, paging across them', async () => {
    const top = await store.list('b', { delimiter: '/', maxKeys: 100 });
    expect(keys(top)).toEqual(['a-c', 'a.txt', 'b.txt']);
    expect(top.commonPrefixes).toEqual(['a/', 'z/']);
    const under = await store.list('b', { prefix: 'a/', delimiter: '/', maxKeys: 100 });
    expect(keys(under)).toEqual(['a/d.txt']);
    expect(under.commonPrefixes).toEqual(['a/b/']);
    const firstTwo = await store.list('b', { delimiter: '/', maxKeys: 2 });
    expect([...keys(firstTwo), ...firstTwo.commonPrefixes]).toEqual(['a-c', 'a.txt']);
    const rest = await store.list('b', { delimiter: '/', maxKeys: 100, startAfter: firstTwo.nextStartAfter });
    expect(rest.commonPrefixes).toEqual(['a/', 'z/']);
    expect(keys(rest)).toEqual(['b.txt']);
  });

  it('filters by a prefix inside a name', async () => {
    expect(keys(await store.list('b', { prefix: 'a', maxKeys: 100 }))).toEqual([
      'a-c',
      'a.txt',
      'a/b/c.txt',
      'a/d.txt',
    ]);
    expect(keys(await store.list('b', { prefix: 'a/b', maxKeys: 100 }))).toEqual(['a/b/c.txt']);
  });

  it('prunes folders left empty by a delete', async () => {
    await store.delete('b', 'z/y/x.txt');
    expect(fs.existsSync(path.join(root, 'buckets', 'b', 'data', 'z'))).toBe(false);
    expect(await store.isEmpty('b')).toBe(false);
  });

  it('describes a file put there by hand (no sidecar) from the file itself', async () => {
    fs.writeFileSync(path.join(root, 'buckets', 'b', 'data', 'hand.glb'), 'glTF');
    const info = await store.head('b', 'hand.glb');
    expect(info).toMatchObject({ size: 4, contentType: 'model/gltf-binary' });
    expect(info!.etag).toMatch(/^"[0-9a-f-]+"$/);
  });
});

describe('staged uploads left in tmp/ when a store opens', () => {
  const leftover = (name: string, ageMs: number) => {
    const file = path.join(root, 'tmp', name);
    fs.writeFileSync(file, 'half an upload');
    const when = new Date(Date.now() - ageMs);
    fs.utimesSync(file, when, when);
    return file;
  };

  it('are all removed when the dir is this instance’s own (a crash left them)', () => {
    const fresh = leftover('fresh', 0);
    new FsResourceStore(root);
    expect(fs.existsSync(fresh)).toBe(false);
  });

  it('are removed only when stale when the dir is shared (another instance may be writing a fresh one)', () => {
    const fresh = leftover('fresh', 1000);
    const stale = leftover('stale', 2 * 60 * 60 * 1000);
    new FsResourceStore(root, { shared: true });
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
  });
});
