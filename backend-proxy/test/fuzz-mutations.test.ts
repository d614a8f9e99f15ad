import fc from 'fast-check';
import type { Database } from 'better-sqlite3';
import { loadCookieFactory } from './fixture-workspace';
import { startTestService, TestService } from './harness';
import { storeDigest } from './store-digest';

/**
 * Mutated valid requests: start from requests the service accepts on the cookie-factory
 * workspace and change one member deep inside (drop it, retype it, replace it with an odd
 * value). Unlike random bodies these pass the schema often enough to reach the model's
 * rules. The service must never answer 5xx, and a refusal must leave the store unchanged.
 */

let t: TestService;
let db: Database;
const ws = 'fz';

beforeAll(async () => {
  t = await startTestService();
  db = (t.service.store as unknown as { db: Database }).db;
  await loadCookieFactory(t, ws);
});
afterAll(() => t.close());

type Json = any;

const templates: { method: string; path: string; body: Json }[] = [
  {
    method: 'POST',
    path: `/workspaces/${ws}/entities`,
    body: {
      entityId: 'fuzz-entity',
      entityName: 'Fuzz',
      parentEntityId: 'Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837',
      components: {
        Mixer: {
          componentTypeId: 'com.example.cookiefactory.mixer',
          properties: { telemetryAssetId: { value: { stringValue: 'Mixer_9' } } },
        },
        flow: {
          componentTypeId: 'com.example.cookiefactory.processstep',
          properties: {
            flowTo: {
              value: {
                listValue: [
                  { relationshipValue: { targetEntityId: 'COOKIE_LINE_5ce9f1d5-61b0-433f-a850-53fa7ca27aa1' } },
                ],
              },
            },
          },
        },
      },
    },
  },
  {
    method: 'POST',
    path: `/workspaces/${ws}/component-types/com.fuzz.type`,
    body: {
      extendsFrom: ['com.example.timestream-telemetry'],
      propertyDefinitions: {
        level: {
          dataType: { type: 'DOUBLE', allowedValues: [{ doubleValue: 1 }, { doubleValue: 2 }] },
          defaultValue: { doubleValue: 1 },
        },
        kinds: { dataType: { type: 'MAP', nestedType: { type: 'LIST', nestedType: { type: 'STRING' } } } },
        telemetryAssetType: { defaultValue: { stringValue: 'Fuzz' } },
      },
      functions: { dataReader: { implementedBy: { isNative: true } } },
      propertyGroups: { g: { groupType: 'TABULAR', propertyNames: ['level'] } },
    },
  },
  {
    method: 'PUT',
    path: `/workspaces/${ws}/component-types/com.example.cookiefactory.space`,
    body: {
      propertyDefinitions: {
        position: { dataType: { type: 'LIST', nestedType: { type: 'DOUBLE' } } },
        rotation: { dataType: { type: 'LIST', nestedType: { type: 'DOUBLE' } } },
        bounds: { dataType: { type: 'LIST', nestedType: { type: 'DOUBLE' } } },
        parent_space: { dataType: { type: 'RELATIONSHIP' } },
      },
    },
  },
  {
    method: 'PUT',
    path: `/workspaces/${ws}/entities/Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837`,
    body: {
      entityName: 'Mixer 0',
      parentEntityUpdate: { updateType: 'UPDATE', parentEntityId: 'COOKIE_LINE_5ce9f1d5-61b0-433f-a850-53fa7ca27aa1' },
      componentUpdates: {
        MixerComponent: {
          updateType: 'UPDATE',
          propertyUpdates: { telemetryAssetId: { updateType: 'UPDATE', value: { stringValue: 'x' } } },
        },
        extra: { updateType: 'CREATE', componentTypeId: 'com.amazon.iottwinmaker.documents' },
      },
    },
  },
  {
    method: 'POST',
    path: `/workspaces/${ws}/entities-list`,
    body: { filters: [{ componentTypeId: 'com.example.cookiefactory.mixer' }], maxResults: 5 },
  },
];

/** Every path to a member or element of a JSON value. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => pathsOf(value[k], [...prefix, k]))];
}

const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    '$ROOT',
    "'; DROP TABLE entities; --",
    'LIST',
    'RELATIONSHIP',
    'com.amazon.iottwinmaker.alarm.basic',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constantFrom(
    { stringValue: 'x' },
    { doubleValue: 1 },
    { listValue: [] },
    { relationshipValue: { targetEntityId: 'ghost' } },
  ),
  fc.constantFrom(
    { type: 'LIST' },
    { type: 'MAP', nestedType: { type: 'RELATIONSHIP' } },
    { type: 'STRING', nestedType: { type: 'STRING' } },
  ),
);

function mutate(body: Json, path: (string | number)[], replacement: unknown): Json {
  const copy = structuredClone(body);
  if (path.length === 0) return replacement;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path[path.length - 1]!;
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

test('every template is accepted unmodified, so mutations reach the model rules', async () => {
  for (const template of templates) {
    const res = await t.call(template.method, template.path, template.body);
    expect([template.path, res.status, res.body?.message]).toEqual([template.path, 200, undefined]);
    await undo(template);
  }
});

test('mutated valid requests never answer 5xx and refusals change nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(), odd, fc.context(), async (pickTemplate, pickPath, replacement, ctx) => {
      const template = templates[pickTemplate % templates.length]!;
      const paths = pathsOf(template.body);
      const path = paths[pickPath % paths.length]!;
      const body = mutate(template.body, path, replacement);
      const before = await storeDigest(db);
      const res = await t.call(template.method, template.path, body);
      ctx.log(
        `${template.method} ${template.path} ${JSON.stringify(path)}=${JSON.stringify(replacement)} → ${res.status} ${res.body?.message ?? ''}`,
      );
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) {
        expect(res.errorType).toBeTruthy();
        expect(await storeDigest(db)).toBe(before);
      } else if (template.method !== 'POST' || !template.path.endsWith('-list')) {
        // an accepted write is undone so the next run starts from the fixture again
        await undo(template);
      }
    }),
    { numRuns: 300 },
  );
  expect((await t.call('GET', '/healthz')).status).toBe(200);
  // 300 requests, each with two digests of the store: ~20 s alone, more on a shared machine
}, 120_000);

async function undo(template: { method: string; path: string }) {
  if (template.path.endsWith('/entities'))
    await t.call('DELETE', `/workspaces/${ws}/entities/fuzz-entity?isRecursive=true`);
  if (template.path.endsWith('com.fuzz.type')) await t.call('DELETE', template.path);
}
