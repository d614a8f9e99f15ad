import {
  AccessDeniedException,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
} from '@aws-sdk/client-iottwinmaker';
import { errorOf, sdkErrorCode, startTestService, TestService } from './harness';
import { placeSceneDocument } from './scene-fixture';

let t: TestService;
const arnOf = (suffix: string) => `arn:aws:iottwinmaker:us-east-1:000000000000:workspace/${suffix}`;

beforeEach(async () => {
  t = await startTestService();
  await t.call('POST', '/workspaces/plant', { tags: { owner: 'ops' } });
  await t.call('POST', '/workspaces/other', {});
  const created = [
    await t.call('POST', '/workspaces/plant/component-types/com.example.cookie:mixer', {
      propertyDefinitions: { rpm: { dataType: { type: 'DOUBLE' }, isTimeSeries: true } },
      tags: { kind: 'machine' },
    }),
    await t.call('POST', '/workspaces/plant/entities', {
      entityId: 'MIXER_0',
      entityName: 'Mixer 0',
      components: { motor: { componentTypeId: 'com.example.cookie:mixer' } },
      tags: { line: '1' },
    }),
  ];
  for (const res of created) expect(res.status).toBe(200);
  await t.call('POST', '/workspaces/plant/scenes', {
    sceneId: 'line',
    contentLocation: await placeSceneDocument(t, 'plant', 'line.json'),
  });
});
afterEach(async () => {
  await t.close();
});

async function scopedKey(workspaces: { workspaceId: string; role: 'read' | 'write' }[]) {
  const res = await t.call('POST', '/doppel/keys', { workspaces });
  return { accessKeyId: res.body.accessKeyId as string, secretAccessKey: res.body.secretAccessKey as string };
}

