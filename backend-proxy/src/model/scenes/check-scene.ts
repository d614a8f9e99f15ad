import {
  CAMERA_TYPES,
  COMPONENT_MEMBERS,
  DISTANCE_UNITS,
  LIGHT_TYPES,
  MODEL_TYPES,
  MOTION_SHAPES,
  NODE_MEMBERS,
  OVERLAY_SUBTYPES,
  SCENE_MEMBERS,
} from './scene-format';

/** A model file a scene refers to: where (node, component) and the `uri` as written. */
export interface ModelReference {
  at: string;
  uri: string;
}

/** What `checkSceneDocument` found. The document is sound when `errors` is empty. */
export interface SceneCheck {
  errors: string[];
  warnings: string[];
  /** ModelRef / Animation / PlaneGeometry texture uris, as written (relative to the document's folder) */
  references: ModelReference[];
  counts: { nodes: number; tags: number; models: number; rules: number; cameras: number };
}

export interface CheckLimits {
  /** errors reported before the rest are summed up */
  maxErrors: number;
  /** warnings reported before the rest are summed up */
  maxWarnings: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** True for JSON that is meant as a scene document: an object with `specVersion` and `nodes`. */
export function looksLikeSceneDocument(doc: unknown): boolean {
  return isObject(doc) && 'specVersion' in doc && 'nodes' in doc;
}

/**
 * Checks a parsed scene document against the TwinMaker scene format: specVersion rules, node
 * shapes, child indexes in range with no cycles and one parent each, known component types,
 * rule ids that exist, `cameraIndex` in range and binding shapes. Each error names where it is
 * (`nodes[12].components[0].ruleBasedMapId: no rule "tempRule"`). Unknown component types
 * and members are kept and reported as warnings. Linear in the size of the document.
 */
export function checkSceneDocument(doc: unknown, limits: CheckLimits = { maxErrors: 20, maxWarnings: 50 }): SceneCheck {
  const out = new Findings(limits);
  const references: ModelReference[] = [];
  const counts = { nodes: 0, tags: 0, models: 0, rules: 0, cameras: 0 };
  if (!isObject(doc)) {
    out.error('document', 'a scene document is a JSON object with specVersion, nodes and rootNodeIndexes');
    return out.result(references, counts);
  }
  checkSpecVersion(doc.specVersion, out);
  if (doc.version !== undefined && typeof doc.version !== 'string') out.error('version', 'must be a string, e.g. "1"');
  if (doc.unit !== undefined && !DISTANCE_UNITS.has(doc.unit as string))
    out.error('unit', `must be one of ${[...DISTANCE_UNITS].join(', ')}`);
  for (const key of Object.keys(doc)) if (!SCENE_MEMBERS.has(key)) out.unknown(key, 'member');

  const rules = checkRules(doc.rules, out);
  counts.rules = rules.size;
  const cameras = Array.isArray(doc.cameras) ? doc.cameras.length : 0;
  counts.cameras = cameras;
  if (doc.cameras !== undefined) checkCameras(doc.cameras, out);
  if (doc.properties !== undefined && !isObject(doc.properties)) out.error('properties', 'must be an object');

  if (!Array.isArray(doc.nodes)) {
    out.error('nodes', 'must be an array of nodes');
    return out.result(references, counts);
  }
  const nodes = doc.nodes as unknown[];
  counts.nodes = nodes.length;
  const parentOf = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((node, i) => {
    const at = `nodes[${i}]`;
    if (!isObject(node)) return out.error(at, 'must be an object');
    checkNode(node, at, i, nodes.length, parentOf, out);
    if (node.components === undefined) return;
    if (!Array.isArray(node.components)) return out.error(`${at}.components`, 'must be an array');
    node.components.forEach((component, c) => {
      const where = `${at}.components[${c}]`;
      const kind = checkComponent(component, where, { rules, cameras, references }, out);
      if (kind === 'Tag') counts.tags++;
      if (kind === 'ModelRef') counts.models++;
    });
  });

  if (!Array.isArray(doc.rootNodeIndexes)) out.error('rootNodeIndexes', 'must be an array of node indexes');
  else {
    doc.rootNodeIndexes.forEach((root, r) => {
      const at = `rootNodeIndexes[${r}]`;
      if (!isIndex(root) || root >= nodes.length)
        out.error(at, `no node ${String(root)} (the scene has ${nodes.length})`);
      else if (parentOf[root] >= 0) out.error(at, `node ${root} is a child of node ${parentOf[root]}, not a root`);
    });
  }
  findCycles(nodes, parentOf, out);
  return out.result(references, counts);
}

function checkSpecVersion(value: unknown, out: Findings): void {
  if (typeof value !== 'string') return out.error('specVersion', 'is required and must be a string such as "1.0"');
  if (value === '1') return out.error('specVersion', '"1" is the private-beta format, which viewers refuse; use "1.0"');
  const m = /^(\d+)\.(\d+)$/.exec(value);
  if (!m) return out.error('specVersion', `"${value}" is not <major>.<minor>, e.g. "1.0"`);
  if (Number(m[1]) !== 1)
    return out.error('specVersion', `major version ${m[1]} is not supported; this service reads 1.x`);
  if (Number(m[2]) > 0)
    out.warn('specVersion', `minor version ${m[2]} is newer than 1.0: members it adds are kept unchecked`);
}

function checkRules(value: unknown, out: Findings): Set<string> {
  const ids = new Set<string>();
  if (value === undefined) return ids;
  if (!isObject(value)) {
    out.error('rules', 'must be an object of rule id → { statements }');
    return ids;
  }
  for (const [id, rule] of Object.entries(value)) {
    ids.add(id);
    const at = `rules.${id}`;
    if (!isObject(rule) || !Array.isArray(rule.statements)) {
      out.error(`${at}.statements`, 'must be an array of { expression, target }');
      continue;
    }
    rule.statements.forEach((s, i) => {
      if (!isObject(s) || typeof s.expression !== 'string' || typeof s.target !== 'string')
        out.error(`${at}.statements[${i}]`, 'must be { expression: string, target: string }');
    });
  }
  return ids;
}

function checkCameras(value: unknown, out: Findings): void {
  if (!Array.isArray(value)) return out.error('cameras', 'must be an array');
  value.forEach((camera, i) => {
    if (!isObject(camera)) return out.error(`cameras[${i}]`, 'must be an object');
    if (camera.cameraType !== undefined && !CAMERA_TYPES.has(camera.cameraType as string))
      out.error(`cameras[${i}].cameraType`, `must be one of ${[...CAMERA_TYPES].join(', ')}`);
    for (const field of ['fov', 'near', 'far', 'zoom'])
      if (camera[field] !== undefined && !isNumber(camera[field]))
        out.error(`cameras[${i}].${field}`, 'must be a number');
  });
}

function checkNode(node: Json, at: string, index: number, count: number, parentOf: Int32Array, out: Findings): void {
  if (node.name !== undefined && typeof node.name !== 'string') out.error(`${at}.name`, 'must be a string');
  checkTransform(node.transform, `${at}.transform`, out);
  for (const key of Object.keys(node)) if (!NODE_MEMBERS.has(key)) out.unknown(`nodes[].${key}`, 'node member');
  if (node.children === undefined) return;
  if (!Array.isArray(node.children)) return out.error(`${at}.children`, 'must be an array of node indexes');
  node.children.forEach((child, c) => {
    const where = `${at}.children[${c}]`;
    if (!isIndex(child) || child >= count) return out.error(where, `no node ${String(child)} (the scene has ${count})`);
    if (child === index) return out.error(where, 'a node cannot be its own child');
    if (parentOf[child]! >= 0 && parentOf[child] !== index)
      return out.error(where, `node ${child} is already a child of node ${parentOf[child]}; a node has one parent`);
    parentOf[child] = index;
  });
}

function checkTransform(value: unknown, at: string, out: Findings): void {
  if (!isObject(value)) return out.error(at, 'is required: { position: [x, y, z], rotation?, scale? }');
  for (const field of ['position', 'rotation', 'scale']) {
    const v = value[field];
    if (v === undefined && field !== 'position') continue;
    if (!Array.isArray(v) || v.length !== 3 || !v.every(isNumber))
      out.error(`${at}.${field}`, 'must be 3 numbers [x, y, z]');
  }
}

interface ComponentContext {
  rules: Set<string>;
  cameras: number;
  references: ModelReference[];
}

function checkComponent(component: unknown, at: string, ctx: ComponentContext, out: Findings): string | undefined {
  if (!isObject(component)) {
    out.error(at, 'must be an object with a type');
    return undefined;
  }
  const type = component.type;
  if (typeof type !== 'string') {
    out.error(`${at}.type`, 'is required (ModelRef, Tag, Light, …)');
    return undefined;
  }
  const members = COMPONENT_MEMBERS[type];
  if (!members) {
    out.unknown(type, 'component type');
    return type;
  }
  for (const key of Object.keys(component))
    if (key !== 'type' && !members.has(key)) out.unknown(`${type}.${key}`, 'component member');

  const ruleRef = (field: string, value: unknown) => {
    if (value === undefined || value === '') return;
    if (typeof value !== 'string') out.error(`${at}.${field}`, 'must be a rule id (a string)');
    else if (!ctx.rules.has(value)) out.error(`${at}.${field}`, `no rule "${value}"`);
  };
  const uri = (field: string, required: boolean) => {
    const value = component[field];
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value === '') return out.error(`${at}.${field}`, 'must be a non-empty string');
    ctx.references.push({ at: `${at}.${field}`, uri: value });
  };
  const oneOf = (field: string, allowed: Set<string>, required: boolean) => {
    const value = component[field];
    if (value === undefined && !required) return;
    if (!allowed.has(value as string)) out.error(`${at}.${field}`, `must be one of ${[...allowed].join(', ')}`);
  };

