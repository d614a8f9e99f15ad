import {
  ConflictException,
  CreateWorkspaceCommand,
  DeleteWorkspaceCommand,
  GetWorkspaceCommand,
  ListWorkspacesCommand,
  ResourceNotFoundException,
  UpdateWorkspaceCommand,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { errorOf, startTestService, TestService } from './harness';

let t: TestService;
beforeEach(async () => {
  t = await startTestService();
});
afterEach(async () => {
  await t.close();
});

describe('workspaces through the AWS SDK', () => {
  it('creates, gets, updates, lists and deletes a workspace', async () => {
    const sdk = t.sdk();
    const created = await sdk.send(
      new CreateWorkspaceCommand({
        workspaceId: 'plant-1',
        description: 'north plant',
        s3Location: 'arn:aws:s3:::scenes',
      }),
    );
    expect(created.arn).toBe('arn:aws:iottwinmaker:us-east-1:000000000000:workspace/plant-1');
    expect(created.creationDateTime).toBeInstanceOf(Date);

    const got = await sdk.send(new GetWorkspaceCommand({ workspaceId: 'plant-1' }));
    expect(got).toMatchObject({
      workspaceId: 'plant-1',
      description: 'north plant',
      s3Location: 'arn:aws:s3:::scenes',
    });

    const byArn = await sdk.send(new GetWorkspaceCommand({ workspaceId: created.arn! }));
    expect(byArn.workspaceId).toBe('plant-1');

    await sdk.send(new UpdateWorkspaceCommand({ workspaceId: 'plant-1', description: 'renamed' }));
    expect((await sdk.send(new GetWorkspaceCommand({ workspaceId: 'plant-1' }))).description).toBe('renamed');

    const list = await sdk.send(new ListWorkspacesCommand({}));
    expect(list.workspaceSummaries?.map((w) => w.workspaceId)).toEqual(['plant-1']);
    expect(list.nextToken).toBeUndefined();

    await sdk.send(new DeleteWorkspaceCommand({ workspaceId: 'plant-1' }));
    await expect(sdk.send(new GetWorkspaceCommand({ workspaceId: 'plant-1' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('refuses a duplicate id with ConflictException and a bad id with ValidationException', async () => {
    const sdk = t.sdk();
    await sdk.send(new CreateWorkspaceCommand({ workspaceId: 'dup' }));
    await expect(sdk.send(new CreateWorkspaceCommand({ workspaceId: 'dup' }))).rejects.toBeInstanceOf(
      ConflictException,
    );
    const bad = sdk.send(new CreateWorkspaceCommand({ workspaceId: 'has space' }));
    await expect(bad).rejects.toBeInstanceOf(ValidationException);
    await expect(bad).rejects.toThrow(/workspaceId/);
  });

  it('pages through workspaces without loss or duplicates', async () => {
    const sdk = t.sdk();
    const ids = Array.from({ length: 7 }, (_, i) => `ws-${i}0`);
    for (const id of ids) await sdk.send(new CreateWorkspaceCommand({ workspaceId: id }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sdk.send(new ListWorkspacesCommand({ maxResults: 3, nextToken }));
      seen.push(...page.workspaceSummaries!.map((w) => w.workspaceId!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(ids);
  });
});

describe('workspaces on the wire', () => {
  it('routes by path whatever the Host header and treats nextToken "" as absent', async () => {
    await t.call('POST', '/workspaces/w1', {});
    const res = await t.call(
      'POST',
      '/workspaces-list',
      { nextToken: '' },
      { headers: { host: 'api.twin.example:443' } },
    );
    expect(res.status).toBe(200);
    expect(res.body.workspaceSummaries).toHaveLength(1);
    expect(res.body).not.toHaveProperty('nextToken');
    expect(typeof res.body.workspaceSummaries[0].creationDateTime).toBe('number');
  });

  it('answers malformed JSON with a ValidationException that says so', async () => {
    const res = await t.call('POST', '/workspaces/w1', undefined, { rawBody: '{"description": ' });
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_BODY_NOT_JSON' });
  });

  it('answers a member of the wrong type with a ValidationException naming it', async () => {
    const res = await t.call('POST', '/workspaces/w1', { description: 42 });
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_REQUEST_INVALID' });
    expect(res.body.message).toMatch(/'description'/);
  });

  it('refuses an oversized body with a ValidationException', async () => {
    const res = await t.call('POST', '/workspaces/w1', { description: 'x'.repeat(7 * 1024 * 1024) });
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_BODY_TOO_LARGE' });
  });

  it('refuses to delete a workspace that is not empty', async () => {
    await t.call('POST', '/workspaces/w1', {});
    expect((await t.call('POST', '/workspaces/w1/entities', { entityId: 'e1', entityName: 'e1' })).status).toBe(200);
    const res = await t.call('DELETE', '/workspaces/w1');
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_WORKSPACE_NOT_EMPTY' });
    expect((await t.call('GET', '/workspaces/w1')).status).toBe(200);
  });

  // the auth hook checks the workspace once for every workspace route, before handler and store
  it.each([
    ['GetEntity', 'GET', '/workspaces/nowhere/entities/e1', undefined],
    ['ListEntities', 'POST', '/workspaces/nowhere/entities-list', {}],
    ['CreateEntity', 'POST', '/workspaces/nowhere/entities', { entityName: 'x' }],
    ['GetComponentType', 'GET', '/workspaces/nowhere/component-types/t', undefined],
    ['ListScenes', 'POST', '/workspaces/nowhere/scenes-list', {}],
    ['GetPropertyValue', 'POST', '/workspaces/nowhere/entity-properties/value', {}],
    ['ExecuteQuery', 'POST', '/queries/execution', { workspaceId: 'nowhere', queryStatement: 'x' }],
    ['UpdateWorkspace', 'PUT', '/workspaces/nowhere', {}],
  ])('%s on a missing workspace answers DOPPEL_ERR_WORKSPACE_NOT_FOUND', async (_op, method, url, body) => {
    const res = await t.call(method, url, body);
    expect(errorOf(res)).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
      code: 'DOPPEL_ERR_WORKSPACE_NOT_FOUND',
    });
    expect(res.body.message).toBe('Workspace nowhere not found');
  });

  it('names the operation of TwinMaker APIs not offered yet', async () => {
    const res = await t.call('GET', '/pricingplan');
    expect(errorOf(res)).toEqual({
      status: 400,
      type: 'ValidationException',
      code: 'DOPPEL_ERR_OPERATION_NOT_OFFERED',
    });
    expect(res.body.message).toMatch(/GetPricingPlan/);
  });

  it('keeps everything across a restart on the same data dir', async () => {
    await t.call('POST', '/workspaces/keep-me', { description: 'persisted' });
    const dataDir = t.dataDir;
    const admin = t.admin;
    await t.close(true);
    t = await startTestService({ dataDir });
    expect(t.admin).toEqual(admin);
    const res = await t.call('GET', '/workspaces/keep-me');
    expect(res.body.description).toBe('persisted');
  });
});

test('deleting a workspace revokes its grants: a new workspace of the same id is not reachable by old keys', async () => {
  const svc = await startTestService();
  try {
    await svc.call('POST', '/workspaces/reused', {});
    const key = (await svc.call('POST', '/doppel/keys', { workspaces: [{ workspaceId: 'reused', role: 'write' }] }))
      .body;
    const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    expect((await svc.call('GET', '/workspaces/reused', undefined, { credentials })).status).toBe(200);
    await svc.call('DELETE', '/workspaces/reused');
    await svc.call('POST', '/workspaces/reused', {});
    const res = await svc.call('GET', '/workspaces/reused', undefined, { credentials });
    expect([res.status, res.errorType]).toEqual([404, 'ResourceNotFoundException']);
  } finally {
    await svc.close();
  }
});
