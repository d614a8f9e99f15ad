import fs from 'node:fs';
import path from 'node:path';
import { startTestService, TestService } from './harness';
import { sampleScene } from './scene-fixture';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
  await t.call('POST', '/workspaces/plant', {});
});
afterAll(async () => {
  await t.close();
});

const base = '/doppel/workspaces/plant/resources';
const glb = fs.readFileSync(path.join(__dirname, '..', 'src', 'demo', 'models', 'mixer.glb'));

async function put(resourcePath: string, body: Buffer | string, contentType?: string) {
  const res = await fetch(`${t.url}${base}/${resourcePath}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}`,
      ...(contentType && { 'content-type': contentType }),
    },
    body,
  });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: (await res.json()) as any };
}

const exists = async (resourcePath: string) =>
  (
    await fetch(`${t.url}${base}/${resourcePath}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}` },
    })
  ).status === 200;

describe('models', () => {
  it('stores a valid GLB with no warnings', async () => {
    const res = await put('models/mixer.glb', glb);
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([]);
    expect(res.body.resource.contentType).toBe('model/gltf-binary');
  });

  it('refuses an invalid GLB with the validator’s first messages, storing nothing', async () => {
    const truncated = glb.subarray(0, glb.length - 100);
    const res = await put('models/broken.glb', truncated);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/models\/broken\.glb was not stored: the glTF validator reports/);
    expect(res.body.message).toMatch(/[A-Z_]{6,}/); // the validator's issue code
    expect(await exists('models/broken.glb')).toBe(false);
    expect((await put('models/text.glb', 'hello')).body.message).toMatch(/GLB/);
  });

  it('accepts a .gltf whose buffers and images are missing, with warnings that name them', async () => {
    const gltf = {
      asset: { version: '2.0' },
      buffers: [{ uri: 'tri.bin', byteLength: 36 }],
      bufferViews: [{ buffer: 0, byteLength: 36 }],
      accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 0] }],
      meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
      nodes: [{ mesh: 0 }],
      scenes: [{ nodes: [0] }],
      scene: 0,
    };
    const res = await put('models/tri.gltf', JSON.stringify(gltf));
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([expect.stringContaining('tri.bin (models/tri.bin) is missing')]);
    // once the buffer is there, the model checks clean
    await put('models/tri.bin', Buffer.from(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]).buffer));
    const again = await put('models/tri.gltf', JSON.stringify(gltf));
    expect(again.body).toMatchObject({ warnings: [] });
  });

  it('refuses a content type that contradicts the extension', async () => {
    const res = await put('models/mixer.glb', glb, 'application/vnd.doppel.scene+json');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('does not match its extension .glb');
  });
});

describe('scene documents', () => {
  it.each(['cookiefactory-v1/scenes/CookieFactory.json', 'cookiefactory-v3/scenes/CookieFactoryTiles.json'])(
    'stores the sample %s with warnings naming its absent models',
    async (sample) => {
      const res = await put(`samples/${path.basename(sample)}`, sampleScene(sample), 'application/json');
      expect(res.status).toBe(200);
      const warnings = res.body.warnings as string[];
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^nodes\[\d+\]\.components\[\d+\]\.uri: model "CookieFactoryMixer.glb" \(samples\/CookieFactoryMixer.glb\) is not in the resource library yet$/,
          ),
        ]),
      );
      // one warning per model, not per node that uses it
      expect(warnings.filter((w) => w.includes('CookieFactoryMixer.glb'))).toHaveLength(1);
    },
  );

  it('names the node index and field of each error', async () => {
    const doc = JSON.parse(sampleScene('cookiefactory-v1/scenes/Mixer.json'));
    const tagNode = doc.nodes.findIndex((n: any) => n.components?.[0]?.type === 'Tag');
    doc.nodes[tagNode].components[0].ruleBasedMapId = 'tempRule';
    doc.nodes[0].children = [99];
    const res = await put('scenes/broken.json', JSON.stringify(doc), 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`nodes[${tagNode}].components[0].ruleBasedMapId: no rule "tempRule"`);
    expect(res.body.message).toContain('nodes[0].children[0]: no node 99');
    expect(await exists('scenes/broken.json')).toBe(false);
  });

  it('refuses a scene that is not JSON, and deep or huge JSON, with a 4xx', async () => {
    const notJson = await put('scenes/a.json', '{"specVersion": "1.0", nodes: [', 'application/vnd.doppel.scene+json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toContain('not valid JSON');
    const deep = await put(
      'scenes/deep.json',
      '['.repeat(1_000_000) + ']'.repeat(1_000_000),
      'application/vnd.doppel.scene+json',
    );
    expect(deep.status).toBe(400);
    expect(deep.body.message).toContain('a scene document is a JSON object');
    // a million nodes: larger than the scene document limit, said as such
    const huge = `{"specVersion":"1.0","rootNodeIndexes":[],"nodes":[${Array(1_000_000).fill('{"transform":{"position":[0,0,0]}}').join(',')}]}`;
    const big = await put('scenes/huge.json', huge, 'application/vnd.doppel.scene+json');
    expect(big.status).toBe(413);
    expect(big.body.message).toContain('DOPPEL_SCENE_MAX_BYTES');
  });

  it('keeps other JSON (a 3D-tiles tileset) as it is', async () => {
    const tileset = {
      asset: { version: '1.0' },
      geometricError: 10,
      root: { boundingVolume: { box: [] }, geometricError: 0 },
    };
    const res = await put('tiles/tileset.json', JSON.stringify(tileset), 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([]);
  });
});

describe('CreateScene', () => {
  it('refuses a location without a document, with an invalid one, or in another bucket', async () => {
    const create = (contentLocation: string) =>
      t.call('POST', '/workspaces/plant/scenes', { sceneId: 'cookie', contentLocation });
    const missing = await create('s3://doppel-plant/scenes/nothing.json');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain(
      'upload the scene document to /doppel/workspaces/plant/resources/scenes/nothing.json',
    );
    await put('notes/readme.json', '{"hello": "world"}', 'application/json');
    const notScene = await create('s3://doppel-plant/notes/readme.json');
    expect(notScene.status).toBe(400);
    expect(notScene.body.message).toContain('specVersion');
    const elsewhere = await create('s3://someone-else/scenes/plant.json');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toContain('bucket doppel-plant');
    await put('samples/Mixer.json', sampleScene('cookiefactory-v1/scenes/Mixer.json'), 'application/json');
    expect((await create('s3://doppel-plant/samples/Mixer.json')).status).toBe(200);
    const doc = await fetch(`${t.url}/doppel/workspaces/plant/scenes/cookie/document`, {
      headers: { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}` },
    });
    // model uris as written, relative to the document's folder
    expect(JSON.parse(await doc.text()).nodes[0].components[0].uri).toBe('CookieFactoryMixer.glb');
  });
});
