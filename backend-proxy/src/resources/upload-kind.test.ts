import { uploadKind } from './upload-kind';

describe('upload kind', () => {
  it.each([
    ['models/a.glb', undefined, 'glb'],
    ['models/a.bin', 'model/gltf-binary', 'glb'],
    ['models/a.gltf', 'application/json', 'gltf'],
    ['scenes/a.json', 'application/vnd.doppel.scene+json', 'scene'],
    ['scenes/a', 'application/vnd.doppel.scene+json', 'scene'],
    ['tiles/tileset.json', 'application/json; charset=utf-8', 'json'],
    ['tiles/tileset.json', 'text/plain', 'json'],
    ['img/a.png', 'image/png', 'other'],
  ])('%s sent as %s is checked as %s', (path, type, kind) => {
    expect(uploadKind(path, type)).toBe(kind);
  });

  it('refuses a content type that contradicts the extension', () => {
    expect(() => uploadKind('models/a.glb', 'application/vnd.doppel.scene+json')).toThrow('extension .glb');
    expect(() => uploadKind('scenes/a.json', 'model/gltf-binary')).toThrow('extension .json');
  });
});
