import { startTestService, TestService } from './harness';

// serve --demo also puts the plant in 3D into demo-factory: models, the scene document, the scene.
const WS = 'demo-factory';
let t: TestService;

beforeAll(async () => {
  t = await startTestService({ config: { demo: true, demoIntervalMs: 60_000 } });
});
afterAll(() => t.close());

const raw = async (path: string) => {
  const res = await fetch(t.url + path, {
    headers: { authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
};

test('the demo scene is listed and points into the workspace bucket', async () => {
  const listed = await t.call('POST', `/workspaces/${WS}/scenes-list`, {});
  expect(listed.status).toBe(200);
  expect(listed.body.sceneSummaries.map((s: any) => s.sceneId)).toEqual(['FactoryFloor']);
  const scene = await t.call('GET', `/workspaces/${WS}/scenes/FactoryFloor`);
  expect(scene.body.contentLocation).toBe('s3://doppel-demo-factory/scenes/FactoryFloor.json');
});

test('the document endpoint answers the scene, and every model it names is in the library as a GLB', async () => {
  const document = await raw(`/doppel/workspaces/${WS}/scenes/FactoryFloor/document`);
  expect(document.status).toBe(200);
  const scene = JSON.parse(document.bytes.toString('utf8'));
  expect(scene.specVersion).toBe('1.0');
  const uris = new Set<string>(
    scene.nodes.flatMap((n: any) =>
      (n.components ?? []).filter((c: any) => c.type === 'ModelRef').map((c: any) => c.uri),
    ),
  );
  expect([...uris].sort()).toEqual(['conveyor.glb', 'floor.glb', 'mixer.glb', 'oven.glb']);
  for (const uri of uris) {
    // relative to the document's folder, as TwinMaker's loader resolves them
    const model = await raw(`/doppel/workspaces/${WS}/resources/scenes/${uri}`);
    expect([uri, model.status]).toEqual([uri, 200]);
    expect(model.bytes.toString('latin1', 0, 4)).toBe('glTF');
  }
});

test('a restart leaves an existing demo as it is: a scene its operator deleted stays deleted', async () => {
  expect((await t.call('DELETE', `/workspaces/${WS}/scenes/FactoryFloor`)).status).toBe(200);
  const { dataDir } = t;
  await t.close(true);
  t = await startTestService({ dataDir, config: { demo: true, demoIntervalMs: 60_000 } });
  const listed = await t.call('POST', `/workspaces/${WS}/scenes-list`, {});
  expect(listed.body.sceneSummaries).toEqual([]);
});
