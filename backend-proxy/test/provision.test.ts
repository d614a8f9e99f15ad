import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpTransport, TwinMakerApi } from '../src/provisioning/api-client';
import { actionsOf } from '../src/provisioning/plan';
import { exportWorkspace } from '../src/provisioning/export-workspace';
import { provisionFolder } from '../src/provisioning/provision';
import { startTestService, TestService } from './harness';

/** The repository's example site, copied so tests may edit it. */
const example = path.resolve(__dirname, '../../provisioning/workspaces/example-bakery');

let svc: TestService;
let api: TwinMakerApi;
let dir: string;
let ws: string;
let n = 0;
beforeAll(async () => {
  svc = await startTestService();
  api = new TwinMakerApi(httpTransport(svc.url), svc.admin);
});
afterAll(() => svc.close());
beforeEach(() => {
  // a workspace of its own per test (the folder's name is the workspace id)
  ws = `bakery-${++n}`;
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-provision-')), ws);
  fs.cpSync(example, dir, { recursive: true });
});

const edit = (file: string, from: string, to: string) => {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(p, text.replace(from, to));
};
const run = async (options: { dryRun?: boolean; prune?: boolean } = {}) => {
  const lines: string[] = [];
  const [result] = await provisionFolder(api, dir, { ...options, log: (l) => lines.push(l) });
  return { ...result, lines, actions: actionsOf(result.plan).map((a) => `${a.kind} ${a.resource} ${a.id}`) };
};

test('the example applies, and a second run changes nothing and says so', async () => {
  const first = await run();
  expect(first.counts).toEqual({
    'create workspace': 1,
    'create resource': 1,
    'create component type': 3,
    'create entity': 4,
    'create scene': 1,
  });
  const mixer = await svc.call('GET', `/workspaces/${ws}/entities/Mixer1`);
  expect(mixer.body.parentEntityId).toBe('Line1');
  expect(mixer.body.components.mixer.properties.feeds.value).toEqual({
    listValue: [{ relationshipValue: { targetEntityId: 'Oven1' } }],
  });
  const scene = await svc.call('GET', `/workspaces/${ws}/scenes/Floor`);
  expect(scene.body.contentLocation).toBe(`s3://doppel-${ws}/scenes/Floor.json`);

  const second = await run();
  expect(second.actions).toEqual([]);
  expect(second.lines).toContain(`${ws}: no change: the workspace matches the files`);
});

test('a changed value applies only that change; --dry-run prints it and changes nothing', async () => {
  await run();
  edit('entities/site.yaml', 'setPoint: { value: { doubleValue: 200 } }', 'setPoint: { value: { doubleValue: 210 } }');
  const dry = await run({ dryRun: true });
  expect(dry.actions).toEqual(['update entity Oven1']);
  expect(dry.lines).toContain('  update entity Oven1 (components.oven.properties.setPoint)');
  const before = await svc.call('GET', `/workspaces/${ws}/entities/Oven1`);
  expect(before.body.components.oven.properties.setPoint.value).toEqual({ doubleValue: 200 });

  expect((await run()).actions).toEqual(['update entity Oven1']);
  const after = await svc.call('GET', `/workspaces/${ws}/entities/Oven1`);
  expect(after.body.components.oven.properties.setPoint.value).toEqual({ doubleValue: 210 });
  expect((await run()).actions).toEqual([]);
});

