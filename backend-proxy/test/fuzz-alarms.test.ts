import fc from 'fast-check';
import type { Database } from 'better-sqlite3';
import { seedAlarmSite } from './alarm-fixture';
import { startTestService, TestService } from './harness';
import { storeDigest } from './store-digest';

/**
 * The alarm routes under random sequences: values, acknowledge/snooze/reset and listings with
 * random (often odd) members, checked against a small reference model of the rules written
 * here from the README (> 200, hysteresis 5, no delay). The service must never answer 5xx, a
 * refusal must change nothing, and after every step the listing, the audit log and the
 * alarm_status history must agree with the model and with each other.
 */

let t: TestService;
let db: Database;
const ws = 'fza';
const base = `/doppel/workspaces/${ws}/alarms`;

beforeAll(async () => {
  t = await startTestService();
  db = (t.service.store as unknown as { db: Database }).db;
  await seedAlarmSite(t, ws);
});
afterAll(() => t.close());

type Status = 'ACTIVE' | 'SNOOZE_DISABLED' | 'ACKNOWLEDGED' | 'NORMAL';
interface Model {
  status: Status;
  breached: boolean;
}

/** The rules as the README states them, for Oven1's alarm (> 200, hysteresis 5, delay 0). */
function afterValue(m: Model, v: number): Model {
  const holds = m.breached ? v > 195 : v > 200;
  if (!holds) {
    return { breached: false, status: m.status === 'ACTIVE' || m.status === 'ACKNOWLEDGED' ? 'NORMAL' : m.status };
  }
  if (m.breached) return m;
  return { breached: true, status: m.status === 'NORMAL' ? 'ACTIVE' : m.status };
}

const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -10, max: 700_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
);

const step = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('value' as const), v: fc.double({ min: 150, max: 250, noNaN: true }) }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('action' as const),
      action: fc.constantFrom('acknowledge', 'snooze', 'reset', 'silence', ''),
      note: fc.option(fc.oneof(fc.string({ maxLength: 30 }), odd), { nil: undefined }),
      durationSeconds: fc.option(fc.oneof(fc.constant(3600), odd), { nil: undefined }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('list' as const),
      status: fc.option(
        fc.oneof(
          fc.constantFrom('ACTIVE', 'NORMAL,ACKNOWLEDGED', 'SNOOZE_DISABLED', 'x'),
          fc.string({ maxLength: 12 }),
        ),
        {
          nil: undefined,
        },
      ),
      entityId: fc.option(fc.constantFrom('Line', 'Oven1', 'Oven2', 'ghost', '%00'), { nil: undefined }),
      maxResults: fc.option(
        fc.oneof(fc.constantFrom('1', '2', '1000', '0', '-1', 'abc'), fc.string({ maxLength: 5 })),
        {
          nil: undefined,
        },
      ),
      nextToken: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
    }),
    weight: 2,
  },
);

// value times are the wall clock, strictly increasing, so values and actions interleave in time as sent
let clock = 0;
async function nextTime(): Promise<string> {
  while (Date.now() <= clock) await new Promise((r) => setTimeout(r, 1));
  clock = Date.now();
  return new Date(clock).toISOString();
}

test('random sequences of values, actions and listings keep the alarm consistent with the rules', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), fc.context(), async (steps, ctx) => {
      // each run starts from a NORMAL alarm whose condition does not hold
      expect((await t.call('POST', `${base}/Oven1/OverTemp:reset`, {})).status).toBe(200);
      let model: Model = { status: 'NORMAL', breached: false };
      for (const s of steps) {
        const before = await storeDigest(db);
        let res;
        if (s.kind === 'value') {
          res = await t.call('POST', `/workspaces/${ws}/entity-properties`, {
            entries: [
              {
                entityPropertyReference: { entityId: 'Oven1', componentName: 'Heat', propertyName: 'temperature' },
                propertyValues: [{ time: await nextTime(), value: { doubleValue: s.v } }],
              },
            ],
          });
          expect(res.body.errorEntries).toEqual([]);
          model = afterValue(model, s.v);
        } else if (s.kind === 'action') {
          const body: Record<string, unknown> = {};
          if (s.note !== undefined) body.note = s.note;
          if (s.durationSeconds !== undefined) body.durationSeconds = s.durationSeconds;
          res = await t.call('POST', `${base}/Oven1/OverTemp:${s.action}`, body);
          const valid =
            ['acknowledge', 'snooze', 'reset'].includes(s.action) &&
            (body.note === undefined || (typeof body.note === 'string' && body.note.length <= 2048)) &&
            (s.action === 'snooze'
              ? Number.isInteger(body.durationSeconds) &&
                (body.durationSeconds as number) >= 1 &&
                (body.durationSeconds as number) <= 604_800
              : body.durationSeconds === undefined);
          if (!valid) expect(res.status).toBe(400);
          else if (s.action === 'acknowledge') {
            const allowed = model.status === 'ACTIVE' || (model.status === 'SNOOZE_DISABLED' && model.breached);
            expect(res.status).toBe(allowed ? 200 : 409);
            if (allowed) model = { ...model, status: 'ACKNOWLEDGED' };
          } else if (s.action === 'snooze') {
            expect(res.status).toBe(200);
            model = { ...model, status: 'SNOOZE_DISABLED' };
          } else {
            expect(res.status).toBe(200);
            model = { status: 'NORMAL', breached: false };
          }
          if (res.status === 200) expect(res.body.status).toBe(model.status);
        } else {
          const query = new URLSearchParams();
          for (const k of ['status', 'entityId', 'maxResults', 'nextToken'] as const)
            if (s[k] !== undefined) query.set(k, s[k]!);
          res = await t.call('GET', `${base}?${query}`);
        }
        ctx.log(`${JSON.stringify(s)} → ${res.status} ${res.body?.message ?? ''}`);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.errorType).toBeTruthy();
          expect(typeof res.body.message).toBe('string');
          expect(await storeDigest(db)).toBe(before);
        }
        // the listing, the newest audit entry and the newest alarm_status value all say the model's status
        const listed = (await t.call('GET', `${base}?entityId=Oven1`)).body.alarms[0];
        expect(listed.status).toBe(model.status);
        const newest = (await t.call('GET', `${base}/Oven1/OverTemp/events?maxResults=1`)).body.events[0];
        expect(newest.status).toBe(model.status);
        const history = await t.call('POST', `/workspaces/${ws}/entity-properties/history`, {
          entityId: 'Oven1',
          componentName: 'OverTemp',
          selectedProperties: ['alarm_status'],
          startTime: '2000-01-01T00:00:00Z',
          endTime: new Date(Date.now() + 86_400_000).toISOString(),
          orderByTime: 'DESCENDING',
          maxResults: 1,
        });
        expect(history.body.propertyValues[0].values[0].value.stringValue).toBe(model.status);
      }
    }),
    { numRuns: 25 },
  );
  expect((await t.call('GET', '/healthz')).status).toBe(200);
}, 120_000);
