import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpTransport, TwinMakerApi } from '../src/provisioning/api-client';
import { exportWorkspace } from '../src/provisioning/export-workspace';
import { importTwinMaker, ImportResult } from '../src/provisioning/import-command';
import { provisionFolder } from '../src/provisioning/provision';
import { cellText, COOKIE_ID as ID, ExpectedRows, expectRows, SECTION_6_4 } from './cookie-factory-queries';
import { fixturesDir } from './fixture-workspace';
import { startTestService, TestService } from './harness';

/**
 * import-twinmaker on both generations of the cookie-factory sample, then the knowledge-graph
 * queries real clients send (reference/twinmaker-api.md §6.4). Expected rows were derived from the
 * fixture files (a graph walk over entities.json, the telemetry CSV), as in graph-query.test.ts;
 * entities are shown as name + the first 4 hex digits of their uuid.
 */

let svc: TestService;
let api: TwinMakerApi;
const imported: Record<string, ImportResult> = {};
beforeAll(async () => {
  svc = await startTestService();
  api = new TwinMakerApi(httpTransport(svc.url), svc.admin);
  imported.v3 = await importTwinMaker(api, [path.join(fixturesDir, 'cookiefactory-v3')], 'cookies-v3', {
    builtinValues: true,
  });
  // v1's types extend com.example.timestream-telemetry, which the samples keep in modules/
  imported.v1 = await importTwinMaker(
    api,
    [path.join(fixturesDir, 'cookiefactory-v1'), path.join(fixturesDir, 'modules/timestream_component_type.json')],
    'cookies-v1',
    { builtinValues: true },
  );
}, 120_000);
afterAll(() => svc.close());

/** ExecuteQuery through the wire, every page, rows as sorted short text. */
async function rows(workspaceId: string, queryStatement: string): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const res = await svc.call('POST', '/queries/execution', {
      workspaceId,
      queryStatement,
      maxResults: 100,
      nextToken,
    });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 200, message: undefined });
    const columns = res.body.columnDescriptions.map((c: any) => c.type);
    for (const row of res.body.rows) {
      out.push(row.rowData.map((v: any, i: number) => cellText(columns[i], v)).join(' | '));
    }
    nextToken = res.body.nextToken;
  } while (nextToken);
  return out.sort();
}

describe('cookiefactory-v3', () => {
  test('imports completely: 15 component types, 132 entities, 77 relationship values, 3 scenes', async () => {
    expect(imported.v3.counts).toEqual({
      'create workspace': 1,
      'create resource': 3,
      'create component type': 15,
      'create entity': 132,
      'create scene': 3,
    });
    expect(
      await rows(
        'cookies-v3',
        `SELECT COUNT(r) FROM EntityGraph MATCH (a)-[r]->(b) WHERE r.relationshipName != 'isChildOf'`,
      ),
    ).toEqual(['77']);
    expect(await rows('cookies-v3', `SELECT COUNT(r) FROM EntityGraph MATCH (a)-[r:isChildOf]->(b)`)).toEqual(['129']);
    const scenes = await svc.call('POST', '/workspaces/cookies-v3/scenes-list', {});
    expect(scenes.body.sceneSummaries.map((s: any) => s.sceneId).sort()).toEqual([
      'CookieFactory',
      'CookieFactoryTiles',
      'Mixer',
    ]);
  });

  test('a second import changes nothing', async () => {
    const again = await importTwinMaker(api, [path.join(fixturesDir, 'cookiefactory-v3')], 'cookies-v3', {
      builtinValues: true,
    });
    expect(again.counts).toEqual({});
  });

  test.each(SECTION_6_4)('§6.4 %s', async (_name, statement, expected) => {
    expectRows(await rows('cookies-v3', statement), expected);
  });
});