test('an entity removed from the files is kept without --prune and deleted with it', async () => {
  await run();
  edit('entities/site.yaml', 'feeds: { value: { listValue: [{ relationshipValue: { targetEntityId: Oven1 } }] } }', '');
  const site = fs.readFileSync(path.join(dir, 'entities/site.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'entities/site.yaml'), site.slice(0, site.indexOf('      - entityId: Oven1')));
  fs.rmSync(path.join(dir, 'scenes'), { recursive: true });

  expect((await run()).actions).toEqual(['update entity Mixer1']);
  expect((await svc.call('GET', `/workspaces/${ws}/entities/Oven1`)).status).toBe(200);

  expect((await run({ prune: true })).actions).toEqual([
    'delete scene Floor',
    'delete entity Oven1',
    'delete resource scenes/Floor.json',
  ]);
  expect((await svc.call('GET', `/workspaces/${ws}/entities/Oven1`)).status).toBe(404);
  expect((await run({ prune: true })).actions).toEqual([]);
});

test('a broken file changes nothing, and the message names file, line, column and field', async () => {
  edit('entities/site.yaml', 'setPoint: { value: { doubleValue: 200 } }', 'setPoint: { value: { stringValue: hot } }');
  await expect(run()).rejects.toThrow(
    `${ws}/entities/site.yaml:25:34 components.oven.properties.setPoint.value: is a stringValue but the property's type is DOUBLE: send doubleValue`,
  );
  expect((await svc.call('GET', `/workspaces/${ws}`)).status).toBe(404);
});

test('a value of the wrong JSON type is caught by the request schema, at its place', async () => {
  edit('component-types/oven.yaml', 'defaultValue: { doubleValue: 180 }', 'defaultValue: { doubleValue: "hot" }');
  await expect(run()).rejects.toThrow(
    `${ws}/component-types/oven.yaml:11:34 propertyDefinitions.setPoint.defaultValue.doubleValue: Expected number, got "hot"`,
  );
  expect((await svc.call('GET', `/workspaces/${ws}`)).status).toBe(404);
});

describe('serve --provision', () => {
  test("applies the repository's provisioning/ folder before it answers", async () => {
    const served = await startTestService({ config: { provisionDir: path.resolve(__dirname, '../../provisioning') } });
    try {
      const oven = await served.call('GET', '/workspaces/example-bakery/entities/Oven1');
      expect(oven.body.components.oven.properties.setPoint.value).toEqual({ doubleValue: 200 });
      expect((await served.call('GET', '/workspaces/example-bakery/scenes/Floor')).status).toBe(200);
    } finally {
      await served.close();
    }
  });

  test('refuses to start when a file is broken, naming it', async () => {
    edit('component-types/mixer.yaml', 'type: INTEGER', 'type: INTEGRAL');
    await expect(startTestService({ config: { provisionDir: dir } })).rejects.toThrow(
      `--provision ${dir}: ${ws}/component-types/mixer.yaml:`,
    );
  });
});

/** Every file under `dir`, by relative path, with its content. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (fs.statSync(path.join(dir, f)).isFile()) files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  }
  return files;
}

test('export → provision into an empty service → export again gives identical files', async () => {
  await run();
  await svc.call('POST', `/workspaces/${ws}/entity-properties`, {
    entries: [
      {
        entityPropertyReference: { entityId: 'Oven1', componentName: 'oven', propertyName: 'temperature' },
        propertyValues: [{ time: '2026-01-01T00:00:00Z', value: { doubleValue: 181.5 } }],
      },
    ],
  });
  const first = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-export-'));
  const exported = await exportWorkspace(api, ws, first, { values: true });
  expect(exported).toMatchObject({ componentTypes: 3, entities: 4, scenes: 1, resources: 0, series: 1 });
  const files = filesOf(path.join(first, ws));
  expect(Object.keys(files)).toEqual([
    'component-types/com.example.bakery.equipment.yaml',
    'component-types/com.example.bakery.mixer.yaml',
    'component-types/com.example.bakery.oven.yaml',
    'entities/Bakery.yaml',
    'scenes/Floor.json',
    'scenes/Floor.yaml',
    'values/Oven1/oven/temperature.csv',
    'workspace.yaml',
  ]);
  expect(files['values/Oven1/oven/temperature.csv']).toBe('time,value\n2026-01-01T00:00:00.000Z,181.5\n');
  expect(files['component-types/com.example.bakery.oven.yaml']).toBe(
    [
      'componentTypeId: com.example.bakery.oven',
      'description: Tunnel oven',
      'extendsFrom:',
      '  - com.example.bakery.equipment',
      'propertyDefinitions:',
      '  setPoint:',
      '    dataType:',
      '      type: DOUBLE',
      '      unitOfMeasure: Celsius',
      '    defaultValue:',
      '      doubleValue: 180',
      '  temperature:',
      '    dataType:',
      '      type: DOUBLE',
      '      unitOfMeasure: Celsius',
      '    isTimeSeries: true',
      '',
    ].join('\n'),
  );

  const other = await startTestService();
  try {
    const otherApi = new TwinMakerApi(httpTransport(other.url), other.admin);
    await provisionFolder(otherApi, path.join(first, ws));
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-export-'));
    await exportWorkspace(otherApi, ws, second);
    const { 'values/Oven1/oven/temperature.csv': _values, ...withoutValues } = files;
    expect(filesOf(path.join(second, ws))).toEqual(withoutValues);
  } finally {
    await other.close();
  }
});

test('entities whose relationships make a cycle are created first and linked once both exist', async () => {
  edit(
    'entities/site.yaml',
    'setPoint: { value: { doubleValue: 200 } }',
    'setPoint: { value: { doubleValue: 200 } }\n              feeds: { value: { listValue: [{ relationshipValue: { targetEntityId: Mixer1 } }] } }',
  );
  const first = await run({ dryRun: true });
  expect(first.actions.filter((a) => a.includes('entity'))).toEqual([
    'create entity Bakery',
    'create entity Line1',
    'create entity Oven1',
    'create entity Mixer1',
    'update entity Oven1',
  ]);
  await run();
  const oven = await svc.call('GET', `/workspaces/${ws}/entities/Oven1`);
  expect(oven.body.components.oven.properties.feeds.value).toEqual({
    listValue: [{ relationshipValue: { targetEntityId: 'Mixer1' } }],
  });
  expect((await run()).actions).toEqual([]);
});
