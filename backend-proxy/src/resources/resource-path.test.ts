import { checkPrefix, checkResourcePath, decodeResourcePath, folderOf, resolveRelative } from './resource-path';

describe('resource paths', () => {
  it.each(['models/oven.glb', 'scenes/plant.json', 'a', '.gitkeep', 'tiles/1/2/3.b3dm', 'ünïcode/模型.glb'])(
    'accepts %s',
    (p) => expect(checkResourcePath(p)).toBe(p),
  );

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['a/../b', '".."'],
    ['..', '".."'],
    ['a/./b', '"."'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\u0000b', 'control'],
    ['a\nb', 'control'],
    ['a\\b', 'backslash'],
    ['x'.repeat(1025), '1024 bytes'],
    [`${'x'.repeat(256)}/a`, '255 bytes'],
  ])('refuses %j, saying why and naming the path', (p, why) => {
    expect(() => checkResourcePath(p)).toThrow(why);
    expect(() => checkResourcePath(p)).toThrow('Resource path');
  });

  it('decodes before checking, so encoded dots and slashes are judged as what they mean', () => {
    expect(decodeResourcePath('models/oven%20v2.glb')).toBe('models/oven v2.glb');
    expect(decodeResourcePath('models%2Foven.glb')).toBe('models/oven.glb');
    expect(() => decodeResourcePath('a/%2e%2e/b')).toThrow('".."');
    expect(() => decodeResourcePath('%2E%2E')).toThrow('".."');
    expect(() => decodeResourcePath('%zz')).toThrow('percent-encoding');
  });

  it('accepts prefixes that end at a folder or inside a name', () => {
    expect(checkPrefix('')).toBe('');
    expect(checkPrefix('models/')).toBe('models/');
    expect(checkPrefix('models/ov')).toBe('models/ov');
    expect(() => checkPrefix('../')).toThrow('".."');
  });

  it('resolves references against the document folder as TwinMaker does', () => {
    expect(folderOf('scenes/plant.json')).toBe('scenes/');
    expect(folderOf('plant.json')).toBe('');
    expect(resolveRelative('scenes/plant.json', 'CookieFactoryMixer.glb')).toBe('scenes/CookieFactoryMixer.glb');
    expect(resolveRelative('scenes/plant.json', '../models/oven.glb')).toBe('models/oven.glb');
    expect(resolveRelative('scenes/plant.json', './Env/tileset.json')).toBe('scenes/Env/tileset.json');
    expect(resolveRelative('scenes/plant.json', 'oven%20v2.glb')).toBe('scenes/oven v2.glb');
    expect(resolveRelative('plant.json', '../../etc/passwd')).toBeUndefined();
    expect(resolveRelative('plant.json', 'https://example.com/a.glb')).toBeUndefined();
    expect(resolveRelative('plant.json', 's3://bucket/a.glb')).toBeUndefined();
  });
});
