#!/usr/bin/env node
// Structural check of the built plugin (dist/), run in CI as `npm run validate`.
// Grafana's own validator (@grafana/plugin-validator) downloads a Go binary on first run and so
// cannot run offline; this re-implements its cheap structural analyzers (metadatavalid,
// metadatapaths, includesnested, typesuffix, modulejs, logos, version placeholders) from the
// fields of Grafana's plugin.schema.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PLUGIN_TYPES = ['app', 'datasource', 'panel', 'renderer', 'secretsmanager', 'transformer'];
const ID_PATTERN = /^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource|secretsmanager|transformer)$/;
const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const UPDATED_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const GRAFANA_DEPENDENCY_PATTERN =
  /^(<=|>=|<|>|=|~|\^)?([0-9]+)(\.[0-9x*]+)(\.[0-9x*]+)?(\s(<=|>=|<|=>)?([0-9]+)(\.[0-9x]+)(\.[0-9x]+))?(-[0-9]+)?$/;
const INCLUDE_TYPES = ['dashboard', 'page', 'panel', 'datasource', 'secretsmanager'];
const ROLES = ['Admin', 'Editor', 'Viewer', 'None'];
const CATEGORIES = ['tsdb', 'logging', 'cloud', 'tracing', 'profiling', 'sql', 'enterprise', 'iot', 'other'];
// Top-level members Grafana's schema allows (additionalProperties: false), incl. newer ones.
const TOP_LEVEL = new Set([
  '$schema',
  'id',
  'type',
  'name',
  'info',
  'dependencies',
  'alerting',
  'annotations',
  'autoEnabled',
  'backend',
  'builtIn',
  'category',
  'enterpriseFeatures',
  'executable',
  'hideFromList',
  'includes',
  'logs',
  'metrics',
  'pascalName',
  'preload',
  'queryOptions',
  'routes',
  'skipDataQuery',
  'state',
  'streaming',
  'tracing',
  'sort',
  'buildMode',
  'iam',
  'roles',
  'extensions',
  'languages',
  'aliasIDs',
  'multiValueFilterOperators',
  'tables',
]);
const INFO_KEYS = new Set([
  'author',
  'build',
  'description',
  'keywords',
  'links',
  'logos',
  'screenshots',
  'updated',
  'version',
]);
const ROUTE_KEYS = new Set([
  'path',
  'method',
  'url',
  'reqSignedIn',
  'reqRole',
  'reqAction',
  'headers',
  'body',
  'tokenAuth',
  'jwtTokenAuth',
  'urlParams',
]);
const INCLUDE_KEYS = new Set([
  'uid',
  'type',
  'name',
  'component',
  'role',
  'action',
  'path',
  'addToNav',
  'defaultNav',
  'icon',
]);
const PLACEHOLDER = /%(VERSION|TODAY|PLUGIN_ID)%/;

/** Every plugin.json under dir (Grafana mounts each folder holding one as a plugin). */
export function findPluginJsons(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'plugin.json') found.push(full);
    }
  };
  walk(dir);
  return found.sort((a, b) => a.length - b.length || a.localeCompare(b));
}

const isString = (v) => typeof v === 'string' && v.length > 0;

