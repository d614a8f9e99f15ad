import {
  ConflictException,
  CreateSceneCommand,
  DeleteSceneCommand,
  GetSceneCommand,
  ListScenesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  UpdateSceneCommand,
  ValidationException,
} from '@aws-sdk/client-iottwinmaker';
import { errorOf, sdkErrorCode, startTestService, TestService } from './harness';
import { placeSceneDocument, sampleScene } from './scene-fixture';

let t: TestService;
beforeEach(async () => {
  t = await startTestService();
  await t.call('POST', '/workspaces/plant', {});
  const document = sampleScene('cookiefactory-v1/scenes/CookieFactory.json');
  await placeSceneDocument(t, 'plant', 'CookieFactory.json', document);
  await placeSceneDocument(t, 'plant', 'CookieFactory-v2.json', document);
});
afterEach(async () => {
  await t.close();
});

const cookieScene = 's3://doppel-plant/CookieFactory.json';

describe('scenes through the AWS SDK', () => {
  it('creates, gets, updates, lists and deletes a scene', async () => {
    const sdk = t.sdk();
    const before = Date.now() / 1000;
    const created = await sdk.send(
      new CreateSceneCommand({
        workspaceId: 'plant',
        sceneId: 'cookie-line',
        contentLocation: cookieScene,
        description: 'mixing line',
        capabilities: ['DYNAMIC_SCENE'],
        sceneMetadata: { sceneRootEntityId: 'FactoryRoot' },
        tags: { site: 'north' },
      }),
    );
    expect(created.arn).toBe('arn:aws:iottwinmaker:us-east-1:000000000000:workspace/plant/scene/cookie-line');
    expect(created.creationDateTime!.getTime() / 1000).toBeGreaterThanOrEqual(Math.floor(before));

    const got = await sdk.send(new GetSceneCommand({ workspaceId: 'plant', sceneId: 'cookie-line' }));
    expect(got).toMatchObject({
      workspaceId: 'plant',
      sceneId: 'cookie-line',
      arn: created.arn,
      contentLocation: cookieScene,
      description: 'mixing line',
      capabilities: ['DYNAMIC_SCENE'],
      sceneMetadata: { sceneRootEntityId: 'FactoryRoot' },
    });
    expect(got.creationDateTime).toEqual(created.creationDateTime);
    expect(got.updateDateTime).toBeInstanceOf(Date);
    // counted from the document (the cookie factory of the samples)
    expect(got.generatedSceneMetadata).toEqual({
      nodeCount: '62',
      tagCount: '27',
      modelCount: '31',
      ruleCount: '3',
      cameraCount: '0',
    });

    const tags = await sdk.send(new ListTagsForResourceCommand({ resourceARN: created.arn }));
    expect(tags.tags).toEqual({ site: 'north' });

    const updated = await sdk.send(
      new UpdateSceneCommand({
        workspaceId: 'plant',
        sceneId: 'cookie-line',
        contentLocation: 's3://doppel-plant/CookieFactory-v2.json',
        capabilities: [],
      }),
    );
    expect(updated.updateDateTime!.getTime()).toBeGreaterThanOrEqual(got.updateDateTime!.getTime());
    const after = await sdk.send(new GetSceneCommand({ workspaceId: 'plant', sceneId: 'cookie-line' }));
    // members not sent keep their value; members sent replace it
    expect(after).toMatchObject({
      contentLocation: 's3://doppel-plant/CookieFactory-v2.json',
      description: 'mixing line',
      capabilities: [],
      sceneMetadata: { sceneRootEntityId: 'FactoryRoot' },
    });

    const list = await sdk.send(new ListScenesCommand({ workspaceId: 'plant' }));
    expect(list.sceneSummaries).toHaveLength(1);
    expect(list.sceneSummaries![0]).toMatchObject({
      sceneId: 'cookie-line',
      arn: created.arn,
      description: 'mixing line',
    });
    expect(list.nextToken).toBeUndefined();

    await sdk.send(new DeleteSceneCommand({ workspaceId: 'plant', sceneId: 'cookie-line' }));
    await expect(
      sdk.send(new GetSceneCommand({ workspaceId: 'plant', sceneId: 'cookie-line' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    // the scene's tags went with it
    await expect(sdk.send(new ListTagsForResourceCommand({ resourceARN: created.arn }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('refuses a duplicate scene id with ConflictException', async () => {
    const sdk = t.sdk();
    await sdk.send(new CreateSceneCommand({ workspaceId: 'plant', sceneId: 's1', contentLocation: cookieScene }));
    await expect(
      sdk.send(new CreateSceneCommand({ workspaceId: 'plant', sceneId: 's1', contentLocation: cookieScene })),
    ).rejects.toBeInstanceOf(ConflictException);
  });

  it('refuses a contentLocation that is not an s3:// URL, naming the member', async () => {
    const bad = t.sdk().send(
      new CreateSceneCommand({
        workspaceId: 'plant',
        sceneId: 's1',
        contentLocation: 'http://example.com/scene.json',
      }),
    );
    await expect(bad).rejects.toBeInstanceOf(ValidationException);
    await expect(bad).rejects.toThrow(/contentLocation/);
  });

  it.each([
    ['GetScene of a missing scene', 'SCENE', new GetSceneCommand({ workspaceId: 'plant', sceneId: 'nope' })],
    [
      'UpdateScene of a missing scene',
      'SCENE',
      new UpdateSceneCommand({ workspaceId: 'plant', sceneId: 'nope', description: 'x' }),
    ],
    ['DeleteScene of a missing scene', 'SCENE', new DeleteSceneCommand({ workspaceId: 'plant', sceneId: 'nope' })],
    ['ListScenes of a missing workspace', 'WORKSPACE', new ListScenesCommand({ workspaceId: 'elsewhere' })],
    [
      'CreateScene in a missing workspace',
      'WORKSPACE',
      new CreateSceneCommand({ workspaceId: 'elsewhere', sceneId: 's1', contentLocation: cookieScene }),
    ],
  ])('%s answers ResourceNotFound', async (_what, missing, command) => {
    const err = await t
      .sdk()
      .send(command as any)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(sdkErrorCode(err)).toBe(`DOPPEL_ERR_${missing}_NOT_FOUND`);
  });

  it('pages through scenes without loss or duplicates', async () => {
    const sdk = t.sdk();
    const ids = Array.from({ length: 8 }, (_, i) => `scene-${i}`);
    for (const sceneId of ids)
      await sdk.send(new CreateSceneCommand({ workspaceId: 'plant', sceneId, contentLocation: cookieScene }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sdk.send(new ListScenesCommand({ workspaceId: 'plant', maxResults: 3, nextToken }));
      seen.push(...page.sceneSummaries!.map((s) => s.sceneId!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });
});

describe('scenes on the wire', () => {
  it('answers epoch-second timestamps and omits nextToken on the last page ("" is the first page)', async () => {
    await t.call('POST', '/workspaces/plant/scenes', { sceneId: 's1', contentLocation: cookieScene });
    const got = await t.call('GET', '/workspaces/plant/scenes/s1');
    expect(typeof got.body.creationDateTime).toBe('number');
    expect(got.body.creationDateTime).toBeLessThan(1e11);
    const list = await t.call('POST', '/workspaces/plant/scenes-list', { nextToken: '' });
    expect(list.status).toBe(200);
    expect(list.body.sceneSummaries).toHaveLength(1);
    expect(list.body).not.toHaveProperty('nextToken');
  });

  it('refuses more than 50 sceneMetadata entries and metadata keys outside the Name pattern', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = await t.call('POST', '/workspaces/plant/scenes', {
      sceneId: 's1',
      contentLocation: cookieScene,
      sceneMetadata: many,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.errorType).toBe('ValidationException');
    expect(tooMany.body.message).toMatch(/sceneMetadata/);
    const badKey = await t.call('POST', '/workspaces/plant/scenes', {
      sceneId: 's1',
      contentLocation: cookieScene,
      sceneMetadata: { 'has space': 'v' },
    });
    expect(badKey.status).toBe(400);
    expect((await t.call('POST', '/workspaces/plant/scenes-list', {})).body.sceneSummaries).toEqual([]);
  });

  it('keeps scenes in the way of deleting their workspace', async () => {
    await t.call('POST', '/workspaces/plant/scenes', { sceneId: 's1', contentLocation: cookieScene });
    const res = await t.call('DELETE', '/workspaces/plant');
    expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_WORKSPACE_NOT_EMPTY' });
    expect(res.body.message).toMatch(/1 scenes/);
  });

  it('keeps scenes across a restart', async () => {
    await t.call('POST', '/workspaces/plant/scenes', {
      sceneId: 's1',
      contentLocation: cookieScene,
      sceneMetadata: { a: 'b' },
    });
    const dataDir = t.dataDir;
    await t.close(true);
    t = await startTestService({ dataDir });
    const got = await t.call('GET', '/workspaces/plant/scenes/s1');
    expect(got.body).toMatchObject({ sceneId: 's1', contentLocation: cookieScene, sceneMetadata: { a: 'b' } });
  });
});
