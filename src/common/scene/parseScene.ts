// Scene JSON (TwinMaker specVersion 1.0) → SceneModel. Structural errors throw a
// SceneDocumentError naming the field (`nodes[3].components[0].uri`), so the panel can say what
// to fix; unknown component types are skipped, as TwinMaker's viewer skips them.
import {
  type CameraComponent,
  type DataBindingContext,
  DISTANCE_UNITS,
  type DistanceUnit,
  type LightComponent,
  type LightType,
  type Rule,
  type SceneCamera,
  type SceneComponent,
  type SceneModel,
  type SceneNode,
  type SceneSettings,
  TAG_ICONS,
  type TagIcon,
  type ValueDataBinding,
  type Vec3,
} from './types';

/** The document is not a scene the viewer can draw; `field` names where it went wrong. */
export class SceneDocumentError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'SceneDocumentError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, problem: string): never => {
  throw new SceneDocumentError(field, problem);
};

function vec3(value: unknown, field: string, fallback: Vec3): Vec3 {
  if (value === undefined || value === null) return fallback;
  if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => typeof n === 'number' && Number.isFinite(n)))
    fail(field, 'must be an array of three finite numbers');
  return value as Vec3;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(field, 'must be a string');
  return value as string;
}

function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'must be a number');
  return value as number;
}

/** TwinMaker writes colours as CSS strings or as 0xRRGGBB numbers (lights). */
function color(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffff)
    return '#' + value.toString(16).padStart(6, '0');
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fail(field, 'must be a CSS colour string or a 0xRRGGBB number');
}

function binding(value: unknown, field: string): ValueDataBinding | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) fail(field, 'must be an object');
  const v = value as Json;
  const ctx = v.dataBindingContext;
  if (ctx === undefined || ctx === null) return { isStaticData: v.isStaticData === true };
  if (!isObject(ctx)) fail(`${field}.dataBindingContext`, 'must be an object');
  const c = ctx as Json;
  const entityId = optionalString(c.entityId, `${field}.dataBindingContext.entityId`);
  // an empty binding ({}), as the Mixer sample's foregroundColor, binds nothing
  if (!entityId) return { isStaticData: v.isStaticData === true };
  const context: DataBindingContext = {
    entityId,
    componentName: optionalString(c.componentName, `${field}.dataBindingContext.componentName`),
    propertyName: optionalString(c.propertyName, `${field}.dataBindingContext.propertyName`),
  };
  return { dataBindingContext: context, isStaticData: v.isStaticData === true };
}

const ICON_PREFIX = 'iottwinmaker.common.icon:';

function tagIcon(value: unknown, field: string): TagIcon {
  const text = optionalString(value, field);
  if (text === undefined) return 'Info';
  const name = text.startsWith(ICON_PREFIX) ? text.slice(ICON_PREFIX.length) : text;
  if (!(TAG_ICONS as readonly string[]).includes(name))
    fail(field, `unknown icon "${text}"; use ${TAG_ICONS.map((i) => ICON_PREFIX + i).join(', ')}`);
  return name as TagIcon;
}

function unit(value: unknown, field: string): DistanceUnit | undefined {
  const text = optionalString(value, field);
  if (text === undefined) return undefined;
  if (!(DISTANCE_UNITS as readonly string[]).includes(text))
    fail(field, `unknown unit "${text}"; use one of ${DISTANCE_UNITS.join(', ')}`);
  return text as DistanceUnit;
}

const LIGHT_TYPES: LightType[] = ['Ambient', 'Directional', 'Hemisphere', 'Point'];

function light(c: Json, field: string): LightComponent {
  const lightType = c.lightType as LightType;
  if (!LIGHT_TYPES.includes(lightType))
    fail(`${field}.lightType`, `must be one of ${LIGHT_TYPES.join(', ')}, got ${JSON.stringify(c.lightType)}`);
  const s = c.lightSettings === undefined ? {} : c.lightSettings;
  if (!isObject(s)) fail(`${field}.lightSettings`, 'must be an object');
  const settings = s as Json;
  return {
    type: 'Light',
    lightType,
    color: color(settings.color, `${field}.lightSettings.color`) ?? '#ffffff',
    intensity: optionalNumber(settings.intensity, `${field}.lightSettings.intensity`) ?? 1,
    castShadow: settings.castShadow === true,
    distance: optionalNumber(settings.distance, `${field}.lightSettings.distance`),
    decay: optionalNumber(settings.decay, `${field}.lightSettings.decay`),
    groundColor: color(settings.groundColor, `${field}.lightSettings.groundColor`),
  };
}

