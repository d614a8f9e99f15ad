import fc from 'fast-check';
import type { Database } from 'better-sqlite3';
import { startTestService, TestService } from './harness';
import { storeDigest } from './store-digest';

/**
 * Property-based robustness: random and mutated bodies, params and query strings thrown at
 * every route the service documents in /openapi.json. The service must never answer 5xx or
 * crash, and a refused request (4xx) must leave the store exactly as it was.
 */

interface RouteSpec {
  method: string;
  path: string;
  bodyMembers: string[];
}

let t: TestService;
let routes: RouteSpec[];
let db: Database;

beforeAll(async () => {
  t = await startTestService();
  db = (t.service.store as unknown as { db: Database }).db;
  await t.call('POST', '/workspaces/fz', { description: 'fuzz target' });
  const spec = (await t.call('GET', '/openapi.json')).body as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }>
    >;
  };
  routes = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      routes.push({ method: method.toUpperCase(), path, bodyMembers: Object.keys(schema?.properties ?? {}) });
    }
  }
});

afterAll(async () => {
  await t.close();
});

const idLike = fc.oneof(
  fc.constant('fz'),
  fc.constant('missing-ws'),
  fc.stringMatching(/^[a-zA-Z0-9_.:-]{1,20}$/),
  fc.string({ maxLength: 30 }),
  fc.constant('$ROOT'),
  fc.constant('..'),
);

const anyValue = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 60 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.anything(), { maxKeys: 5 }),
);

/** bodies shaped like the route's schema with members of random types, or arbitrary JSON */
function bodyFor(route: RouteSpec) {
  const shaped =
    route.bodyMembers.length > 0
      ? fc.record(Object.fromEntries(route.bodyMembers.map((m) => [m, anyValue])), { requiredKeys: [] })
      : fc.constant({});
  return fc.oneof(shaped, fc.jsonValue(), fc.constant(undefined));
}

function fill(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++ % values.length] ?? 'x'));
}

const rawGarbage = fc.oneof(
  fc.string(),
  fc.constant('{"a":'),
  fc.constant('[1,2'),
  fc.constant('\u0000\u0001'),
  fc.constant('{"__proto__":{"polluted":true}}'),
);

describe('every documented route under random input', () => {
  it('never answers 5xx and leaves the store unchanged when it refuses', async () => {
    // workspaces 5, component types 5, entities 7, scenes 5, tags 3, keys 4 (values and queries add theirs)
    expect(routes.length).toBeGreaterThanOrEqual(29);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(idLike, { minLength: 3, maxLength: 3 }),
        fc.oneof(fc.constant('json'), fc.constant('raw')),
        rawGarbage,
        fc.context(),
        async (pick, ids, mode, raw, ctx) => {
          const route = routes[pick % routes.length]!;
          const body = fc.sample(bodyFor(route), { numRuns: 1, seed: pick })[0];
          const url = fill(route.path, ids);
          const before = await storeDigest(db);
          const sendsBody = route.method !== 'GET' && route.method !== 'DELETE';
          const res =
            mode === 'raw' && sendsBody
              ? await t.call(route.method, url, undefined, { rawBody: raw })
              : await t.call(route.method, url, sendsBody ? body : undefined);
          ctx.log(`${route.method} ${url} → ${res.status} ${res.errorType ?? ''}`);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            // the S3-compatible endpoint answers in S3's XML error shape, the rest in TwinMaker's
            if (res.headers.get('content-type')?.includes('xml'))
              expect(String(res.body)).toMatch(/<Error><Code>[A-Za-z]+<\/Code>/);
            else {
              expect(res.errorType).toBeTruthy();
              expect(typeof res.body?.message).toBe('string');
            }
            expect(await storeDigest(db)).toBe(before);
          }
        },
      ),
      { numRuns: 400 },
    );
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    // 800 store digests: ~15 s on SQLite, 30-45 s on PostgreSQL with the machine's 2 cores busy
  }, 120_000);

  it('refuses requests without credentials on every route without touching anything', async () => {
    for (const route of routes) {
      const before = await storeDigest(db);
      const res = await t.call(route.method, fill(route.path, ['fz']), route.method === 'GET' ? undefined : {}, {
        credentials: null,
      });
      expect([401, 403]).toContain(res.status);
      expect(await storeDigest(db)).toBe(before);
    }
  });
});
