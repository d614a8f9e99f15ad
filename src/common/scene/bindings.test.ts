import fs from 'node:fs';
import path from 'node:path';

import { SAMPLES } from '../../test/fixtures';
import { bindingVariables, collectPropertyRefs, resolveBinding, resolveTemplate } from './bindings';
import { parseScene } from './parseScene';

const mixer = parseScene(JSON.parse(fs.readFileSync(path.join(SAMPLES, 'cookiefactory-v1/scenes/Mixer.json'), 'utf8')));

describe('binding templates', () => {
  test('${name} and $name are replaced, unknown names kept', () => {
    expect(resolveTemplate('${sel_entity}/$sel_comp/${other}', { sel_entity: 'Mixer_1', sel_comp: 'Mixer' })).toBe(
      'Mixer_1/Mixer/${other}',
    );
  });

  test('the scene template gives defaults; the dashboard selection overrides them', () => {
    expect(bindingVariables(mixer, {})).toEqual({
      sel_entity: 'Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837',
      sel_comp: 'MixerComponent',
    });
    expect(bindingVariables(mixer, { entityId: 'Mixer_7' }).sel_entity).toBe('Mixer_7');
  });

  test('a binding whose variable is unset binds nothing', () => {
    const binding = { dataBindingContext: { entityId: '${sel_entity}', componentName: 'C', propertyName: 'p' } };
    expect(resolveBinding(binding, {})).toBeUndefined();
    expect(resolveBinding(binding, { sel_entity: 'E' })).toEqual({
      entityId: 'E',
      componentName: 'C',
      propertyName: 'p',
    });
  });

  test('the Mixer scene needs three distinct properties of the selected entity, each once', () => {
    const refs = collectPropertyRefs(mixer, bindingVariables(mixer, { entityId: 'Mixer_2' }));
    expect(refs).toEqual(
      expect.arrayContaining([
        { entityId: 'Mixer_2', componentName: 'MixerComponent', propertyName: 'RPM' },
        { entityId: 'Mixer_2', componentName: 'MixerComponent', propertyName: 'Temperature' },
        { entityId: 'Mixer_2', componentName: 'AlarmComponent', propertyName: 'alarm_status' },
      ]),
    );
    expect(refs).toHaveLength(3);
  });
});