function component(c: unknown, field: string): SceneComponent | undefined {
  if (!isObject(c)) return fail(field, 'must be an object');
  switch (c.type) {
    case 'Tag':
      return {
        type: 'Tag',
        icon: tagIcon(c.icon, `${field}.icon`),
        ruleBasedMapId: optionalString(c.ruleBasedMapId, `${field}.ruleBasedMapId`),
        valueDataBinding: binding(c.valueDataBinding, `${field}.valueDataBinding`),
        offset: vec3(c.offset, `${field}.offset`, [0, 0, 0]),
        chosenColor: color(c.chosenColor, `${field}.chosenColor`),
        navLink: isObject(c.navLink) ? (c.navLink as TagNavLink) : undefined,
      };
    case 'ModelRef': {
      const uri = optionalString(c.uri, `${field}.uri`);
      if (!uri) return fail(`${field}.uri`, 'is required: the model file, relative to the scene file');
      const modelType = c.modelType ?? (/\.gltf$/i.test(uri) ? 'GLTF' : 'GLB');
      if (modelType !== 'GLB' && modelType !== 'GLTF' && modelType !== 'Tiles3D')
        fail(`${field}.modelType`, `must be GLB, GLTF or Tiles3D, got ${JSON.stringify(c.modelType)}`);
      return {
        type: 'ModelRef',
        uri,
        modelType: modelType as 'GLB' | 'GLTF' | 'Tiles3D',
        unitOfMeasure: unit(c.unitOfMeasure, `${field}.unitOfMeasure`),
        localScale: c.localScale === undefined ? undefined : vec3(c.localScale, `${field}.localScale`, [1, 1, 1]),
        castShadow: c.castShadow === true,
        receiveShadow: c.receiveShadow === true,
      };
    }
    case 'SubModelRef': {
      const selector = optionalString(c.selector, `${field}.selector`);
      if (!selector) return fail(`${field}.selector`, 'is required: the glTF object name of the part');
      return { type: 'SubModelRef', selector };
    }
    case 'ModelShader':
      return {
        type: 'ModelShader',
        valueDataBinding: binding(c.valueDataBinding, `${field}.valueDataBinding`),
        ruleBasedMapId: optionalString(c.ruleBasedMapId, `${field}.ruleBasedMapId`),
      };
    case 'MotionIndicator':
      return motionIndicator(c, field);
    case 'DataOverlay':
      return dataOverlay(c, field);
    case 'Light':
      return light(c, field);
    case 'Camera': {
      const cameraIndex = c.cameraIndex;
      if (typeof cameraIndex !== 'number' || !Number.isInteger(cameraIndex) || cameraIndex < 0)
        return fail(`${field}.cameraIndex`, 'must be an index into the top-level cameras');
      return { type: 'Camera', cameraIndex } satisfies CameraComponent;
    }
    case 'EntityBinding':
      return { type: 'EntityBinding', valueDataBinding: binding(c.valueDataBinding, `${field}.valueDataBinding`) };
    case 'PlaneGeometry':
      return {
        type: 'PlaneGeometry',
        width: optionalNumber(c.width, `${field}.width`) ?? 1,
        height: optionalNumber(c.height, `${field}.height`) ?? 1,
        color: color(c.color, `${field}.color`),
      };
    default:
      if (typeof c.type !== 'string') return fail(`${field}.type`, 'is required');
      return undefined; // Animation and newer types: drawn by nothing here, as TwinMaker ignores unknown ones
  }
}

type TagNavLink = { destination?: string; params?: Record<string, string> };

const SHAPES = ['LinearPlane', 'LinearCylinder', 'CircularCylinder'] as const;

function motionIndicator(c: Json, field: string): SceneComponent {
  const shape = c.shape as (typeof SHAPES)[number];
  if (!SHAPES.includes(shape)) fail(`${field}.shape`, `must be one of ${SHAPES.join(', ')}`);
  const bindings = isObject(c.valueDataBindings) ? (c.valueDataBindings as Json) : {};
  const ruleBinding = (key: string) => {
    const b = bindings[key];
    if (!isObject(b)) return undefined;
    return {
      valueDataBinding: binding(b.valueDataBinding, `${field}.valueDataBindings.${key}.valueDataBinding`),
      ruleBasedMapId: optionalString(b.ruleBasedMapId, `${field}.valueDataBindings.${key}.ruleBasedMapId`),
    };
  };
  const config = isObject(c.config) ? (c.config as Json) : {};
  return {
    type: 'MotionIndicator',
    shape,
    valueDataBindings: {
      speed: ruleBinding('speed'),
      foregroundColor: ruleBinding('foregroundColor'),
      backgroundColor: ruleBinding('backgroundColor'),
    },
    config: {
      numOfRepeatInY: optionalNumber(config.numOfRepeatInY, `${field}.config.numOfRepeatInY`) ?? 1,
      backgroundColorOpacity:
        optionalNumber(config.backgroundColorOpacity, `${field}.config.backgroundColorOpacity`) ?? 1,
      defaultBackgroundColor: color(config.defaultBackgroundColor, `${field}.config.defaultBackgroundColor`),
      defaultForegroundColor: color(config.defaultForegroundColor, `${field}.config.defaultForegroundColor`),
      defaultSpeed: optionalNumber(config.defaultSpeed, `${field}.config.defaultSpeed`),
    },
  };
}

