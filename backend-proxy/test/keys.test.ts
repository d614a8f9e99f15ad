import { GetWorkspaceCommand, ListWorkspacesCommand } from '@aws-sdk/client-iottwinmaker';
import { errorOf, startTestService, TestService } from './harness';

const KEY_REQUEST = 'DOPPEL_ERR_ACCESS_KEY_REQUEST_INVALID';

let t: TestService;
beforeEach(async () => {
  t = await startTestService();
  await t.call('POST', '/workspaces/plant', {});
  await t.call('POST', '/workspaces/lab', {});
});
afterEach(async () => {
  await t.close();
});

const credsOf = (body: { accessKeyId: string; secretAccessKey: string }) => ({
  accessKeyId: body.accessKeyId,
  secretAccessKey: body.secretAccessKey,
});

describe('/doppel/keys', () => {
  it('creates a scoped key whose secret is shown once and works at once', async () => {
    const created = await t.call('POST', '/doppel/keys', {
      description: 'grafana north',
      workspaces: [
        { workspaceId: 'plant', role: 'read' },
        { workspaceId: 'lab', role: 'write' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      isAdmin: false,
      description: 'grafana north',
      workspaces: [
        { workspaceId: 'lab', role: 'write' },
        { workspaceId: 'plant', role: 'read' },
      ],
    });
    expect(created.body.accessKeyId).toMatch(/^[A-Z0-9]+$/);
    expect(created.body.secretAccessKey.length).toBeGreaterThanOrEqual(32);
    expect(typeof created.body.creationDateTime).toBe('number');

    const list = await t.sdk(credsOf(created.body)).send(new ListWorkspacesCommand({}));
    expect(list.workspaceSummaries!.map((w) => w.workspaceId).sort()).toEqual(['lab', 'plant']);

    const listed = await t.call('GET', '/doppel/keys');
    expect(listed.status).toBe(200);
    const mine = listed.body.keys.find((k: { accessKeyId: string }) => k.accessKeyId === created.body.accessKeyId);
    expect(mine).toMatchObject({ description: 'grafana north', isAdmin: false });
    // no secret leaves the service after creation, not even the admin's
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secretAccessKey);
    expect(JSON.stringify(listed.body)).not.toContain(t.admin.secretAccessKey);
    expect(listed.body.keys.every((k: object) => !('secretAccessKey' in k))).toBe(true);

    const one = await t.call('GET', `/doppel/keys/${created.body.accessKeyId}`);
    expect(one.body).toEqual(mine);
  });

  it('creates an admin key that may create workspaces', async () => {
    const created = await t.call('POST', '/doppel/keys', { admin: true, description: 'second admin' });
    expect(created.body.isAdmin).toBe(true);
    expect(created.body.workspaces).toEqual([]);
    const res = await t.call('POST', '/workspaces/made-by-second', {}, { credentials: credsOf(created.body) });
    expect(res.status).toBe(200);
  });

  it('revokes a key so that its very next request is refused, over bearer and SigV4', async () => {
    const created = await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'plant', role: 'write' }] });
    const creds = credsOf(created.body);
    expect((await t.call('GET', '/workspaces/plant', undefined, { credentials: creds })).status).toBe(200);
    const sdk = t.sdk(creds);
    await sdk.send(new GetWorkspaceCommand({ workspaceId: 'plant' }));

    const revoked = await t.call('DELETE', `/doppel/keys/${creds.accessKeyId}`);
    expect(revoked.status).toBe(200);
    expect(typeof revoked.body.revokedDateTime).toBe('number');

    const refused = await t.call('GET', '/workspaces/plant', undefined, { credentials: creds });
    expect(errorOf(refused)).toEqual({
      status: 403,
      type: 'UnrecognizedClientException',
      code: 'DOPPEL_ERR_KEY_NOT_VALID',
    });
    expect(refused.body).toEqual({ message: expect.stringMatching(/revoked/) });
    await expect(sdk.send(new GetWorkspaceCommand({ workspaceId: 'plant' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });

    // revoking again is harmless and keeps the first revocation time
    const again = await t.call('DELETE', `/doppel/keys/${creds.accessKeyId}`);
    expect(again.body.revokedDateTime).toBe(revoked.body.revokedDateTime);
    const listed = await t.call('GET', `/doppel/keys/${creds.accessKeyId}`);
    expect(listed.body.revokedDateTime).toBe(revoked.body.revokedDateTime);
  });

  it('loses a workspace deleted while the key was in use, also when the workspace is made again', async () => {
    const created = await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'lab', role: 'read' }] });
    const creds = credsOf(created.body);
    expect((await t.call('GET', '/workspaces/lab', undefined, { credentials: creds })).status).toBe(200);

    expect((await t.call('DELETE', '/workspaces/lab')).status).toBe(200);
    expect((await t.call('POST', '/workspaces/lab', {})).status).toBe(200);
    const refused = await t.call('GET', '/workspaces/lab', undefined, { credentials: creds });
    expect(errorOf(refused)).toMatchObject({ status: 404, type: 'ResourceNotFoundException' });
  });

  it.each([
    ['CreateAccessKey', 'POST', '/doppel/keys', { admin: true }],
    ['ListAccessKeys', 'GET', '/doppel/keys', undefined],
    ['RevokeAccessKey', 'DELETE', '/doppel/keys/ADMIN', undefined],
  ])('lets only admin keys call %s', async (_operation, method, path, body) => {
    const created = await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'plant', role: 'write' }] });
    const creds = credsOf(created.body);
    const res = await t.call(method, path.replace('ADMIN', t.admin.accessKeyId), body, { credentials: creds });
    expect(errorOf(res)).toEqual({ status: 403, type: 'AccessDeniedException', code: 'DOPPEL_ERR_ADMIN_ONLY' });
    expect((await t.call('GET', '/doppel/keys')).body.keys.map((k: any) => k.accessKeyId)).toContain(
      t.admin.accessKeyId,
    );
  });

  it.each([
    ['neither workspaces nor admin', { description: 'x' }, /workspaces/, KEY_REQUEST],
    [
      'both workspaces and admin',
      { admin: true, workspaces: [{ workspaceId: 'plant', role: 'read' }] },
      /not both/,
      KEY_REQUEST,
    ],
    ['an unknown workspace', { workspaces: [{ workspaceId: 'nowhere', role: 'read' }] }, /nowhere/, KEY_REQUEST],
    [
      'a workspace twice',
      {
        workspaces: [
          { workspaceId: 'plant', role: 'read' },
          { workspaceId: 'plant', role: 'write' },
        ],
      },
      /twice/,
      KEY_REQUEST,
    ],
    [
      'a role other than read or write',
      { workspaces: [{ workspaceId: 'plant', role: 'owner' }] },
      /role/,
      'DOPPEL_ERR_REQUEST_INVALID',
    ],
    [
      'an unknown member',
      { workspaces: [{ workspaceId: 'plant', role: 'read' }], expires: 3 },
      /expires|additional/,
      'DOPPEL_ERR_REQUEST_INVALID',
    ],
  ])('refuses a key with %s', async (_what, body, message, code) => {
    const before = (await t.call('GET', '/doppel/keys')).body.keys.length;
    const res = await t.call('POST', '/doppel/keys', body);
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code });
    expect(res.body.message).toMatch(message);
    expect((await t.call('GET', '/doppel/keys')).body.keys).toHaveLength(before);
  });

  it('answers ResourceNotFound for an unknown key and refuses a key revoking itself', async () => {
    const missing = await t.call('DELETE', '/doppel/keys/DPLNOSUCHKEY');
    expect(errorOf(missing)).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
      code: 'DOPPEL_ERR_ACCESS_KEY_NOT_FOUND',
    });
    const self = await t.call('DELETE', `/doppel/keys/${t.admin.accessKeyId}`);
    expect(errorOf(self)).toEqual({ status: 400, type: 'ValidationException', code: KEY_REQUEST });
    expect(self.body.message).toMatch(/itself/);
    expect((await t.call('GET', '/doppel/keys')).status).toBe(200);
  });

  it('keeps keys and revocations across a restart', async () => {
    const kept = credsOf(
      (await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'plant', role: 'read' }] })).body,
    );
    const gone = credsOf(
      (await t.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'plant', role: 'read' }] })).body,
    );
    await t.call('DELETE', `/doppel/keys/${gone.accessKeyId}`);
    const dataDir = t.dataDir;
    await t.close(true);
    t = await startTestService({ dataDir });
    expect((await t.call('GET', '/workspaces/plant', undefined, { credentials: kept })).status).toBe(200);
    expect((await t.call('GET', '/workspaces/plant', undefined, { credentials: gone })).status).toBe(403);
  });
});
