import fs from 'node:fs';
import path from 'node:path';

import { bindingVariables } from '../../common/scene/bindings';
import { layoutScene } from '../../common/scene/layout';
import { parseScene } from '../../common/scene/parseScene';
import type { ModelShaderComponent, MotionIndicatorComponent, Rule } from '../../common/scene/types';
import { SAMPLES } from '../../test/fixtures';
import { DEFAULT_BACKGROUND, indicatorLook, shaderLook } from './ruleLooks';
import { SceneValues } from './SceneValues';

const model = parseScene(JSON.parse(fs.readFileSync(path.join(SAMPLES, 'cookiefactory-v3/scenes/Mixer.json'), 'utf8')));
const layout = layoutScene(model);
const vars = bindingVariables(model, { entityId: 'Mixer_0' });
const rpm = (value: number) => {
  const values = new SceneValues();
  values.apply([
    {
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
      propertyName: 'RPM',
      time: new Date(1000).toISOString(),
      value: { doubleValue: value },
    },
  ]);
  return (k: string) => values.getByKey(k);
};
const nothing = () => undefined;
const sampleIndicator = layout.motionIndicators[0]!.component;
const sampleShader = layout.models.find((m) => m.shader)!.shader!;
const rpmBinding = sampleShader.valueDataBinding;

describe('motion indicator looks', () => {
  test("the sample's indicator runs at its rule's speed in its configured colours", () => {
    expect(indicatorLook(sampleIndicator, model.rules, vars, nothing)).toEqual({
      speed: 0,
      foreground: '#01ff33',
      background: DEFAULT_BACKGROUND,
    });
    expect(indicatorLook(sampleIndicator, model.rules, vars, rpm(75))).toMatchObject({
      speed: 2,
      foreground: '#01ff33',
    });
  });

  test('foreground and background follow their rules across a threshold, and fall back below it', () => {
    const rules: Record<string, Rule> = {
      ...model.rules,
      hot: { statements: [{ expression: 'RPM >= 60', target: 'iottwinmaker.common.color:#d85b12' }] },
      bg: {
        statements: [
          { expression: 'RPM >= 90', target: 'iottwinmaker.common.color:red' },
          { expression: 'RPM >= 60', target: 'iottwinmaker.common.color:#333333' },
        ],
      },
    };
    const c: MotionIndicatorComponent = {
      ...sampleIndicator,
      valueDataBindings: {
        ...sampleIndicator.valueDataBindings,
        foregroundColor: { valueDataBinding: rpmBinding, ruleBasedMapId: 'hot' },
        backgroundColor: { valueDataBinding: rpmBinding, ruleBasedMapId: 'bg' },
      },
      config: { ...sampleIndicator.config, defaultBackgroundColor: '#101010' },
    };
    expect(indicatorLook(c, rules, vars, rpm(50))).toMatchObject({ foreground: '#01ff33', background: '#101010' });
    expect(indicatorLook(c, rules, vars, rpm(60))).toMatchObject({ foreground: '#d85b12', background: '#333333' });
    expect(indicatorLook(c, rules, vars, rpm(95))).toMatchObject({ foreground: '#d85b12', background: 'red' });
  });

  test('a colour rule that targets something else, or is missing, keeps the default colour', () => {
    const c: MotionIndicatorComponent = {
      ...sampleIndicator,
      valueDataBindings: {
        foregroundColor: { valueDataBinding: rpmBinding, ruleBasedMapId: 'sampleMotionIndicatorSpeedRule' },
        backgroundColor: { valueDataBinding: rpmBinding, ruleBasedMapId: 'noSuchRule' },
      },
    };
    expect(indicatorLook(c, model.rules, vars, rpm(80))).toMatchObject({
      speed: 0,
      foreground: '#01ff33',
      background: DEFAULT_BACKGROUND,
    });
  });

  test('a speed binding without a rule takes the bound number itself', () => {
    const c: MotionIndicatorComponent = {
      ...sampleIndicator,
      valueDataBindings: { speed: { valueDataBinding: rpmBinding } },
    };
    expect(indicatorLook(c, model.rules, vars, rpm(3)).speed).toBe(3);
  });
});

describe('model shader looks', () => {
  const fading: Record<string, Rule> = {
    fade: {
      statements: [
        { expression: 'RPM < 10', target: 'iottwinmaker.common.opacity:0.25' },
        { expression: 'RPM > 100', target: 'iottwinmaker.common.color:#d85b12' },
      ],
    },
    scaled: { statements: [{ expression: 'RPM / 100', target: 'iottwinmaker.common.opacity' }] },
  };
  const shader = (ruleBasedMapId: string): ModelShaderComponent => ({ ...sampleShader, ruleBasedMapId });

  test("the sample's colour rule colours the model past its threshold only", () => {
    expect(shaderLook(sampleShader, model.rules, vars, rpm(59))).toEqual({});
    expect(shaderLook(sampleShader, model.rules, vars, rpm(60))).toEqual({ color: '#d85b12' });
    expect(shaderLook(sampleShader, model.rules, vars, nothing)).toEqual({});
  });

  test('an opacity target fades the model while its statement holds', () => {
    expect(shaderLook(shader('fade'), fading, vars, rpm(5))).toEqual({ opacity: 0.25 });
    expect(shaderLook(shader('fade'), fading, vars, rpm(50))).toEqual({});
    expect(shaderLook(shader('fade'), fading, vars, rpm(150))).toEqual({ color: '#d85b12' });
  });

  test('an opacity computed by the expression is clamped to 0..1', () => {
    expect(shaderLook(shader('scaled'), fading, vars, rpm(40))).toEqual({ opacity: 0.4 });
    expect(shaderLook(shader('scaled'), fading, vars, rpm(250))).toEqual({ opacity: 1 });
    expect(shaderLook(shader('scaled'), fading, vars, rpm(-5))).toEqual({ opacity: 0 });
  });

  test('values of another entity do not reach a shader bound to the selected one', () => {
    const other = bindingVariables(model, { entityId: 'Mixer_1' });
    expect(shaderLook(sampleShader, model.rules, other, rpm(80))).toEqual({});
  });
});
