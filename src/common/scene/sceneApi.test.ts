import { resolveModelPath, SceneApi, sceneFolder } from './sceneApi';
import { parseSse } from './valueStream';

describe('scene resources', () => {
  test('model uris resolve against the scene file folder', () => {
    expect(sceneFolder('s3://twinmaker-bucket/scenes/CookieFactory.json')).toBe('scenes/');
    expect(sceneFolder('s3://bucket/scene.json')).toBe('');
    expect(resolveModelPath('scenes/', 'CookieFactoryMixer.glb')).toBe('scenes/CookieFactoryMixer.glb');
    expect(resolveModelPath('scenes/site/', '../models/a.glb')).toBe('scenes/models/a.glb');
    expect(resolveModelPath('scenes/', 'https://example.com/a.glb')).toBe('https://example.com/a.glb');
  });

  test('resource URLs go through the data proxy with each segment encoded', () => {
    const api = new SceneApi('/api/datasources/proxy/uid/ds/doppel', 'ws 1');
    expect(api.resourceUrl('scenes/a b.glb')).toBe(
      '/api/datasources/proxy/uid/ds/doppel/doppel/workspaces/ws%201/resources/scenes/a%20b.glb',
    );
    expect(api.streamUrl).toBe('/api/datasources/proxy/uid/ds/doppel/doppel/workspaces/ws%201/values:stream');
  });
});

describe('parseSse', () => {
  test('complete events are parsed, comments skipped, the unfinished rest kept', () => {
    const { events, rest } = parseSse(
      ': stream open\n\nid: 7\nevent: value\ndata: {"a":1}\n\nevent: skipped\ndata: {}\n\nid: 8\nda',
    );
    expect(events).toEqual([
      { id: '7', event: 'value', data: '{"a":1}' },
      { id: undefined, event: 'skipped', data: '{}' },
    ]);
    expect(rest).toBe('id: 8\nda');
  });
});
