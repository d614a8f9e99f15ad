// The site `npm run bench:scene` draws: a grid of machines (model nodes sharing a few GLBs,
// the demo plant's models) with tags bound to their properties, icon rules on every tag, and
// a writer that changes every bound value at a fixed rate. Written into a real service:
// workspace, component type, entities, values, the models and the scene document as
// resources, and the scene (CreateScene) pointing at the document.
import fs from 'node:fs';
import path from 'node:path';

import { REPO_DIR } from '../host/build.mjs';
import { serviceClient } from '../seed.mjs';

export const BENCH_WORKSPACE = 'bench-scene';
export const BENCH_SCENE_ID = 'BenchSite';
export const BENCH_COMPONENT_TYPE = 'bench.machine';
export const BENCH_COMPONENT = 'Machine';
const SCENE_KEY = 'scenes/BenchSite.json';
const MODELS_DIR = path.join(REPO_DIR, 'backend-proxy', 'src', 'demo', 'models');
export const BENCH_MODEL_FILES = ['mixer.glb', 'conveyor.glb', 'oven.glb'];
const SPACING = 6;
/** Thresholds of every tag's rule: the value's icon is Error from 80, Warning from 60, else Info. */
export const ICON_THRESHOLDS = { Error: 80, Warning: 60 };

const ICON = 'iottwinmaker.common.icon:';
const propertyName = (k) => `p${k}`;
const entityId = (i) => `M_${String(i).padStart(3, '0')}`;

/**
 * The site's shape: `models` machines on a grid, `tags` tags spread evenly over them (each
 * tag bound to a property of its machine: p0, p1, …). Pure; the same options give the same site.
 */
export function benchSite({ models = 200, tags = 1000 } = {}) {
  const tagsPerModel = Math.ceil(tags / models);
  const columns = Math.ceil(Math.sqrt(models * 2));
  const rows = Math.ceil(models / columns);
  const nodes = [];
  const bindings = []; // tag index → { entityId, propertyName }
  const modelNodes = [];
  for (let i = 0; i < models; i++) {
    const [col, row] = [i % columns, Math.floor(i / columns)];
    const tagNodes = [];
    for (let k = 0; k < tagsPerModel && bindings.length < tags; k++) {
      const binding = { entityId: entityId(i), componentName: BENCH_COMPONENT, propertyName: propertyName(k) };
      bindings.push(binding);
      const angle = (2 * Math.PI * k) / tagsPerModel;
      nodes.push({
        name: `${binding.entityId} ${binding.propertyName}`,
        transform: { position: [Math.cos(angle), 3 + 0.3 * k, Math.sin(angle)], rotation: [0, 0, 0], scale: [1, 1, 1] },
        transformConstraint: {},
        components: [
          {
            type: 'Tag',
            icon: `${ICON}Info`,
            ruleBasedMapId: `${binding.propertyName}Icon`,
            valueDataBinding: { dataBindingContext: binding },
          },
        ],
        properties: {},
      });
      tagNodes.push(nodes.length - 1);
    }
    nodes.push({
      name: entityId(i),
      transform: {
        position: [(col - (columns - 1) / 2) * SPACING, 0, (row - (rows - 1) / 2) * SPACING],
        rotation: [0, 0, 0],
        scale: [1, 1, 1],
      },
      transformConstraint: {},
      components: [{ type: 'ModelRef', uri: BENCH_MODEL_FILES[i % BENCH_MODEL_FILES.length], modelType: 'GLB' }],
      children: tagNodes,
      properties: {},
    });
    modelNodes.push(nodes.length - 1);
  }
  const light = (name, position, component) => {
    nodes.push({
      name,
      transform: { position, rotation: [0, 0, 0], scale: [1, 1, 1] },
      transformConstraint: {},
      components: [{ type: 'Light', ...component }],
      properties: {},
    });
    return nodes.length - 1;
  };
  const lights = [
    light('Ambient', [0, 10, 0], { lightType: 'Ambient', lightSettings: { color: 0xffffff, intensity: 0.6 } }),
    light('Sun', [-20, 40, 30], { lightType: 'Directional', lightSettings: { color: 0xffffff, intensity: 1.5 } }),
  ];
  const rules = {};
  for (let k = 0; k < tagsPerModel; k++) {
    const p = propertyName(k);
    rules[`${p}Icon`] = {
      statements: [
        { expression: `${p} >= ${ICON_THRESHOLDS.Error}`, target: `${ICON}Error` },
        { expression: `${p} >= ${ICON_THRESHOLDS.Warning}`, target: `${ICON}Warning` },
        { expression: `${p} < ${ICON_THRESHOLDS.Warning}`, target: `${ICON}Info` },
      ],
    };
  }
  const document = {
    specVersion: '1.0',
    version: '1',
    unit: 'meters',
    properties: {},
    nodes,
    rootNodeIndexes: [...modelNodes, ...lights],
    cameras: [],
    rules,
  };
  return { document, bindings, tagsPerModel, models };
}