function dataOverlay(c: Json, field: string): SceneComponent {
  const rows = c.dataRows ?? [];
  if (!Array.isArray(rows)) fail(`${field}.dataRows`, 'must be an array');
  const bindings = c.valueDataBindings ?? [];
  if (!Array.isArray(bindings)) fail(`${field}.valueDataBindings`, 'must be an array');
  return {
    type: 'DataOverlay',
    subType: c.subType === 'TextAnnotation' ? 'TextAnnotation' : 'OverlayPanel',
    dataRows: (rows as unknown[]).map((r, i) => {
      if (!isObject(r)) fail(`${field}.dataRows[${i}]`, 'must be an object');
      const row = r as Json;
      return {
        rowType: optionalString(row.rowType, `${field}.dataRows[${i}].rowType`) ?? 'Markdown',
        content: optionalString(row.content, `${field}.dataRows[${i}].content`) ?? '',
      };
    }),
    valueDataBindings: (bindings as unknown[]).map((b, i) => {
      if (!isObject(b)) fail(`${field}.valueDataBindings[${i}]`, 'must be an object');
      const entry = b as Json;
      const name = optionalString(entry.bindingName, `${field}.valueDataBindings[${i}].bindingName`);
      if (!name) fail(`${field}.valueDataBindings[${i}].bindingName`, 'is required');
      return {
        bindingName: name!,
        valueDataBinding: binding(entry.valueDataBinding, `${field}.valueDataBindings[${i}].valueDataBinding`),
      };
    }),
  };
}

function node(raw: unknown, index: number, count: number): SceneNode {
  const field = `nodes[${index}]`;
  if (!isObject(raw)) return fail(field, 'must be an object');
  const t = raw.transform ?? {};
  if (!isObject(t)) fail(`${field}.transform`, 'must be an object');
  const transform = t as Json;
  const children = raw.children ?? [];
  if (!Array.isArray(children)) fail(`${field}.children`, 'must be an array of node indexes');
  (children as unknown[]).forEach((c, i) => {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= count)
      fail(`${field}.children[${i}]`, `must be a node index below ${count}, got ${JSON.stringify(c)}`);
  });
  const components = raw.components ?? [];
  if (!Array.isArray(components)) fail(`${field}.components`, 'must be an array');
  return {
    index,
    name: optionalString(raw.name, `${field}.name`) ?? `Node ${index}`,
    position: vec3(transform.position, `${field}.transform.position`, [0, 0, 0]),
    rotation: vec3(transform.rotation, `${field}.transform.rotation`, [0, 0, 0]),
    scale: vec3(transform.scale, `${field}.transform.scale`, [1, 1, 1]),
    components: (components as unknown[])
      .map((c, i) => component(c, `${field}.components[${i}]`))
      .filter((c): c is SceneComponent => c !== undefined),
    children: children as number[],
  };
}

function rules(raw: unknown): Record<string, Rule> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) return fail('rules', 'must be an object of rule maps');
  const out: Record<string, Rule> = {};
  for (const [id, rule] of Object.entries(raw)) {
    const statements = isObject(rule) ? rule.statements : undefined;
    if (!Array.isArray(statements)) fail(`rules.${id}.statements`, 'must be an array');
    out[id] = {
      statements: (statements as unknown[]).map((s, i) => {
        const f = `rules.${id}.statements[${i}]`;
        if (!isObject(s)) fail(f, 'must be an object');
        const statement = s as Json;
        const expression = optionalString(statement.expression, `${f}.expression`);
        const target = optionalString(statement.target, `${f}.target`);
        if (!expression) fail(`${f}.expression`, 'is required');
        if (!target) fail(`${f}.target`, 'is required');
        return { expression: expression!, target: target! };
      }),
    };
  }
  return out;
}

function cameras(raw: unknown): SceneCamera[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return fail('cameras', 'must be an array');
  return raw.map((c, i) => {
    if (!isObject(c)) fail(`cameras[${i}]`, 'must be an object');
    return {
      cameraType: c.cameraType === 'Orthographic' ? 'Orthographic' : 'Perspective',
      fov: optionalNumber(c.fov, `cameras[${i}].fov`) ?? 53.13,
      near: optionalNumber(c.near, `cameras[${i}].near`) ?? 0.1,
      far: optionalNumber(c.far, `cameras[${i}].far`) ?? 1000,
      zoom: optionalNumber(c.zoom, `cameras[${i}].zoom`) ?? 1,
    };
  });
}

