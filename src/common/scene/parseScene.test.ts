import fs from 'node:fs';
import path from 'node:path';

import { SAMPLES } from '../../test/fixtures';
import { parseScene, SceneDocumentError } from './parseScene';

const SCENES = [
  'cookiefactory-v1/scenes/Mixer.json',
  'cookiefactory-v1/scenes/CookieFactory.json',
  'cookiefactory-v3/scenes/Mixer.json',
  'cookiefactory-v3/scenes/CookieFactory.json',
  'cookiefactory-v3/scenes/CookieFactoryTiles.json',
];
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));

function parseError(doc: unknown): SceneDocumentError {
  try {
    parseScene(doc);
  } catch (e) {
    if (e instanceof SceneDocumentError) return e;
    throw e;
  }
  throw new Error('parseScene accepted the document');
}

describe('parseScene', () => {
  test.each(SCENES)('types every node of %s and keeps its hierarchy', (file) => {
    const raw = read(file);
    const model = parseScene(raw);
    expect(model.nodes).toHaveLength(raw.nodes.length);
    expect(model.rootNodeIndexes).toEqual(raw.rootNodeIndexes);
    expect(Object.keys(model.rules)).toEqual(Object.keys(raw.rules ?? {}));
    for (const node of model.nodes)
      for (const child of node.children) expect(model.nodes[child]!.parent).toBe(node.index);
    const knownTypes = raw.nodes.flatMap((n: any) => (n.components ?? []).map((c: any) => c.type));
    expect(model.nodes.flatMap((n) => n.components.map((c) => c.type))).toEqual(knownTypes);
  });

  test('reads the Mixer sample: model, shader, tags with icons and bindings, motion indicator, template', () => {
    const model = parseScene(read('cookiefactory-v1/scenes/Mixer.json'));
    const root = model.nodes[0]!;
    expect(root.components[0]).toMatchObject({ type: 'ModelRef', uri: 'CookieFactoryMixer.glb', modelType: 'GLB' });
    expect(root.components[1]).toMatchObject({ type: 'ModelShader', ruleBasedMapId: 'sampleRpmColorRule' });
    const alarm = model.nodes.find((n) => n.name === 'Alarm Tag')!;
    expect(alarm.position).toEqual([0, 2.4, 0]);
    expect(alarm.components[0]).toMatchObject({
      type: 'Tag',
      icon: 'Info',
      ruleBasedMapId: 'sampleAlarmIconRule',
      valueDataBinding: {
        dataBindingContext: {
          entityId: '${sel_entity}',
          componentName: 'AlarmComponent',
          propertyName: 'alarm_status',
        },
      },
    });
    const motion = model.nodes.find((n) => n.name === 'MotionIndicator')!.components[0]!;
    expect(motion).toMatchObject({
      type: 'MotionIndicator',
      shape: 'CircularCylinder',
      config: { numOfRepeatInY: 3, backgroundColorOpacity: 0.26, defaultForegroundColor: '#01ff33' },
    });
    expect(model.settings.bindingTemplate).toEqual({
      sel_entity: 'Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837',
      sel_comp: 'MixerComponent',
    });
    expect(model.unit).toBe('meters');
  });

  test('reads lights with numeric colours, cameras and sub-models of the v3 factory', () => {
    const model = parseScene(read('cookiefactory-v3/scenes/CookieFactory.json'));
    const light = model.nodes.flatMap((n) => n.components).find((c) => c.type === 'Light');
    expect(light).toEqual(
      expect.objectContaining({ lightType: 'Directional', color: '#fffde6', intensity: 0.8, castShadow: true }),
    );
    expect(model.cameras).toHaveLength(4);
    expect(model.nodes.flatMap((n) => n.components).filter((c) => c.type === 'SubModelRef')).toHaveLength(24);
  });

  test('names the field of a broken document', () => {
    expect(parseError({ nodes: [] }).field).toBe('specVersion');
    expect(parseError({ specVersion: '2.0', nodes: [] }).message).toMatch(/2\.0 is not supported/);
    expect(parseError({ specVersion: '1.0' }).field).toBe('nodes');
    const badModel = { specVersion: '1.0', nodes: [{ components: [{ type: 'ModelRef' }] }], rootNodeIndexes: [0] };
    expect(parseError(badModel).field).toBe('nodes[0].components[0].uri');
    const badChild = { specVersion: '1.0', nodes: [{ children: [5] }], rootNodeIndexes: [0] };
    expect(parseError(badChild).field).toBe('nodes[0].children[0]');
    const cycle = { specVersion: '1.0', nodes: [{ children: [1] }, { children: [0] }], rootNodeIndexes: [0] };
    expect(parseError(cycle).message).toMatch(/appears twice/);
    const badIcon = {
      specVersion: '1.0',
      nodes: [{ components: [{ type: 'Tag', icon: 'Smile' }] }],
      rootNodeIndexes: [0],
    };
    expect(parseError(badIcon).field).toBe('nodes[0].components[0].icon');
    const badCamera = {
      specVersion: '1.0',
      nodes: [{ components: [{ type: 'Camera', cameraIndex: 2 }] }],
      rootNodeIndexes: [0],
    };
    expect(parseError(badCamera).field).toBe('nodes[0].components[0].cameraIndex');
  });

  test('warns about a newer minor version and skips component types it does not know', () => {
    const model = parseScene({
      specVersion: '1.3',
      nodes: [{ name: 'a', components: [{ type: 'Animation', uri: 'x.glb' }, { type: 'Tag' }] }],
      rootNodeIndexes: [0],
    });
    expect(model.warnings).toEqual([expect.stringContaining('1.3')]);
    expect(model.nodes[0]!.components.map((c) => c.type)).toEqual(['Tag']);
  });
});