  switch (type) {
    case 'ModelRef':
      uri('uri', true);
      oneOf('modelType', MODEL_TYPES, true);
      break;
    case 'Animation':
      uri('uri', true);
      break;
    case 'PlaneGeometry':
      uri('textureUri', false);
      for (const f of ['width', 'height']) if (!isNumber(component[f])) out.error(`${at}.${f}`, 'must be a number');
      break;
    case 'SubModelRef':
      if (typeof component.selector !== 'string')
        out.error(`${at}.selector`, 'must be the name of an object in the model');
      break;
    case 'Tag':
    case 'ModelShader':
      ruleRef('ruleBasedMapId', component.ruleBasedMapId);
      checkBinding(component.valueDataBinding, `${at}.valueDataBinding`, out);
      break;
    case 'EntityBinding':
      checkBinding(component.valueDataBinding, `${at}.valueDataBinding`, out);
      break;
    case 'MotionIndicator': {
      oneOf('shape', MOTION_SHAPES, true);
      const bindings = component.valueDataBindings;
      if (bindings === undefined) break;
      if (!isObject(bindings)) {
        out.error(`${at}.valueDataBindings`, 'must be an object { speed?, foregroundColor?, backgroundColor? }');
        break;
      }
      for (const [name, b] of Object.entries(bindings)) {
        if (!isObject(b)) {
          out.error(`${at}.valueDataBindings.${name}`, 'must be { valueDataBinding?, ruleBasedMapId? }');
          continue;
        }
        ruleRef(`valueDataBindings.${name}.ruleBasedMapId`, b.ruleBasedMapId);
        checkBinding(b.valueDataBinding, `${at}.valueDataBindings.${name}.valueDataBinding`, out);
      }
      break;
    }
    case 'DataOverlay': {
      oneOf('subType', OVERLAY_SUBTYPES, true);
      if (component.dataRows !== undefined && !Array.isArray(component.dataRows))
        out.error(`${at}.dataRows`, 'must be an array of { rowType, content }');
      const bindings = component.valueDataBindings;
      if (bindings === undefined) break;
      if (!Array.isArray(bindings)) {
        out.error(`${at}.valueDataBindings`, 'must be an array of { bindingName, valueDataBinding }');
        break;
      }
      bindings.forEach((b, i) => {
        const where = `${at}.valueDataBindings[${i}]`;
        if (!isObject(b) || typeof b.bindingName !== 'string')
          return out.error(`${where}.bindingName`, 'must be a string');
        checkBinding(b.valueDataBinding, `${where}.valueDataBinding`, out);
      });
      break;
    }
    case 'Light':
      oneOf('lightType', LIGHT_TYPES, true);
      if (component.lightSettings !== undefined && !isObject(component.lightSettings))
        out.error(`${at}.lightSettings`, 'must be an object');
      break;
    case 'Camera':
      if (!isIndex(component.cameraIndex) || component.cameraIndex >= ctx.cameras)
        out.error(`${at}.cameraIndex`, `no camera ${String(component.cameraIndex)} (the scene has ${ctx.cameras})`);
      break;
  }
  return type;
}

