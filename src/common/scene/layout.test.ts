import fs from 'node:fs';
import path from 'node:path';

import { SAMPLES } from '../../test/fixtures';
import { layoutScene, unitScale } from './layout';
import { parseScene } from './parseScene';

const read = (file: string) => parseScene(JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8')));

describe('layoutScene', () => {
  test('tags get world positions through their parents', () => {
    const model = parseScene({
      specVersion: '1.0',
      nodes: [
        {
          name: 'parent',
          transform: { position: [10, 0, 0], rotation: [0, Math.PI / 2, 0], scale: [2, 2, 2] },
          children: [1],
        },
        { name: 'tag', transform: { position: [1, 0, 0] }, components: [{ type: 'Tag', offset: [0, 1, 0] }] },
      ],
      rootNodeIndexes: [0],
    });
    const [tag] = layoutScene(model).tags;
    expect(tag!.id).toBe('1:0');
    // (1,1,0) scaled by 2 → (2,2,0), turned 90° about y → (0,2,-2), moved by (10,0,0)
    expect(tag!.position.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([10, 2, -2]);
  });

  test('the v3 factory: every ModelRef placed, sub-models attached to their model, cameras and lights found', () => {
    const model = read('cookiefactory-v3/scenes/CookieFactory.json');
    const layout = layoutScene(model);
    expect(layout.models).toHaveLength(32);
    expect(layout.models.reduce((n, m) => n + m.parts.length, 0)).toBe(24);
    expect(layout.cameras).toHaveLength(4);
    expect(layout.lights).toHaveLength(1);
    expect(layout.overlays).toHaveLength(10);
  });

  test('plane geometries are placed with their size and colour', () => {
    const model = parseScene({
      specVersion: '1.0',
      nodes: [
        {
          name: 'zone',
          transform: { position: [1, 0, 2] },
          components: [{ type: 'PlaneGeometry', width: 4, height: 2, color: '#00ff00' }],
        },
      ],
      rootNodeIndexes: [0],
    });
    const [plane] = layoutScene(model).planes;
    expect(plane).toMatchObject({ name: 'zone', component: { width: 4, height: 2, color: '#00ff00' } });
    expect(plane!.matrix.elements.slice(12, 15)).toEqual([1, 0, 2]);
  });

  test('units convert to the scene unit', () => {
    expect(unitScale('centimeters', 'meters')).toBeCloseTo(0.01);
    expect(unitScale('feet', 'inches')).toBeCloseTo(12);
  });
});
