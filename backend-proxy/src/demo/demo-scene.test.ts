import fs from 'node:fs';
import path from 'node:path';

// jexl is the scene viewer's rule language (a dependency of the plugin at the workspace root):
// the demo's rules are checked with the evaluator that will run them
import jexl from 'jexl';

import { DEMO_MODEL_FILES } from './demo-models';
import { demoSceneDocument } from './demo-scene';
import { sensorsOf } from './signals';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'twinmaker-samples');
const fixtureScenes = fs
  .readdirSync(FIXTURES)
  .flatMap((set) => {
    const dir = path.join(FIXTURES, set, 'scenes');
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
  })
  .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));

type Doc = ReturnType<typeof demoSceneDocument>;
type Component = Record<string, any> & { type: string };
const doc = demoSceneDocument();
const components = (d: Doc = doc) =>
  d.nodes.flatMap((node) => (node.components ?? []).map((c) => ({ node, c: c as Component })));

/** Member names the fixture scenes use, plus what the format documents for types no fixture has (§9.3). */
function knownShape() {
  const shape = { top: new Set<string>(), node: new Set<string>(), transform: new Set<string>() };
  const byType = new Map<string, Set<string>>([
    ['EntityBinding', new Set(['type', 'valueDataBinding'])],
    ['Tag', new Set(['offset', 'chosenColor', 'customIcon'])],
  ]);
  for (const scene of fixtureScenes) {
    Object.keys(scene).forEach((k) => shape.top.add(k));
    for (const node of scene.nodes) {
      Object.keys(node).forEach((k) => shape.node.add(k));
      Object.keys(node.transform).forEach((k) => shape.transform.add(k));
      for (const c of node.components ?? []) {
        if (!byType.has(c.type)) byType.set(c.type, new Set());
        Object.keys(c).forEach((k) => byType.get(c.type)!.add(k));
      }
    }
  }
  return { ...shape, byType };
}