function checkBinding(value: unknown, at: string, out: Findings): void {
  if (value === undefined) return;
  if (!isObject(value)) return out.error(at, 'must be { dataBindingContext?, isStaticData? }');
  if (value.isStaticData !== undefined && typeof value.isStaticData !== 'boolean')
    out.error(`${at}.isStaticData`, 'must be true or false');
  const context = value.dataBindingContext;
  if (context === undefined) return;
  if (!isObject(context))
    return out.error(`${at}.dataBindingContext`, 'must be { entityId, componentName?, propertyName? }');
  for (const field of ['entityId', 'componentName', 'propertyName', 'entityPath'])
    if (context[field] !== undefined && typeof context[field] !== 'string')
      out.error(`${at}.dataBindingContext.${field}`, 'must be a string');
  if (context.propertyName !== undefined && context.componentName === undefined)
    out.error(`${at}.dataBindingContext.componentName`, 'is required with propertyName');
}

/** Children links form a forest: walking up from any node must end at a root (iterative, any depth). */
function findCycles(nodes: unknown[], parentOf: Int32Array, out: Findings): void {
  const state = new Uint8Array(nodes.length); // 0 unseen, 1 on the current walk, 2 ends at a root
  for (let start = 0; start < nodes.length; start++) {
    let n = start;
    while (n >= 0 && state[n] === 0) {
      state[n] = 1;
      n = parentOf[n]!;
    }
    if (n >= 0 && state[n] === 1) out.error(`nodes[${n}].children`, `node ${n} is its own ancestor (a cycle)`);
    for (let m = start; m >= 0 && state[m] === 1; m = parentOf[m]!) state[m] = 2;
  }
}

