import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestService } from './harness';
import { startServiceProcess } from './service-process';

/**
 * A service process ingests and acknowledges batches; it is killed with SIGKILL while
 * requests are in flight; after a restart on the same data dir every acknowledged point is
 * there. SQLite runs in WAL mode with synchronous=NORMAL: a commit is in the WAL (the OS
 * page cache) before the response leaves, so a killed process loses nothing. Only an OS
 * crash or power loss can drop the last commits, which this test does not model.
 */

test('every acknowledged point survives SIGKILL of the service mid-stream', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-durability-'));
  const { child, url, admin } = await startServiceProcess(dataDir);
  const headers = {
    authorization: `Bearer ${admin.accessKeyId}:${admin.secretAccessKey}`,
    'content-type': 'application/json',
  };
  const post = (p: string, body: unknown) => fetch(url + p, { method: 'POST', headers, body: JSON.stringify(body) });
  expect((await post('/workspaces/plant', {})).status).toBe(200);
  await post('/workspaces/plant/component-types/com.acme.meter', {
    propertyDefinitions: { level: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
  });
  for (let e = 0; e < 4; e++) {
    await post('/workspaces/plant/entities', {
      entityId: `m${e}`,
      entityName: `m${e}`,
      components: { meter: { componentTypeId: 'com.acme.meter' } },
    });
  }

  const T0 = Date.UTC(2024, 0, 1);
  const acknowledged: string[] = [];
  let batch = 0;
  let killed = false;
  const writer = async () => {
    while (!killed) {
      const b = batch++;
      const entries = Array.from({ length: 4 }, (_, e) => ({
        entityPropertyReference: { entityId: `m${e}`, componentName: 'meter', propertyName: 'level' },
        propertyValues: Array.from({ length: 10 }, (_, i) => ({
          time: new Date(T0 + (b * 10 + i) * 1000).toISOString(),
          value: { doubleValue: b * 10 + i },
        })),
      }));
      try {
        const res = await post('/workspaces/plant/entity-properties', { entries });
        const body = (await res.json()) as { errorEntries: unknown[] };
        if (res.status === 200 && body.errorEntries.length === 0) {
          for (const entry of entries)
            for (const v of entry.propertyValues)
              acknowledged.push(`${entry.entityPropertyReference.entityId}@${v.time}`);
        }
      } catch {
        return; // the connection died with the process: not acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  while (acknowledged.length < 20_000) await new Promise((r) => setTimeout(r, 10));
  killed = true;
  child.kill('SIGKILL');
  await Promise.all(writers);
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  expect(child.signalCode).toBe('SIGKILL');

  const svc = await startTestService({ dataDir });
  try {
    const stored = new Set<string>();
    for (let e = 0; e < 4; e++) {
      let nextToken: string | undefined;
      do {
        const res = await svc.call('POST', '/workspaces/plant/entity-properties/history', {
          entityId: `m${e}`,
          componentName: 'meter',
          selectedProperties: ['level'],
          startTime: '2024-01-01T00:00:00Z',
          endTime: '2025-01-01T00:00:00Z',
          maxResults: 10_000,
          nextToken,
        });
        expect(res.status).toBe(200);
        for (const p of res.body.propertyValues) for (const v of p.values) stored.add(`m${e}@${v.time}`);
        nextToken = res.body.nextToken;
      } while (nextToken);
    }
    const lost = acknowledged.filter((k) => !stored.has(k));
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
    // the restarted store keeps accepting writes with fresh sequence numbers
    const more = await svc.call('POST', '/workspaces/plant/entity-properties', {
      entries: [
        {
          entityPropertyReference: { entityId: 'm0', componentName: 'meter', propertyName: 'level' },
          propertyValues: [{ time: '2024-12-01T00:00:00Z', value: { doubleValue: 1 } }],
        },
      ],
    });
    expect(more.body).toEqual({ errorEntries: [] });
  } finally {
    await svc.close();
  }
}, 60_000);
