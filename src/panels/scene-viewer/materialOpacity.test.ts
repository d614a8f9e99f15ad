import { MeshStandardMaterial } from 'three';

import { fade } from './materialOpacity';

describe('material opacity from a rule', () => {
  test('fading makes an opaque material transparent without depth writes, and undoing gives it back', () => {
    const m = new MeshStandardMaterial();
    const version = m.version;
    fade(m, 0.3);
    expect(m).toMatchObject({ opacity: 0.3, transparent: true, depthWrite: false });
    expect(m.version).toBeGreaterThan(version); // the transparent program is compiled
    const faded = m.version;
    fade(m, 0.5);
    expect(m.version).toBe(faded); // a new opacity alone is a uniform, no recompile
    fade(m, undefined);
    expect(m).toMatchObject({ opacity: 1, transparent: false, depthWrite: true });
  });

  test('a material that is transparent of its own keeps that, and gets its own opacity back', () => {
    const m = new MeshStandardMaterial({ transparent: true, opacity: 0.8 });
    fade(m, 1);
    expect(m).toMatchObject({ opacity: 1, transparent: true, depthWrite: true });
    fade(m, undefined);
    expect(m).toMatchObject({ opacity: 0.8, transparent: true, depthWrite: true });
  });
});