/** Errors and warnings with caps, so a huge broken document answers with a readable message. */
class Findings {
  private readonly errors: string[] = [];
  private readonly warnings: string[] = [];
  private moreErrors = 0;
  private moreWarnings = 0;
  private readonly unknowns = new Set<string>();

  constructor(private readonly limits: CheckLimits) {}

  error(at: string, problem: string): void {
    if (this.errors.length < this.limits.maxErrors) this.errors.push(`${at}: ${problem}`);
    else this.moreErrors++;
  }

  warn(at: string, problem: string): void {
    if (this.warnings.length < this.limits.maxWarnings) this.warnings.push(`${at}: ${problem}`);
    else this.moreWarnings++;
  }

  /** an unknown type or member, reported once however often it occurs */
  unknown(name: string, what: string): void {
    if (this.unknowns.has(`${what}:${name}`)) return;
    this.unknowns.add(`${what}:${name}`);
    this.warn(name, `unknown ${what}, kept as it is`);
  }

  result(references: ModelReference[], counts: SceneCheck['counts']): SceneCheck {
    const errors = [...this.errors];
    const warnings = [...this.warnings];
    if (this.moreErrors) errors.push(`… and ${this.moreErrors} more errors`);
    if (this.moreWarnings) warnings.push(`… and ${this.moreWarnings} more warnings`);
    return { errors, warnings, references, counts };
  }
}