/** Checks one plugin.json against the schema fields; returns error strings (rel = path for messages). */
export function checkPluginJson(json, rel) {
  const errors = [];
  const err = (m) => errors.push(`${rel}: ${m}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [`${rel}: not a JSON object`];
  for (const key of Object.keys(json))
    if (!TOP_LEVEL.has(key)) err(`unknown member "${key}" (Grafana's schema allows no extra members)`);
  if (!PLUGIN_TYPES.includes(json.type))
    err(`type must be one of ${PLUGIN_TYPES.join(', ')}, got ${JSON.stringify(json.type)}`);
  if (!isString(json.name)) err('name is required');
  if (!isString(json.id) || !ID_PATTERN.test(json.id))
    err(`id ${JSON.stringify(json.id)} must look like <org>-<name>-<type>`);
  else if (PLUGIN_TYPES.includes(json.type) && !json.id.endsWith(`-${json.type}`))
    err(`id "${json.id}" must end with "-${json.type}" for a ${json.type} plugin`);
  if (json.category !== undefined && !CATEGORIES.includes(json.category))
    err(`category must be one of ${CATEGORIES.join(', ')}`);
  if (json.state !== undefined && !['alpha', 'beta'].includes(json.state)) err('state must be alpha or beta');
  for (const flag of [
    'alerting',
    'annotations',
    'autoEnabled',
    'backend',
    'logs',
    'metrics',
    'preload',
    'skipDataQuery',
    'streaming',
    'tracing',
  ]) {
    if (json[flag] !== undefined && typeof json[flag] !== 'boolean') err(`${flag} must be a boolean`);
  }
  if (json.backend === true && !isString(json.executable)) err('a backend plugin needs "executable"');
  if (json.alerting === true && json.backend !== true) err('alerting requires backend: true');

  const info = json.info;
  if (typeof info !== 'object' || info === null) err('info is required');
  else {
    for (const key of Object.keys(info)) if (!INFO_KEYS.has(key)) err(`unknown member info.${key}`);
    if (!Array.isArray(info.keywords) || info.keywords.length === 0 || !info.keywords.every(isString))
      err('info.keywords must be a non-empty array of strings');
    if (!info.logos || !isString(info.logos.small) || !isString(info.logos.large))
      err('info.logos.small and info.logos.large are required');
    if (!isString(info.version) || !VERSION_PATTERN.test(info.version))
      err(`info.version ${JSON.stringify(info.version)} is not a semver version`);
    if (!isString(info.updated) || !UPDATED_PATTERN.test(info.updated))
      err(`info.updated ${JSON.stringify(info.updated)} is not a YYYY-MM-DD date`);
    if (
      info.author !== undefined &&
      (typeof info.author !== 'object' || (info.author.name !== undefined && typeof info.author.name !== 'string'))
    )
      err('info.author must be { name, email?, url? }');
    for (const [i, link] of (info.links ?? []).entries())
      if (!isString(link?.name) || !isString(link?.url)) err(`info.links[${i}] needs name and url`);
    for (const [i, shot] of (info.screenshots ?? []).entries())
      if (!isString(shot?.name) || !isString(shot?.path)) err(`info.screenshots[${i}] needs name and path`);
  }

  const deps = json.dependencies;
  if (typeof deps !== 'object' || deps === null) err('dependencies is required');
  else {
    if (!isString(deps.grafanaDependency) || !GRAFANA_DEPENDENCY_PATTERN.test(deps.grafanaDependency))
      err(
        `dependencies.grafanaDependency ${JSON.stringify(deps.grafanaDependency)} must be a semver range like ">=13.0.0"`,
      );
    for (const [i, dep] of (deps.plugins ?? []).entries()) {
      if (!isString(dep?.id) || !isString(dep?.type) || !isString(dep?.name))
        err(`dependencies.plugins[${i}] needs id, type and name`);
    }
  }

  if (json.includes !== undefined && !Array.isArray(json.includes)) err('includes must be an array');
  for (const [i, inc] of (json.includes ?? []).entries()) {
    for (const key of Object.keys(inc ?? {})) if (!INCLUDE_KEYS.has(key)) err(`unknown member includes[${i}].${key}`);
    if (!INCLUDE_TYPES.includes(inc?.type)) err(`includes[${i}].type must be one of ${INCLUDE_TYPES.join(', ')}`);
    if (!isString(inc?.name)) err(`includes[${i}].name is required`);
    if (inc?.role !== undefined && !ROLES.includes(inc.role))
      err(`includes[${i}].role must be one of ${ROLES.join(', ')}`);
    if (inc?.type !== 'page' && !isString(inc?.path)) err(`includes[${i}] (${inc?.type}) needs a path`);
  }

  if (json.routes !== undefined) {
    if (json.type !== 'datasource') err('routes are for data source plugins');
    if (!Array.isArray(json.routes)) err('routes must be an array');
    for (const [i, route] of (json.routes ?? []).entries()) {
      for (const key of Object.keys(route ?? {})) if (!ROUTE_KEYS.has(key)) err(`unknown member routes[${i}].${key}`);
      if (typeof route?.path !== 'string') err(`routes[${i}].path is required`);
      if (!isString(route?.url) || !/^(https?:\/\/|\{\{)/.test(route.url))
        err(`routes[${i}].url must be an http(s) URL or a {{ .JsonData… }} template`);
      for (const [j, h] of (route?.headers ?? []).entries())
        if (!isString(h?.name) || typeof h?.content !== 'string')
          err(`routes[${i}].headers[${j}] needs name and content`);
    }
  }
  return errors;
}

/** Validates a built plugin directory; returns { errors, plugins } (plugins: id, type, rel dir). */
export function validatePluginDir(distDir) {
  const errors = [];
  if (!fs.existsSync(distDir))
    return { errors: [`${distDir} does not exist: build the plugin first (npm run build)`], plugins: [] };
  const files = findPluginJsons(distDir);
  const rootFile = path.join(distDir, 'plugin.json');
  if (!files.includes(rootFile)) errors.push('plugin.json: missing at the root of dist/');
  // The plugin catalogue (and Grafana's validator) want these beside the root plugin.json.
  for (const doc of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (!fs.existsSync(path.join(distDir, doc))) errors.push(`${doc}: missing at the root of dist/`);
  }
  const plugins = [];
  for (const file of files) {
    const rel = path.relative(distDir, file);
    const dir = path.dirname(file);
    const text = fs.readFileSync(file, 'utf8');
    const placeholder = text.match(PLACEHOLDER);
    if (placeholder) errors.push(`${rel}: build placeholder ${placeholder[0]} was not replaced`);
    let json;
    try {
      json = JSON.parse(text);
    } catch (e) {
      errors.push(`${rel}: invalid JSON (${e.message})`);
      continue;
    }
    errors.push(...checkPluginJson(json, rel));
    plugins.push({ id: json.id, type: json.type, rel: path.relative(distDir, dir) || '.', file: rel });
    // Grafana loads <plugin dir>/module.js for every plugin type that has a frontend.
    if (json.type !== 'renderer' && !fs.existsSync(path.join(dir, 'module.js')))
      errors.push(`${rel}: module.js missing beside it`);
    const images = [
      json.info?.logos?.small,
      json.info?.logos?.large,
      ...(json.info?.screenshots ?? []).map((s) => s?.path),
    ];
    for (const image of images.filter(isString)) {
      if (/^https?:/.test(image)) continue;
      if (!fs.existsSync(path.join(dir, image)))
        errors.push(`${rel}: image ${image} not found in ${path.relative(distDir, dir) || 'dist'}/`);
    }
    for (const inc of json.includes ?? []) {
      if (inc?.type === 'page' || !isString(inc?.path)) continue;
      const target = path.join(dir, inc.path);
      if (!fs.existsSync(target)) {
        errors.push(`${rel}: includes path ${inc.path} does not exist`);
        continue;
      }
      if (inc.type === 'dashboard') {
        try {
          const dash = JSON.parse(fs.readFileSync(target, 'utf8'));
          if (!Array.isArray(dash.panels) && !Array.isArray(dash.rows))
            errors.push(`${rel}: dashboard ${inc.path} has no panels`);
        } catch (e) {
          errors.push(`${rel}: dashboard ${inc.path} is not valid JSON (${e.message})`);
        }
      } else {
        const nested = safeJson(target);
        if (nested && nested.type !== inc.type)
          errors.push(`${rel}: includes ${inc.path} says type ${inc.type} but the plugin is a ${nested.type}`);
      }
    }
  }
  // Grafana's includesnested: every nested plugin must be declared in the root's includes.
  const root = safeJson(rootFile);
  if (root) {
    const declared = new Set(
      (root.includes ?? []).filter((i) => i?.type !== 'page').map((i) => path.normalize(i.path ?? '')),
    );
    for (const file of files.filter((f) => f !== rootFile)) {
      const rel = path.relative(distDir, file);
      if (!declared.has(path.normalize(rel)))
        errors.push(`plugin.json: nested plugin ${rel} is not declared in includes`);
    }
  }
  const ids = plugins.map((p) => p.id);
  for (const id of new Set(ids))
    if (ids.filter((x) => x === id).length > 1) errors.push(`plugin id ${id} is used more than once`);
  return { errors, plugins };
}

function safeJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const distDir = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'),
  );
  const { errors, plugins } = validatePluginDir(distDir);
  for (const p of plugins) console.log(`${p.type.padEnd(10)} ${p.id.padEnd(32)} ${p.file}`);
  if (errors.length) {
    console.error(`\n${errors.length} problem(s) in ${distDir}:`);
    for (const e of errors) console.error(`  - ${e}`);
    process.exit(1);
  }
  console.log(
    `\nOK: ${plugins.length} plugin(s) in ${path.relative(process.cwd(), distDir) || distDir} are structurally valid`,
  );
}
