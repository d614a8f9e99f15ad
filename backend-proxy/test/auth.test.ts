import {
  AccessDeniedException,
  CreateSceneCommand,
  GetEntityCommand,
  GetSceneCommand,
  ListComponentTypesCommand,
  ListEntitiesCommand,
  GetWorkspaceCommand,
  ListScenesCommand,
  ListWorkspacesCommand,
  ResourceNotFoundException,
  UpdateWorkspaceCommand,
} from '@aws-sdk/client-iottwinmaker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CREDENTIALS_FILE } from '../src/bootstrap-credentials';
import { configFrom } from '../src/config';
import { startService } from '../src/server';
import { Credentials, errorOf, sdkErrorCode, startTestService, TestService } from './harness';
import { placeSceneDocument } from './scene-fixture';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
  await t.call('POST', '/workspaces/ws-a', { description: 'secret plans of A' });
  await t.call('POST', '/workspaces/ws-b', { description: 'secret plans of B' });
  for (const ws of ['ws-a', 'ws-b']) {
    await t.call('POST', `/workspaces/${ws}/scenes`, {
      sceneId: 'main',
      contentLocation: await placeSceneDocument(t, ws, `${ws}.json`),
    });
    await t.call('POST', `/workspaces/${ws}/entities`, { entityId: 'oven', entityName: 'Oven' });
  }
});
afterAll(async () => {
  await t.close();
});

async function keyFor(workspaceId: string, role: 'read' | 'write'): Promise<Credentials> {
  const res = await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId, role }] });
  return { accessKeyId: res.body.accessKeyId, secretAccessKey: res.body.secretAccessKey };
}

