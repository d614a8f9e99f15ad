import fs from 'node:fs';
import path from 'node:path';

import { SAMPLES } from '../../test/fixtures';
import { parseScene } from './parseScene';
import { evaluateRule } from './rules';
import type { Rule } from './types';

const rulesOf = (file: string) => parseScene(JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'))).rules;
const mixer = rulesOf('cookiefactory-v3/scenes/Mixer.json');
const factory = rulesOf('cookiefactory-v3/scenes/CookieFactoryTiles.json');

describe('evaluateRule over the sample rules', () => {
  test('alarm icon rule: statements in order, string comparison with single quotes', () => {
    const rule = mixer.sampleAlarmIconRule;
    expect(evaluateRule(rule, { alarm_status: 'ACTIVE' }).target).toEqual({ kind: 'icon', icon: 'Error' });
    expect(evaluateRule(rule, { alarm_status: 'ACKNOWLEDGED' }).target).toEqual({ kind: 'icon', icon: 'Warning' });
    expect(evaluateRule(rule, { alarm_status: 'SNOOZE_DISABLED' }).target).toEqual({ kind: 'icon', icon: 'Warning' });
    expect(evaluateRule(rule, { alarm_status: 'NORMAL' }).target).toEqual({ kind: 'icon', icon: 'Info' });
    expect(evaluateRule(rule, { alarm_status: 'UNKNOWN' }).target).toBeUndefined();
  });

  test('numeric threshold icon and colour rules', () => {
    expect(evaluateRule(mixer.sampleTemperatureIconRule, { Temperature: 100 }).target).toEqual({
      kind: 'icon',
      icon: 'Error',
    });
    expect(evaluateRule(mixer.sampleTemperatureIconRule, { Temperature: 99.9 }).target).toBeUndefined();
    expect(evaluateRule(mixer.sampleRpmColorRule, { RPM: 61 }).target).toEqual({ kind: 'color', color: '#d85b12' });
    expect(evaluateRule(factory.MeshColorRuleMap, { Temperature: 101 }).target).toEqual({
      kind: 'color',
      color: 'red',
    });
    expect(evaluateRule(factory.MeshColorRuleMap, { Temperature: 99.5 }).target).toBeUndefined();
  });

  test('the first true statement wins when several match', () => {
    expect(evaluateRule(factory.SynthMeshRuleMap, { Temperature: 120 }).target).toEqual({
      kind: 'color',
      color: '#d13212',
    });
    expect(evaluateRule(factory.SynthMeshRuleMap, { Temperature: 95 }).target).toEqual({
      kind: 'color',
      color: '#d0d112',
    });
  });

  test('double-quoted strings (AlarmMessage == "High")', () => {
    expect(evaluateRule(factory.AlarmRuleMap, { AlarmMessage: 'High' }).target).toEqual({
      kind: 'icon',
      icon: 'Error',
    });
    expect(evaluateRule(factory.AlarmRuleMap, { AlarmMessage: 'Low' }).target).toEqual({
      kind: 'icon',
      icon: 'Warning',
    });
  });

  test('number target takes the expression value: (RPM - 55) / 10', () => {
    expect(evaluateRule(mixer.sampleMotionIndicatorSpeedRule, { RPM: 75 }).target).toEqual({
      kind: 'number',
      value: 2,
    });
    expect(evaluateRule(mixer.sampleMotionIndicatorSpeedRule, {}).target).toBeUndefined();
  });

  test('every rule of every fixture scene evaluates without error on missing values', () => {
    for (const file of ['cookiefactory-v1/scenes/CookieFactory.json', 'cookiefactory-v3/scenes/CookieFactory.json'])
      for (const rule of Object.values(rulesOf(file))) expect(evaluateRule(rule, {}).error).toBeUndefined();
  });

  test('opacity with and without a value', () => {
    const rule: Rule = { statements: [{ expression: 'level < 10', target: 'iottwinmaker.common.opacity:0.25' }] };
    expect(evaluateRule(rule, { level: 5 }).target).toEqual({ kind: 'opacity', value: 0.25 });
    const computed: Rule = { statements: [{ expression: 'level / 100', target: 'iottwinmaker.common.opacity' }] };
    expect(evaluateRule(computed, { level: 40 }).target).toEqual({ kind: 'opacity', value: 0.4 });
  });

  test('a broken expression reports the statement and gives no target', () => {
    const rule: Rule = { statements: [{ expression: 'Temperature >>= 3', target: 'iottwinmaker.common.icon:Error' }] };
    const result = evaluateRule(rule, { Temperature: 5 });
    expect(result.target).toBeUndefined();
    expect(result.error).toMatch(/statement 1 "Temperature >>= 3"/);
    const transform: Rule = { statements: [{ expression: 'x|nope', target: 'iottwinmaker.common.icon:Error' }] };
    expect(evaluateRule(transform, { x: 1 }).error).toMatch(/nope/);
  });

  test('JavaScript is not reachable from an expression', () => {
    const rule: Rule = {
      statements: [{ expression: 'constructor.constructor("return 1")()', target: 'iottwinmaker.common.number' }],
    };
    expect(evaluateRule(rule, {}).target).toBeUndefined();
  });
});