function settings(raw: unknown): SceneSettings {
  const p = isObject(raw) ? raw : {};
  const fog = isObject(p.fogSettings) ? p.fogSettings : undefined;
  const background = isObject(p.sceneBackgroundSettings) ? p.sceneBackgroundSettings : undefined;
  const ground = isObject(p.groundPlaneSettings) ? p.groundPlaneSettings : undefined;
  const config = isObject(p.dataBindingConfig) ? p.dataBindingConfig : {};
  const template = isObject(config.template) ? config.template : {};
  const componentSettings = isObject(p.componentSettings) ? p.componentSettings : {};
  const tag = isObject(componentSettings.Tag) ? componentSettings.Tag : {};
  const overlay = isObject(componentSettings.DataOverlay) ? componentSettings.DataOverlay : {};
  return {
    environmentPreset: optionalString(p.environmentPreset, 'properties.environmentPreset'),
    fog: fog && {
      color: color(fog.color, 'properties.fogSettings.color') ?? '#cccccc',
      near: optionalNumber(fog.near, 'properties.fogSettings.near') ?? 1,
      far: optionalNumber(fog.far, 'properties.fogSettings.far') ?? 1000,
    },
    background:
      background?.color !== undefined
        ? { color: color(background.color, 'properties.sceneBackgroundSettings.color')! }
        : undefined,
    ground: ground && {
      color: color(ground.color, 'properties.groundPlaneSettings.color') ?? '#888888',
      opacity: optionalNumber(ground.opacity, 'properties.groundPlaneSettings.opacity') ?? 1,
    },
    bindingTemplate: Object.fromEntries(
      Object.entries(template).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    tagScale: typeof tag.scale === 'number' && tag.scale > 0 ? tag.scale : 1,
    overlayPanelVisible: overlay.overlayPanelVisible === true,
  };
}

/** Checks and types a scene document; throws SceneDocumentError naming the first bad field. */
export function parseScene(raw: unknown): SceneModel {
  if (!isObject(raw)) return fail('(document)', 'must be a JSON object with specVersion, nodes and rootNodeIndexes');
  const warnings: string[] = [];
  const spec = raw.specVersion;
  if (typeof spec !== 'string') fail('specVersion', 'is required, e.g. "1.0"');
  const m = /^(\d+)\.(\d+)$/.exec(spec as string);
  if (!m) fail('specVersion', `must look like "1.0", got ${JSON.stringify(spec)}`);
  if (Number(m![1]) !== 1) fail('specVersion', `version ${spec} is not supported; this viewer reads 1.x`);
  if (Number(m![2]) > 0) warnings.push(`specVersion ${spec} is newer than 1.0: parts may be drawn incompletely`);
  if (!Array.isArray(raw.nodes)) fail('nodes', 'is required: an array of nodes');
  const rawNodes = raw.nodes as unknown[];
  const nodes = rawNodes.map((n, i) => node(n, i, rawNodes.length));
  const roots = raw.rootNodeIndexes ?? [];
  if (!Array.isArray(roots)) fail('rootNodeIndexes', 'must be an array of node indexes');
  (roots as unknown[]).forEach((r, i) => {
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= nodes.length)
      fail(`rootNodeIndexes[${i}]`, `must be a node index below ${nodes.length}`);
  });
  linkParents(nodes, roots as number[]);
  const model: SceneModel = {
    specVersion: spec as string,
    unit: unit(raw.unit, 'unit') ?? 'meters',
    nodes,
    rootNodeIndexes: roots as number[],
    rules: rules(raw.rules),
    cameras: cameras(raw.cameras),
    settings: settings(raw.properties),
    warnings,
  };
  nodes.forEach((n) =>
    n.components.forEach((c, i) => {
      if (c.type === 'Camera' && c.cameraIndex >= model.cameras.length)
        fail(
          `nodes[${n.index}].components[${i}].cameraIndex`,
          `names camera ${c.cameraIndex}, but cameras has ${model.cameras.length}`,
        );
    }),
  );
  return model;
}

/** Sets each node's parent; a node reached twice or a cycle would draw forever, so it is refused. */
function linkParents(nodes: SceneNode[], roots: number[]) {
  const seen = new Set<number>();
  const visit = (index: number, parent: number | undefined, field: string) => {
    if (seen.has(index)) fail(field, `node ${index} appears twice in the hierarchy (a cycle or a shared child)`);
    seen.add(index);
    nodes[index]!.parent = parent;
    nodes[index]!.children.forEach((c, i) => visit(c, index, `nodes[${index}].children[${i}]`));
  };
  roots.forEach((r, i) => visit(r, undefined, `rootNodeIndexes[${i}]`));
}
