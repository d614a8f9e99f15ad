import { Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { configFrom } from '../src/config';
import { startService } from '../src/server';
import { startTestService, TestService } from './harness';
import { placeSceneDocument } from './scene-fixture';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.close();
});

/** Every route the server has, from fastify's route tree (HEAD twins of GET left out). */
function registeredRoutes(tree: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    prefixes.length = depth;
    const full = (prefixes[depth - 1] ?? '') + m[2]!;
    prefixes[depth] = full;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) routes.push({ method, path: full });
  }
  return routes;
}

// parameters follow a slash; a colon inside a segment is literal (`values:bulk`)
// printRoutes shows a wildcard `/x/*` as a child `*` of `/x`; OpenAPI names it `{*}`
const toOpenApiPath = (p: string) =>
  p
    .replace(/\/:([A-Za-z]+)/g, '/{$1}')
    .replace(/::/g, ':')
    .replace(/\/?\*$/, '/{*}');
const fill = (p: string) => p.replace(/\/:([A-Za-z]+)/g, '/x1').replace(/::/g, ':');

describe('operational endpoints', () => {
  it('answers /healthz with 200 and no credentials', async () => {
    const res = await t.call('GET', '/healthz', undefined, { credentials: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('counts requests and their latency by operation and status in /metrics', async () => {
    await t.call('POST', '/workspaces/obs', {});
    await t.call('POST', '/workspaces/obs/scenes', {
      sceneId: 's1',
      contentLocation: await placeSceneDocument(t, 'obs', 's1.json'),
    });
    await t.call('GET', '/workspaces/obs/scenes/s1');
    await t.call('GET', '/workspaces/obs/scenes/s1');
    await t.call('GET', '/workspaces/obs/scenes/missing');
    const res = await t.call('GET', '/metrics', undefined, { credentials: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = res.body as string;
    expect(text).toContain('doppel_http_requests_total{operation="GetScene",status="200"} 2');
    expect(text).toContain('doppel_http_requests_total{operation="GetScene",status="404"} 1');
    expect(text).toContain('doppel_http_requests_total{operation="CreateScene",status="200"} 1');
    expect(text).toContain('doppel_http_request_duration_seconds_count{operation="GetScene"} 3');
    expect(text).toMatch(/doppel_http_request_duration_seconds_bucket\{le="0\.01",operation="GetScene"\} \d/);
    expect(text).toMatch(/doppel_http_request_duration_seconds_sum\{operation="CreateScene"\} [0-9.e-]+/);
    // process metrics come along (memory, event loop lag)
    expect(text).toContain('doppel_process_resident_memory_bytes');
  });

  it('documents every route in /openapi.json except the operational and not-offered ones', async () => {
    const spec = (await t.call('GET', '/openapi.json', undefined, { credentials: null })).body as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses?: unknown }>>;
    };
    expect(spec.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const operational = new Set([
      'GET /healthz',
      'GET /metrics',
      'GET /openapi.json',
      'GET /doppel/version',
      // an alias of GET /doppel/s3 (the SDKs write the service root with a slash)
      'GET /doppel/s3/',
    ]);
    const routes = registeredRoutes(t.service.app.printRoutes({ commonPrefix: false }));
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/workspaces/:workspaceId/scenes-list' },
        { method: 'DELETE', path: '/workspaces/:workspaceId/scenes/:sceneId' },
        { method: 'POST', path: '/tags-list' },
        { method: 'GET', path: '/pricingplan' },
      ]),
    );
    const undocumented: string[] = [];
    for (const { method, path: p } of routes) {
      const key = `${method} ${toOpenApiPath(p)}`;
      if (documented.has(key) || operational.has(`${method} ${p}`)) continue;
      // a hidden TwinMaker route must be one that says it is not offered
      const res = await t.call(method, fill(p), method === 'GET' || method === 'DELETE' ? undefined : {});
      if (!(res.status === 400 && res.errorCode === 'DOPPEL_ERR_OPERATION_NOT_OFFERED')) undocumented.push(key);
    }
    expect(undocumented).toEqual([]);
    for (const op of [
      'POST /workspaces/{workspaceId}/scenes',
      'GET /workspaces/{workspaceId}/scenes/{sceneId}',
      'POST /workspaces/{workspaceId}/scenes-list',
      'POST /tags',
      'DELETE /tags',
      'POST /tags-list',
      'POST /doppel/keys',
      'DELETE /doppel/keys/{accessKeyId}',
    ]) {
      expect(documented).toContain(op);
    }
    // documented routes carry their request schema (what validation uses)
    expect(JSON.stringify(spec.paths['/tags']!.post!.requestBody)).toContain('resourceARN');
  });

  it("names every documented operation (TwinMaker's operationId, unique) with a one-line summary", async () => {
    const spec = (await t.call('GET', '/openapi.json', undefined, { credentials: null })).body as {
      paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
    };
    const operations = Object.entries(spec.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ at: `${m.toUpperCase()} ${p}`, ...op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const unnamed = operations.filter(
      (op) => !/^[A-Z][A-Za-z0-9]+$/.test(op.operationId ?? '') || !/^[^\n]{8,120}$/.test(op.summary ?? ''),
    );
    expect(unnamed).toEqual([]);
    const ids = operations.map((op) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const byPath = Object.fromEntries(operations.map((op) => [op.at, op.operationId]));
    expect(byPath).toMatchObject({
      'POST /workspaces/{workspaceId}/entities': 'CreateEntity',
      'POST /workspaces/{workspaceId}/entity-properties/history': 'GetPropertyValueHistory',
      'POST /workspaces/{workspaceId}/entity-properties': 'BatchPutPropertyValues',
      'POST /queries/execution': 'ExecuteQuery',
      'POST /tags-list': 'ListTagsForResource',
    });
  });

  it('puts a distinct x-amzn-RequestId on every response, errors and unknown paths included', async () => {
    const responses = await Promise.all([
      t.call('GET', '/healthz', undefined, { credentials: null }),
      t.call('GET', '/metrics', undefined, { credentials: null }),
      t.call('POST', '/workspaces-list', {}),
      t.call('POST', '/workspaces-list', {}, { credentials: null }),
      t.call('POST', '/workspaces-list', {}, { credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' } }),
      t.call('GET', '/workspaces/does-not-exist'),
      t.call('POST', '/workspaces/bad id', {}),
      t.call('POST', '/workspaces/x', undefined, { rawBody: '{"broken' }),
      t.call('GET', '/no/such/route'),
      t.call('GET', '/pricingplan'),
    ]);
    const ids = responses.map((r) => r.headers.get('x-amzn-requestid'));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 401, 403, 404, 400, 400, 404, 400]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('hands the request id to SDK clients as $metadata.requestId', async () => {
    const { ListWorkspacesCommand } = await import('@aws-sdk/client-iottwinmaker');
    const out = await t.sdk().send(new ListWorkspacesCommand({}));
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('request logs', () => {
  it('writes one line per request with its operation, status, latency and key, never the secret', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-log-'));
    const env = { ...process.env };
    delete env.DOPPEL_ACCESS_KEY_ID;
    const service = await startService(
      configFrom({ port: 0, host: '127.0.0.1', dataDir }, env),
      pino({ level: 'info' }, sink) as unknown as FastifyBaseLogger,
    );
    try {
      const auth = { authorization: `Bearer ${service.admin.accessKeyId}:${service.admin.secretAccessKey}` };
      await fetch(`${service.url}/workspaces-list`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}',
      });
      await fetch(`${service.url}/workspaces/nope`, { headers: auth });
      await new Promise((r) => setImmediate(r));
      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests).toHaveLength(2);
      expect(requests[0]).toMatchObject({
        op: 'ListWorkspaces',
        method: 'POST',
        status: 200,
        key: service.admin.accessKeyId,
      });
      expect(requests[1]).toMatchObject({ op: 'GetWorkspace', status: 404 });
      expect(typeof requests[0]!.ms).toBe('number');
      expect(requests[0]!.reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(lines)).not.toContain(service.admin.secretAccessKey);
    } finally {
      await service.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