describe('tags through the AWS SDK', () => {
  it.each([
    ['workspace', arnOf('plant')],
    ['entity', arnOf('plant/entity/MIXER_0')],
    ['component type', arnOf('plant/component-type/com.example.cookie:mixer')],
    ['scene', arnOf('plant/scene/line')],
  ])('tags, lists and untags: %s', async (_kind, resourceARN) => {
    const sdk = t.sdk();
    await sdk.send(
      new TagResourceCommand({ resourceARN, tags: { line: 'cookies', shift: 'night', 'cost/center': '42' } }),
    );
    await sdk.send(new TagResourceCommand({ resourceARN, tags: { shift: 'day' } }));
    const listed = await sdk.send(new ListTagsForResourceCommand({ resourceARN }));
    expect(listed.tags).toMatchObject({ line: 'cookies', shift: 'day', 'cost/center': '42' });
    expect(listed.nextToken).toBeUndefined();

    await sdk.send(new UntagResourceCommand({ resourceARN, tagKeys: ['line', 'cost/center', 'never-set'] }));
    const after = await sdk.send(new ListTagsForResourceCommand({ resourceARN }));
    expect(after.tags).not.toHaveProperty('line');
    expect(after.tags).not.toHaveProperty('cost/center');
    expect(after.tags).toMatchObject({ shift: 'day' });
  });

  it('returns the tags given when a workspace, component type or entity was created', async () => {
    const sdk = t.sdk();
    const tagsOf = async (resourceARN: string) =>
      (await sdk.send(new ListTagsForResourceCommand({ resourceARN }))).tags;
    expect(await tagsOf(arnOf('plant'))).toEqual({ owner: 'ops' });
    expect(await tagsOf(arnOf('plant/component-type/com.example.cookie:mixer'))).toEqual({ kind: 'machine' });
    expect(await tagsOf(arnOf('plant/entity/MIXER_0'))).toEqual({ line: '1' });
  });

  it('forgets the tags of a deleted entity or component type', async () => {
    const sdk = t.sdk();
    const entityArn = arnOf('plant/entity/MIXER_0');
    const typeArn = arnOf('plant/component-type/com.example.cookie:mixer');
    expect((await t.call('DELETE', '/workspaces/plant/entities/MIXER_0')).status).toBe(200);
    await expect(sdk.send(new ListTagsForResourceCommand({ resourceARN: entityArn }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect((await t.call('DELETE', '/workspaces/plant/component-types/com.example.cookie:mixer')).status).toBe(200);
    await expect(sdk.send(new ListTagsForResourceCommand({ resourceARN: typeArn }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    // re-created under the same ids they start without tags
    await t.call('POST', '/workspaces/plant/component-types/com.example.cookie:mixer', {});
    await t.call('POST', '/workspaces/plant/entities', { entityId: 'MIXER_0', entityName: 'Mixer 0' });
    expect((await sdk.send(new ListTagsForResourceCommand({ resourceARN: entityArn }))).tags).toEqual({});
    expect((await sdk.send(new ListTagsForResourceCommand({ resourceARN: typeArn }))).tags).toEqual({});
  });

  it.each([
    ['a missing workspace', arnOf('missing')],
    ['a missing entity', arnOf('plant/entity/NOPE')],
    ['a missing scene', arnOf('plant/scene/nope')],
    ['a missing component type', arnOf('plant/component-type/com.example.none')],
    // a different account's workspace of the same name is not ours
    ['another account’s workspace', 'arn:aws:iottwinmaker:us-east-1:123456789012:workspace/plant'],
  ])('answers ResourceNotFound for the ARN of %s', async (_what, resourceARN) => {
    const sdk = t.sdk();
    for (const command of [
      new TagResourceCommand({ resourceARN, tags: { a: 'b' } }),
      new ListTagsForResourceCommand({ resourceARN }),
      new UntagResourceCommand({ resourceARN, tagKeys: ['a'] }),
    ]) {
      const err = await sdk.send(command as any).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(sdkErrorCode(err)).toBe('DOPPEL_ERR_ARN_NOT_FOUND');
    }
  });

  it('refuses a 51st tag with TooManyTagsException and writes nothing', async () => {
    const sdk = t.sdk();
    const resourceARN = arnOf('plant/scene/line');
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    await sdk.send(new TagResourceCommand({ resourceARN, tags: fifty }));
    // overwriting tags it already carries does not count against the limit
    await sdk.send(new TagResourceCommand({ resourceARN, tags: { k0: 'changed' } }));
    const refused = await sdk
      .send(new TagResourceCommand({ resourceARN, tags: { k0: 'again', extra: 'x' } }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyTagsException);
    expect(sdkErrorCode(refused)).toBe('DOPPEL_ERR_TOO_MANY_TAGS');
    const listed = await sdk.send(new ListTagsForResourceCommand({ resourceARN }));
    expect(Object.keys(listed.tags!)).toHaveLength(50);
    expect(listed.tags!.k0).toBe('changed');
  });

  it('pages through tags with maxResults', async () => {
    const sdk = t.sdk();
    const resourceARN = arnOf('plant/scene/line');
    await sdk.send(new TagResourceCommand({ resourceARN, tags: { a: '1', b: '2', c: '3', d: '4', e: '5' } }));
    const seen: Record<string, string> = {};
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sdk.send(new ListTagsForResourceCommand({ resourceARN, maxResults: 2, nextToken }));
      Object.assign(seen, page.tags);
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(seen).toEqual({ a: '1', b: '2', c: '3', d: '4', e: '5' });
    expect(pages).toBe(3);
  });
});

describe('tags and key scopes', () => {
  it('hides workspaces outside the key and refuses tagging with a read key', async () => {
    const reader = await scopedKey([{ workspaceId: 'plant', role: 'read' }]);
    const sdk = t.sdk(reader);
    const listed = await sdk.send(new ListTagsForResourceCommand({ resourceARN: arnOf('plant') }));
    expect(listed.tags).toEqual({ owner: 'ops' });
    await expect(
      sdk.send(new TagResourceCommand({ resourceARN: arnOf('plant'), tags: { a: 'b' } })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(
      sdk.send(new UntagResourceCommand({ resourceARN: arnOf('plant'), tagKeys: ['owner'] })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    // another workspace answers exactly as a missing one
    await expect(sdk.send(new ListTagsForResourceCommand({ resourceARN: arnOf('other') }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      sdk.send(new TagResourceCommand({ resourceARN: arnOf('other'), tags: { a: 'b' } })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect((await t.sdk().send(new ListTagsForResourceCommand({ resourceARN: arnOf('plant') }))).tags).toEqual({
      owner: 'ops',
    });
  });

  it('lets a write key tag its own workspace resources', async () => {
    const writer = await scopedKey([{ workspaceId: 'plant', role: 'write' }]);
    await t.sdk(writer).send(new TagResourceCommand({ resourceARN: arnOf('plant/scene/line'), tags: { a: 'b' } }));
    const listed = await t.sdk(writer).send(new ListTagsForResourceCommand({ resourceARN: arnOf('plant/scene/line') }));
    expect(listed.tags).toEqual({ a: 'b' });
  });
});

describe('tags on the wire', () => {
  it('untags with one tagKeys query member or none', async () => {
    const arn = arnOf('plant');
    await t.call('POST', '/tags', { resourceARN: arn, tags: { a: '1', b: '2' } });
    const one = await t.call('DELETE', `/tags?resourceARN=${encodeURIComponent(arn)}&tagKeys=a`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({});
    const none = await t.call('DELETE', `/tags?resourceARN=${encodeURIComponent(arn)}`);
    expect(none.status).toBe(200);
    expect((await t.call('POST', '/tags-list', { resourceARN: arn })).body.tags).toEqual({ b: '2', owner: 'ops' });
  });

  it('refuses a malformed ARN, a bad tag key and a missing tags member with a ValidationException naming it', async () => {
    const badArn = await t.call('POST', '/tags', { resourceARN: 'plant', tags: { a: 'b' } });
    const invalid = { status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_REQUEST_INVALID' };
    expect(errorOf(badArn)).toEqual(invalid);
    expect(badArn.body.message).toMatch(/resourceARN/);
    const badKey = await t.call('POST', '/tags', { resourceARN: arnOf('plant'), tags: { 'no#hash': 'b' } });
    expect(errorOf(badKey)).toEqual(invalid);
    expect(badKey.body.message).toMatch(/tags/);
    const missing = await t.call('POST', '/tags', { resourceARN: arnOf('plant') });
    expect(errorOf(missing)).toEqual(invalid);
    expect(missing.body.message).toMatch(/tags/);
    const noArn = await t.call('DELETE', '/tags?tagKeys=a');
    expect(errorOf(noArn)).toEqual(invalid);
    expect(noArn.body.message).toMatch(/resourceARN/);
  });

  it('drops the tags of a workspace with it', async () => {
    await t.call('POST', '/workspaces/tmp', { tags: { keep: 'no' } });
    await t.call('DELETE', '/workspaces/tmp');
    await t.call('POST', '/workspaces/tmp', {});
    expect((await t.call('POST', '/tags-list', { resourceARN: arnOf('tmp') })).body.tags).toEqual({});
  });
});