/** What a refused request may show: the TwinMaker error shape and nothing of the data. */
function expectRefusedWithoutData(
  res: { status: number; errorType: string | null; body: unknown; headers: Headers },
  status: number[],
) {
  expect(status).toContain(res.status);
  expect(res.errorType).toBeTruthy();
  expect(res.body).toEqual({ message: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(/secret plans|ws-b|s3:\/\//);
  expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
}

describe('requests without valid credentials', () => {
  it.each([
    ['GET', '/workspaces/ws-a', undefined],
    ['POST', '/workspaces-list', {}],
    ['GET', '/workspaces/ws-a/scenes/main', undefined],
    ['POST', '/tags-list', { resourceARN: 'arn:aws:iottwinmaker:us-east-1:000000000000:workspace/ws-a' }],
    ['GET', '/doppel/keys', undefined],
  ])('%s %s without credentials answers 401 and no data', async (method, url, body) => {
    const res = await t.call(method, url, body, { credentials: null });
    expectRefusedWithoutData(res, [401]);
    expect(errorOf(res)).toEqual({
      status: 401,
      type: 'UnauthorizedException',
      code: 'DOPPEL_ERR_CREDENTIALS_MISSING',
    });
  });

  it('refuses a bearer token with a wrong secret, an unknown id, or no colon', async () => {
    const wrongSecret = await t.call(
      'POST',
      '/workspaces-list',
      {},
      { credentials: { ...t.admin, secretAccessKey: 'guess' } },
    );
    expectRefusedWithoutData(wrongSecret, [403]);
    expect(errorOf(wrongSecret).code).toBe('DOPPEL_ERR_KEY_NOT_VALID');
    const unknownId = await t.call(
      'POST',
      '/workspaces-list',
      {},
      { credentials: { accessKeyId: 'DPLNOBODY', secretAccessKey: 'x' } },
    );
    expectRefusedWithoutData(unknownId, [403]);
    expect(errorOf(unknownId).code).toBe('DOPPEL_ERR_KEY_NOT_VALID');
    const malformed = await t.call(
      'POST',
      '/workspaces-list',
      {},
      { credentials: null, headers: { authorization: 'Bearer justatoken' } },
    );
    expectRefusedWithoutData(malformed, [401]);
    expect(errorOf(malformed).code).toBe('DOPPEL_ERR_CREDENTIALS_MALFORMED');
    const basic = await t.call(
      'POST',
      '/workspaces-list',
      {},
      { credentials: null, headers: { authorization: 'Basic YTpi' } },
    );
    expectRefusedWithoutData(basic, [401]);
    expect(errorOf(basic).code).toBe('DOPPEL_ERR_CREDENTIALS_MALFORMED');
  });

  it('refuses an SDK request signed with the wrong secret (403, invalid signature)', async () => {
    const sdk = t.sdk({ accessKeyId: t.admin.accessKeyId, secretAccessKey: 'not-the-secret' });
    const err = await sdk.send(new ListWorkspacesCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    expect(sdkErrorCode(err)).toBe('DOPPEL_ERR_INVALID_SIGNATURE');
  });

  it('refuses an SDK request from an unknown access key id (403)', async () => {
    const sdk = t.sdk({ accessKeyId: 'AKIDNOTOURS', secretAccessKey: 'whatever' });
    const err = await sdk.send(new GetWorkspaceCommand({ workspaceId: 'ws-a' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(sdkErrorCode(err)).toBe('DOPPEL_ERR_KEY_NOT_VALID');
  });

  it('accepts the same request signed with the right secret', async () => {
    const list = await t.sdk().send(new ListWorkspacesCommand({}));
    expect(list.workspaceSummaries!.map((w) => w.workspaceId)).toEqual(['ws-a', 'ws-b']);
  });
});

describe('a key scoped to one workspace', () => {
  let scoped: Credentials;
  beforeAll(async () => {
    scoped = await keyFor('ws-a', 'write');
  });

  it.each([
    ['GetWorkspace', new GetWorkspaceCommand({ workspaceId: 'ws-b' })],
    [
      'GetWorkspace by ARN',
      new GetWorkspaceCommand({ workspaceId: 'arn:aws:iottwinmaker:us-east-1:000000000000:workspace/ws-b' }),
    ],
    ['GetScene', new GetSceneCommand({ workspaceId: 'ws-b', sceneId: 'main' })],
    ['ListScenes', new ListScenesCommand({ workspaceId: 'ws-b' })],
    ['UpdateWorkspace', new UpdateWorkspaceCommand({ workspaceId: 'ws-b', description: 'mine now' })],
    ['CreateScene', new CreateSceneCommand({ workspaceId: 'ws-b', sceneId: 'x', contentLocation: 's3://b/x.json' })],
    ['GetEntity', new GetEntityCommand({ workspaceId: 'ws-b', entityId: 'oven' })],
    ['ListEntities', new ListEntitiesCommand({ workspaceId: 'ws-b' })],
    ['ListComponentTypes', new ListComponentTypesCommand({ workspaceId: 'ws-b' })],
  ])('%s on the other workspace answers as if it did not exist', async (_operation, request) => {
    const err = await t
      .sdk(scoped)
      .send(request as any)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    // the answer is the one a workspace that does not exist gets
    expect(sdkErrorCode(err)).toBe('DOPPEL_ERR_WORKSPACE_NOT_FOUND');
    expect((err as Error).message).not.toMatch(/access|denied|scope/i);
  });

  it('does not see the other workspace in lists, and its own data stays reachable', async () => {
    const sdk = t.sdk(scoped);
    const list = await sdk.send(new ListWorkspacesCommand({}));
    expect(list.workspaceSummaries!.map((w) => w.workspaceId)).toEqual(['ws-a']);
    // …identical to a workspace that truly does not exist
    const missing = await sdk.send(new GetWorkspaceCommand({ workspaceId: 'ws-zzz' })).catch((e: Error) => e);
    const hidden = await sdk.send(new GetWorkspaceCommand({ workspaceId: 'ws-b' })).catch((e: Error) => e);
    expect((hidden as Error).message.replace('ws-b', 'X')).toBe((missing as Error).message.replace('ws-zzz', 'X'));

    expect((await t.call('GET', '/workspaces/ws-b')).body.description).toBe('secret plans of B');
    expect((await sdk.send(new GetSceneCommand({ workspaceId: 'ws-a', sceneId: 'main' }))).contentLocation).toBe(
      's3://doppel-ws-a/ws-a.json',
    );
    expect((await sdk.send(new GetEntityCommand({ workspaceId: 'ws-a', entityId: 'oven' }))).entityName).toBe('Oven');
    expect((await t.call('GET', '/workspaces/ws-b/entities/oven')).status).toBe(200);
  });

  it('with role read may read but gets AccessDenied on writes', async () => {
    const sdk = t.sdk(await keyFor('ws-a', 'read'));
    expect((await sdk.send(new GetWorkspaceCommand({ workspaceId: 'ws-a' }))).workspaceId).toBe('ws-a');
    expect((await sdk.send(new ListScenesCommand({ workspaceId: 'ws-a' }))).sceneSummaries).toHaveLength(1);
    const denied = await sdk
      .send(new UpdateWorkspaceCommand({ workspaceId: 'ws-a', description: 'x' }))
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(sdkErrorCode(denied)).toBe('DOPPEL_ERR_READ_ONLY_KEY');
    await expect(
      sdk.send(new CreateSceneCommand({ workspaceId: 'ws-a', sceneId: 'x', contentLocation: 's3://b/x.json' })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    expect((await t.call('GET', '/workspaces/ws-a')).body.description).toBe('secret plans of A');
  });

  it('may not create or delete workspaces (admin only)', async () => {
    const creds = await keyFor('ws-a', 'write');
    const create = await t.call('POST', '/workspaces/ws-new', {}, { credentials: creds });
    expect(errorOf(create)).toEqual({ status: 403, type: 'AccessDeniedException', code: 'DOPPEL_ERR_ADMIN_ONLY' });
    const del = await t.call('DELETE', '/workspaces/ws-a', undefined, { credentials: creds });
    expect(del.status).toBe(403);
    expect((await t.call('GET', '/workspaces/ws-new')).status).toBe(404);
  });

  it('is refused from the request after its revocation', async () => {
    const creds = await keyFor('ws-a', 'read');
    const sdk = t.sdk(creds);
    await sdk.send(new GetWorkspaceCommand({ workspaceId: 'ws-a' }));
    await t.call('DELETE', `/doppel/keys/${creds.accessKeyId}`);
    await expect(sdk.send(new GetWorkspaceCommand({ workspaceId: 'ws-a' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    expectRefusedWithoutData(await t.call('GET', '/workspaces/ws-a', undefined, { credentials: creds }), [403]);
  });
});

describe('the bootstrap admin credential', () => {
  const saved = { id: process.env.DOPPEL_ACCESS_KEY_ID, secret: process.env.DOPPEL_SECRET_ACCESS_KEY };
  afterEach(() => {
    for (const [name, value] of [
      ['DOPPEL_ACCESS_KEY_ID', saved.id],
      ['DOPPEL_SECRET_ACCESS_KEY', saved.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('is generated into the data dir with mode 0600 when the environment sets none, and kept', async () => {
    const file = path.join(t.dataDir, CREDENTIALS_FILE);
    expect(t.service.admin.file).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(stored).toEqual({ accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey });
    expect(t.admin.secretAccessKey.length).toBeGreaterThanOrEqual(32);
    expect((await t.call('GET', '/doppel/keys')).status).toBe(200);
  });

  it('comes from DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY when set, and no file is written', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-auth-'));
    process.env.DOPPEL_ACCESS_KEY_ID = 'ops-admin';
    process.env.DOPPEL_SECRET_ACCESS_KEY = 'correct-horse-battery-staple';
    const service = await startService(configFrom({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' }), false);
    try {
      expect(service.admin).toEqual({ accessKeyId: 'ops-admin', secretAccessKey: 'correct-horse-battery-staple' });
      expect(fs.existsSync(path.join(dataDir, CREDENTIALS_FILE))).toBe(false);
      const ok = await fetch(`${service.url}/workspaces/from-env`, {
        method: 'POST',
        headers: { authorization: 'Bearer ops-admin:correct-horse-battery-staple', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(ok.status).toBe(200);
      const wrong = await fetch(`${service.url}/workspaces-list`, {
        method: 'POST',
        headers: { authorization: 'Bearer ops-admin:wrong', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(wrong.status).toBe(403);
    } finally {
      await service.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SigV4 requests changed after signing', () => {
  it('refuses a signed request whose body was altered in transit', async () => {
    const sdk = t.sdk();
    type Args = { request: { body?: unknown; headers: Record<string, string> } };
    const tamper = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
      const body = JSON.stringify({ description: 'tampered' });
      args.request.body = body;
      args.request.headers['content-length'] = String(Buffer.byteLength(body));
      return next(args);
    };
    sdk.middlewareStack.addRelativeTo(tamper as unknown as Parameters<typeof sdk.middlewareStack.addRelativeTo>[0], {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    });
    const err = await sdk
      .send(new UpdateWorkspaceCommand({ workspaceId: 'ws-a', description: 'signed' }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((await t.call('GET', '/workspaces/ws-a')).body.description).toBe('secret plans of A');
  });

  it('refuses a request signed more than 15 minutes ago', async () => {
    const { IoTTwinMakerClient } = await import('@aws-sdk/client-iottwinmaker');
    const stale = new IoTTwinMakerClient({
      region: 'us-east-1',
      endpoint: t.url,
      credentials: t.admin,
      disableHostPrefix: true,
      maxAttempts: 1,
      systemClockOffset: -20 * 60 * 1000,
    });
    try {
      const err = await stale.send(new ListWorkspacesCommand({})).catch((e: unknown) => e);
      expect(err).toMatchObject({ $metadata: { httpStatusCode: 403 } });
      expect((err as Error).message).toMatch(/expired/i);
    } finally {
      stale.destroy();
    }
  });
});