/** Value of tag `i` at tick `n`: a slow wave per tag over 0..100, so icons keep crossing thresholds. */
export function valueAt(i, n) {
  return Math.round((50 + 45 * Math.sin(n / 40 + i * 0.7)) * 100) / 100;
}

/** The icon the rules give a value (what the bare page applies; the panel runs the rules themselves). */
export function iconFor(value) {
  return value >= ICON_THRESHOLDS.Error ? 'Error' : value >= ICON_THRESHOLDS.Warning ? 'Warning' : 'Info';
}

/** Bytes of a model the site uses (the demo plant's checked-in GLBs). */
export const readModel = (file) => fs.readFileSync(path.join(MODELS_DIR, file));

/**
 * Writes the site into the service. Returns { uploaded }: whether the models and the
 * document went into the resource library (false while the service has no resource routes).
 */
export async function seedBenchSite(service, site) {
  const call = serviceClient(service);
  const ws = BENCH_WORKSPACE;
  await call('POST', `/workspaces/${ws}`, {
    description: 'bench:scene site',
    role: 'arn:aws:iam::123456789012:role/bench',
  });
  const propertyDefinitions = {};
  for (let k = 0; k < site.tagsPerModel; k++)
    propertyDefinitions[propertyName(k)] = {
      dataType: { type: 'DOUBLE' },
      isTimeSeries: true,
      isStoredExternally: false,
    };
  await call('POST', `/workspaces/${ws}/component-types/${BENCH_COMPONENT_TYPE}`, {
    description: 'A benchmark machine',
    propertyDefinitions,
  });
  await call('POST', `/workspaces/${ws}/entities`, { entityId: 'Site', entityName: 'Site' });
  for (let i = 0; i < site.models; i++)
    await call('POST', `/workspaces/${ws}/entities`, {
      entityId: entityId(i),
      entityName: entityId(i),
      parentEntityId: 'Site',
      components: { [BENCH_COMPONENT]: { componentTypeId: BENCH_COMPONENT_TYPE } },
    });
  await writeTick(service, site, 0);

  let uploaded = true;
  const put = async (key, body, contentType) => {
    const r = await fetch(`${service.url}/doppel/workspaces/${ws}/resources/${key}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${service.accessKeyId}:${service.secretAccessKey}`,
        'Content-Type': contentType,
      },
      body,
    });
    if (r.headers.get('x-amzn-errortype') === 'UnknownOperationException')
      uploaded = false; // no such route yet
    else if (!r.ok) throw new Error(`PUT resource ${key} → ${r.status}: ${await r.text()}`);
  };
  const folder = SCENE_KEY.slice(0, SCENE_KEY.lastIndexOf('/') + 1);
  for (const file of BENCH_MODEL_FILES) await put(folder + file, readModel(file), 'model/gltf-binary');
  await put(SCENE_KEY, JSON.stringify(site.document), 'application/json');
  const workspace = await call('GET', `/workspaces/${ws}`);
  const bucket = String(workspace.s3Location ?? `arn:aws:s3:::doppel-${ws}`).replace(/^arn:aws:s3:::/, '');
  await call('POST', `/workspaces/${ws}/scenes`, {
    sceneId: BENCH_SCENE_ID,
    contentLocation: `s3://${bucket}/${SCENE_KEY}`,
    description: `${site.models} machines, ${site.bindings.length} tags`,
  });
  return { uploaded, sceneKey: SCENE_KEY };
}

/** Writes every tag's value for tick n, in one bulk request. */
export async function writeTick(service, site, n, time = new Date()) {
  const call = serviceClient(service);
  const iso = time.toISOString();
  const points = site.bindings.map((b, i) => ({ ...b, time: iso, value: { doubleValue: valueAt(i, n) } }));
  const result = await call('POST', `/doppel/workspaces/${BENCH_WORKSPACE}/values:bulk`, points);
  if (result.rejected) throw new Error(`bench values rejected: ${JSON.stringify(result.errors.slice(0, 3))}`);
}

/** Changes every bound value `hz` times a second until stopped; counts ticks and late ones. */
export function startValueWriter(service, site, hz = 10) {
  let n = 1;
  let running = true;
  let busy = false;
  const stats = { ticks: 0, skipped: 0, lastError: undefined, startedAt: Date.now(), achievedHz: 0 };
  const timer = setInterval(() => {
    if (!running) return;
    if (busy) return void stats.skipped++; // the service is still writing the last tick
    busy = true;
    writeTick(service, site, n++)
      .then(() => {
        stats.ticks++;
        stats.achievedHz = Math.round((stats.ticks / ((Date.now() - stats.startedAt) / 1000)) * 10) / 10;
      })
      .catch((e) => (stats.lastError = e.message))
      .finally(() => (busy = false));
  }, 1000 / hz);
  return {
    stats,
    pause: () => (running = false),
    resume: () => (running = true),
    stop: () => clearInterval(timer),
  };
}