describe('cookiefactory-v1 with its telemetry', () => {
  test('imports completely, and the telemetry joins on the external ids (flowRate2 is flowrate2 in the type: 4 rows match nothing)', () => {
    expect(imported.v1.counts).toEqual({
      'create workspace': 1,
      'create resource': 2,
      'create component type': 5,
      'create entity': 105,
      'create scene': 2,
    });
    expect(imported.v1.points).toEqual({ accepted: 297, rejected: 0, errors: [], unmatchedRows: 4 });
  });

  test("a mixer's temperature history is the CSV's rows for its telemetryAssetId", async () => {
    const res = await svc.call('POST', '/workspaces/cookies-v1/entity-properties/history', {
      entityId: ID.Mixer_0,
      componentName: 'MixerComponent',
      selectedProperties: ['Temperature'],
      startTime: '2021-11-05T00:00:00Z',
      endTime: '2021-11-06T00:00:00Z',
    });
    const values = res.body.propertyValues[0].values;
    expect(values).toHaveLength(5);
    expect(values[0]).toEqual({ time: '2021-11-05T00:00:00.003Z', value: { doubleValue: 100 } });
    expect(values[4]).toEqual({ time: '2021-11-05T00:00:25.278Z', value: { doubleValue: 98.7330627441406 } });
    const alarm = await svc.call('POST', '/workspaces/cookies-v1/entity-properties/history', {
      entityId: ID.Mixer_0,
      componentName: 'AlarmComponent',
      selectedProperties: ['alarm_status'],
      startTime: '2021-11-05T00:00:00Z',
      endTime: '2021-11-06T00:00:00Z',
    });
    expect(alarm.body.propertyValues[0].values).toEqual([
      { time: '2021-11-05T00:00:00.003Z', value: { stringValue: 'ACTIVE' } },
    ]);
  });

  test.each([
    [
      'scene-composer descendant count',
      `SELECT COUNT(e) FROM EntityGraph MATCH (e)-[:isChildOf]->{1, 30}(p) WHERE p.entityId = '${ID.Equipment}'`,
      { rows: ['80'] },
    ],
    [
      'scene-composer children',
      `select entity, r, e from EntityGraph match (e)<-[r]-(entity) where r.relationshipName = 'isChildOf' and e.entityId = '${ID.Mixers}'`,
      { count: 26 },
    ],
    [
      'iot-app-kit name search',
      `SELECT e FROM EntityGraph MATCH (e) WHERE e.entityName like '%WaterTank%'`,
      { rows: ['WaterTank_ab5e'] },
    ],
    [
      'assistant: properties of an entity (the alarm type overrides its parent default)',
      `SELECT e.entityId, c.componentName, p.propertyName, p.propertyValue FROM EntityGraph MATCH (e), e.components as c, c.properties as p WHERE e.entityId = '${ID.Mixer_0}'`,
      {
        count: 9,
        contains: [
          `${ID.Mixer_0} | MixerComponent | telemetryAssetType | Mixer`,
          `${ID.Mixer_0} | AlarmComponent | telemetryAssetType | Alarm`,
          `${ID.Mixer_0} | AlarmComponent | alarm_key | Mixer_0_237685e2-3f33-42f9-8cff-5f761c94aa73`,
        ],
      },
    ],
  ] as [string, string, ExpectedRows][])('§6.4 %s', async (_name, statement, expected) => {
    expectRows(await rows('cookies-v1', statement), expected);
  });
});

test('a placeholder Lambda ARN without --builtin-values is refused, naming file and field, and nothing is written', async () => {
  await expect(importTwinMaker(api, [path.join(fixturesDir, 'cookiefactory-v3')], 'cookies-lambda')).rejects.toThrow(
    /^cookiefactory-v3\/component_types\/com\.example\.\S+\.json:\d+:\d+ functions\.dataReader\.implementedBy\.lambda\.arn: "__TO_FILL_IN/,
  );
  expect((await svc.call('GET', '/workspaces/cookies-lambda')).status).toBe(404);
  expect(fs.existsSync(fixturesDir)).toBe(true);
});

test('the imported v3 workspace survives export → provision into an empty service → export, file for file', async () => {
  const filesOf = (dir: string) =>
    Object.fromEntries(
      fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
    );
  const first = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-export-v3-'));
  await exportWorkspace(api, 'cookies-v3', first);
  const exported = filesOf(path.join(first, 'cookies-v3'));
  expect(Object.keys(exported).filter((f) => f.startsWith('component-types/'))).toHaveLength(15);
  expect(Object.keys(exported).filter((f) => f.startsWith('scenes/'))).toHaveLength(3);
  const other = await startTestService();
  try {
    const otherApi = new TwinMakerApi(httpTransport(other.url), other.admin);
    const [applied] = await provisionFolder(otherApi, path.join(first, 'cookies-v3'));
    expect(applied.counts['create entity']).toBe(132);
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-export-v3-'));
    await exportWorkspace(otherApi, 'cookies-v3', second);
    expect(filesOf(path.join(second, 'cookies-v3'))).toEqual(exported);
    expect((await provisionFolder(otherApi, path.join(first, 'cookies-v3')))[0].counts).toEqual({});
  } finally {
    await other.close();
  }
}, 60_000);