describe('the demo scene document', () => {
  it('has the shape of the TwinMaker fixture scenes: no member they do not know', () => {
    expect(fixtureScenes.length).toBeGreaterThanOrEqual(5);
    const known = knownShape();
    expect(doc.specVersion).toBe('1.0');
    for (const key of Object.keys(doc)) expect(known.top).toContain(key);
    for (const node of doc.nodes) {
      for (const key of Object.keys(node)) expect(known.node).toContain(key);
      for (const key of Object.keys(node.transform)) expect(known.transform).toContain(key);
      for (const v of [node.transform.position, node.transform.rotation, node.transform.scale]) {
        expect(v).toHaveLength(3);
        v.forEach((n) => expect(Number.isFinite(n)).toBe(true));
      }
    }
    for (const { c } of components()) {
      expect(known.byType.has(c.type)).toBe(true);
      for (const key of Object.keys(c)) expect([c.type, known.byType.get(c.type)!.has(key)]).toEqual([c.type, true]);
    }
  });

  it('is one tree: every node reached once from rootNodeIndexes, every index in range', () => {
    const seen = new Array(doc.nodes.length).fill(0);
    const visit = (i: number) => {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(doc.nodes.length);
      seen[i]++;
      (doc.nodes[i]!.children ?? []).forEach(visit);
    };
    doc.rootNodeIndexes.forEach(visit);
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('names only rules it defines, cameras it lists and models the demo ships', () => {
    for (const { c } of components()) {
      const ruleIds = [c.ruleBasedMapId, ...Object.values(c.valueDataBindings ?? {}).map((b: any) => b.ruleBasedMapId)];
      for (const id of ruleIds.filter(Boolean)) expect(Object.keys(doc.rules)).toContain(id);
      if (c.type === 'Camera') expect(doc.cameras[c.cameraIndex]).toBeDefined();
      if (c.type === 'ModelRef') expect(DEMO_MODEL_FILES).toContain(c.uri);
    }
    expect(components().filter(({ c }) => c.type === 'Camera')).toHaveLength(2);
    expect(doc.cameras).toHaveLength(2);
  });

  it('binds tags, shaders, overlays and motion to properties the demo sensors write', () => {
    const written = new Set(
      sensorsOf(Date.UTC(2026, 0, 1)).map((p) => `${p.entityId}/${p.componentName}/${p.propertyName}`),
    );
    const contexts = components().flatMap(({ c }) =>
      [c.valueDataBinding, ...Object.values(c.valueDataBindings ?? {}).map((b: any) => b.valueDataBinding)]
        .filter((b) => b?.dataBindingContext?.propertyName)
        .map((b) => b.dataBindingContext),
    );
    expect(contexts.length).toBeGreaterThan(20);
    // the alarm's status is written by the service as the oven's temperature moves it
    written.add('Oven_1/OverheatAlarm/alarm_status');
    for (const { entityId, componentName, propertyName } of contexts)
      expect(written).toContain(`${entityId}/${componentName}/${propertyName}`);
    // each machine: a status tag, and a temperature tag (a speed tag on the conveyors)
    const tags = components().filter(({ c }) => c.type === 'Tag');
    const tagged = tags.map(
      ({ c }) =>
        `${c.valueDataBinding.dataBindingContext.entityId}.${c.valueDataBinding.dataBindingContext.propertyName}`,
    );
    expect(tagged).toEqual(
      expect.arrayContaining(['Mixer_1.status', 'Mixer_1.temperature', 'Oven_2.temperature', 'Conveyor_2.speed']),
    );
    expect(
      components()
        .filter(({ c }) => c.type === 'MotionIndicator')
        .map(({ node }) => node.name),
    ).toEqual(['Conveyor 1 belt motion', 'Conveyor 2 belt motion']);
  });

  it('rules turn the demo signals into icons, colours and belt speeds', () => {
    const evaluate = (ruleId: string, context: Record<string, unknown>) =>
      (doc.rules as Record<string, { statements: { expression: string; target: string }[] }>)[ruleId]!.statements.find(
        (s) => jexl.evalSync(s.expression, context),
      )?.target;
    expect(evaluate('statusIcon', { status: 'ALARM' })).toBe('iottwinmaker.common.icon:Error');
    expect(evaluate('alarmIcon', { alarm_status: 'ACTIVE' })).toBe('iottwinmaker.common.icon:Error');
    expect(evaluate('alarmIcon', { alarm_status: 'ACKNOWLEDGED' })).toBe('iottwinmaker.common.icon:Warning');
    expect(evaluate('statusIcon', { status: 'IDLE' })).toBe('iottwinmaker.common.icon:Warning');
    expect(evaluate('ovenTemperatureColor', { temperature: 251.3 })).toBe('iottwinmaker.common.color:#e02f2f');
    expect(evaluate('ovenTemperatureColor', { temperature: 205 })).toBeUndefined();
    expect(jexl.evalSync(doc.rules.conveyorSpeed.statements[0]!.expression, { speed: 0.8 })).toBeCloseTo(1.6);

    // over the demo's cycles (25-minute swing, overheating 2 minutes in 20) oven 1's tag shows every state
    const icons = new Set<string | undefined>();
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2026, 0, 1, 1, 40); t += 30_000) {
      const temperature = sensorsOf(t).find((p) => p.entityId === 'Oven_1' && p.propertyName === 'temperature')!;
      icons.add(
        evaluate('ovenTemperatureIcon', { temperature: (temperature.value as { doubleValue: number }).doubleValue }),
      );
    }
    expect([...icons].sort()).toEqual(['Error', 'Info', 'Warning'].map((i) => `iottwinmaker.common.icon:${i}`));
  });

  it('points each camera at what it is named for, level (no roll)', () => {
    // the rotation read as three.js reads it: order XYZ (R = Rx·Ry·Rz), a camera looks down -Z
    const view = (name: string) => {
      const { position, rotation } = doc.nodes.find((n) => n.name === name)!.transform;
      const [a, b, c] = rotation;
      const forward = [-Math.sin(b), Math.sin(a) * Math.cos(b), -Math.cos(a) * Math.cos(b)];
      const rightY = Math.cos(a) * Math.sin(c) + Math.sin(a) * Math.sin(b) * Math.cos(c);
      return { position, forward, rightY };
    };
    const angle = (u: number[], v: number[]) =>
      Math.acos(Math.min(1, u.reduce((s, x, i) => s + x * v[i]!, 0) / (Math.hypot(...u) * Math.hypot(...v))));
    for (const [name, target] of [
      ['Overview', [0, 0, 0]],
      ['Oven 1 close-up', [2.5, 1, -3]],
    ] as const) {
      const { position, forward, rightY } = view(name);
      expect(
        angle(
          forward,
          target.map((t, i) => t - position[i]!),
        ),
      ).toBeLessThan(1e-4);
      expect(Math.abs(rightY)).toBeLessThan(1e-6);
    }
  });

  it('is read by the scene viewer panel without a warning, and its rules evaluate there', () => {
    // the panel's own reader of scene documents (plugin code, outside this package's types:
    // loaded by path so the service's typecheck stays within backend-proxy/)
    const sceneDir = path.join(__dirname, '..', '..', '..', 'src', 'common', 'scene');
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { parseScene } = require(path.join(sceneDir, 'parseScene')) as { parseScene(raw: unknown): any };
    const { evaluateRule } = require(path.join(sceneDir, 'rules')) as {
      evaluateRule(rule: unknown, values: Record<string, unknown>): { target?: unknown; error?: string };
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const model = parseScene(JSON.parse(JSON.stringify(doc)));
    expect(model.warnings).toEqual([]);
    expect(model.nodes).toHaveLength(doc.nodes.length);
    expect(model.cameras).toHaveLength(2);
    expect(evaluateRule(model.rules.statusIcon, { status: 'ALARM' })).toEqual({
      target: expect.objectContaining({ kind: 'icon', icon: 'Error' }),
    });
    expect(evaluateRule(model.rules.conveyorSpeed, { speed: 0.8 }).error).toBeUndefined();
  });
});
