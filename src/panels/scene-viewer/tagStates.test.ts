import fs from 'node:fs';
import path from 'node:path';

import { bindingVariables, refKey } from '../../common/scene/bindings';
import { layoutScene } from '../../common/scene/layout';
import { parseScene } from '../../common/scene/parseScene';
import { SAMPLES } from '../../test/fixtures';
import { SceneValues } from './SceneValues';
import { ICON_COLORS, tagState } from './tagStates';

const model = parseScene(JSON.parse(fs.readFileSync(path.join(SAMPLES, 'cookiefactory-v1/scenes/Mixer.json'), 'utf8')));
const layout = layoutScene(model);
const vars = bindingVariables(model, { entityId: 'Mixer_3' });
const alarmTag = layout.tags.find((t) => t.name === 'Alarm Tag')!;
const point = (propertyName: string, componentName: string, time: number, value: object) => ({
  entityId: 'Mixer_3',
  componentName,
  propertyName,
  time: new Date(time).toISOString(),
  value,
});

describe('tag states', () => {
  test('a tag without a value keeps its own look; its binding follows the selected entity', () => {
    const s = tagState(alarmTag, vars, model.rules, () => undefined);
    expect(s.ref).toEqual({ entityId: 'Mixer_3', componentName: 'AlarmComponent', propertyName: 'alarm_status' });
    expect(s).toMatchObject({ icon: 'Info', color: ICON_COLORS.Info, ruleError: undefined });
  });

  test('the value through the rule gives the icon and its colour', () => {
    const values = new SceneValues();
    values.apply([point('alarm_status', 'AlarmComponent', 1000, { stringValue: 'ACTIVE' })]);
    const s = tagState(alarmTag, vars, model.rules, (k) => values.getByKey(k));
    expect(s).toMatchObject({ icon: 'Error', color: ICON_COLORS.Error, value: { time: 1000, value: 'ACTIVE' } });
  });

  test('a broken rule names itself and leaves the default look', () => {
    const rules = {
      sampleAlarmIconRule: {
        statements: [{ expression: "alarm_status === 'x'", target: 'iottwinmaker.common.icon:Error' }],
      },
    };
    const s = tagState(alarmTag, vars, rules, () => ({ time: 1, value: 'ACTIVE' }));
    expect(s.icon).toBe('Info');
    expect(s.ruleError).toMatch(/^rule "sampleAlarmIconRule": statement 1/);
    expect(tagState(alarmTag, vars, {}, () => ({ time: 1, value: 'x' })).ruleError).toMatch(/not in the scene's rules/);
  });
});

describe('SceneValues', () => {
  const key = refKey({ entityId: 'Mixer_3', componentName: 'C', propertyName: 'p' });

  test('live: listeners hear which references changed; an older value is ignored', () => {
    const values = new SceneValues();
    const heard: string[][] = [];
    values.subscribe((changed) => heard.push([...changed]));
    values.apply([point('p', 'C', 2000, { doubleValue: 2 })]);
    values.apply([point('p', 'C', 1000, { doubleValue: 1 })]);
    expect(values.getByKey(key)).toEqual({ time: 2000, value: 2 });
    expect(heard).toEqual([[key]]);
  });

  test('time travel: values after the moment shown are not shown', () => {
    const values = new SceneValues();
    values.reset(1500);
    values.apply([point('p', 'C', 1000, { doubleValue: 1 }), point('p', 'C', 2000, { doubleValue: 2 })]);
    expect(values.getByKey(key)).toEqual({ time: 1000, value: 1 });
  });
});
