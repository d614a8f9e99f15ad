import fs from 'node:fs';
import path from 'node:path';
import { ComponentTypeRequest } from '../api/component-types';
import { DataType, DataValue } from '../api/common';
import { builtInComponentTypes } from '../model/component-types/built-ins';
import { DesiredWorkspace, emptyWorkspace } from './desired-workspace';
import { ProvisionError, SourceFile } from './source-file';

type Json = Record<string, any>;

/** One telemetry row turned into a point of the bulk value route. */
export interface TelemetryPoint {
  entityId: string;
  componentName: string;
  propertyName: string;
  time: string;
  value: DataValue;
}

export interface TwinMakerImport {
  desired: DesiredWorkspace;
  points: TelemetryPoint[];
  /** files read, and files skipped because they hold nothing the API knows (tmdt.json …) */
  read: string[];
  skipped: string[];
  /** telemetry rows whose asset id or measure matched no entity property */
  unmatchedRows: number;
}

const ENTITY_MEMBERS = ['entityId', 'entityName', 'description', 'components', 'parentEntityId', 'tags'];
const COMPONENT_MEMBERS = ['componentTypeId', 'description', 'properties'];
const PROPERTY_MEMBERS = ['definition', 'value'];
const DEFINITION_FLAGS_READ_ONLY = ['isInherited', 'isFinal', 'isImported'];

/**
 * Reads what AWS tools and the TwinMaker samples hold — component types as GetComponentType or
 * CreateComponentType JSON, entities as an array or `{entities: […]}`, scene documents, and
 * telemetry CSV (`epochMillis,assetType,assetId,measure,value,valueType`) — into the workspace
 * provision applies. `builtinValues` turns Lambda-backed readers into the built-in store and
 * joins the CSV's asset ids to the entities' external-id properties.
 */
export function readTwinMakerExport(
  paths: string[],
  workspaceId: string,
  options: { builtinValues?: boolean } = {},
): TwinMakerImport {
  const desired = emptyWorkspace(workspaceId);
  desired.workspace = { description: `Imported from ${paths.map((p) => path.basename(path.resolve(p))).join(', ')}` };
  const result: TwinMakerImport = { desired, points: [], read: [], skipped: [], unmatchedRows: 0 };
  const csvFiles: string[] = [];
  for (const given of paths) {
    const root = fs.statSync(given).isDirectory() ? path.resolve(given) : path.dirname(path.resolve(given));
    for (const file of filesUnder(given)) {
      if (file.endsWith('.csv')) {
        csvFiles.push(file);
        continue;
      }
      if (!file.endsWith('.json')) continue;
      const source = SourceFile.read(file, path.dirname(root));
      const value = source.value as Json;
      if (value && !Array.isArray(value) && value.specVersion && Array.isArray(value.nodes)) {
        desired.scenes.set(path.basename(file, '.json'), {
          sceneId: path.basename(file, '.json'),
          document: fs.readFileSync(file),
          meta: {},
          origin: { file: source, at: [] },
        });
      } else if (value && !Array.isArray(value) && typeof value.componentTypeId === 'string') {
        const note = addComponentType(desired, source, value, options.builtinValues ?? false);
        if (note === 'ignored') {
          result.skipped.push(
            `${source.name} (another copy of ${value.componentTypeId}; component_types/ holds the type)`,
          );
          continue;
        }
        if (note)
          result.skipped.push(`${note} (another copy of ${value.componentTypeId}; component_types/ holds the type)`);
      } else if (Array.isArray(value) || Array.isArray(value?.entities)) {
        const list: Json[] = Array.isArray(value) ? value : value.entities;
        list.forEach((e, i) => addEntity(desired, source, e, Array.isArray(value) ? [i] : ['entities', i]));
      } else {
        result.skipped.push(source.name);
        continue;
      }
      result.read.push(source.name);
    }
  }
  if (csvFiles.length && options.builtinValues) {
    const join = telemetryJoin(desired);
    for (const file of csvFiles) {
      result.read.push(path.basename(file));
      readTelemetry(file, join, result);
    }
  } else result.skipped.push(...csvFiles.map((f) => `${path.basename(f)} (telemetry: loaded with --builtin-values)`));
  return result;
}

/** Adds a type; says when a different copy of it was ignored or replaced. */
function addComponentType(
  desired: DesiredWorkspace,
  file: SourceFile,
  value: Json,
  builtinValues: boolean,
): string | undefined {
  const id = value.componentTypeId as string;
  const propertyDefinitions: Json = {};
  for (const [name, def] of Object.entries<Json>(value.propertyDefinitions ?? {})) {
    const own = omit(def, DEFINITION_FLAGS_READ_ONLY);
    // an inherited member is the parent's; only what the child overrides (its default) is its own
    if (def.isInherited) {
      if (def.defaultValue) propertyDefinitions[name] = { defaultValue: def.defaultValue };
      continue;
    }
    propertyDefinitions[name] = own;
  }
  const functions: Json = {};
  for (const [name, fn] of Object.entries<Json>(value.functions ?? {})) {
    if (fn.isInherited) continue;
    const { implementedBy, ...rest } = omit(fn, ['isInherited']);
    const lambda = implementedBy?.lambda;
    functions[name] = {
      ...rest,
      ...(implementedBy && {
        implementedBy: lambda && builtinValues ? { isNative: true } : omit(implementedBy, lambda ? ['isNative'] : []),
      }),
    };
  }
  const body: ComponentTypeRequest = {
    ...(value.description && { description: value.description }),
    ...(value.componentTypeName && { componentTypeName: value.componentTypeName }),
    ...(value.isSingleton !== undefined && { isSingleton: value.isSingleton }),
    ...(value.extendsFrom?.length && { extendsFrom: value.extendsFrom }),
    ...(Object.keys(propertyDefinitions).length && { propertyDefinitions }),
    ...(Object.keys(functions).length && { functions }),
    ...(value.propertyGroups && {
      propertyGroups: Object.fromEntries(
        Object.entries<Json>(value.propertyGroups)
          .filter(([, g]) => !g.isInherited)
          .map(([k, g]) => [k, omit(g, ['isInherited'])]),
      ),
    }),
  };
  for (const [name, fn] of Object.entries<Json>(functions)) {
    const arn = fn.implementedBy?.lambda?.arn;
    if (arn !== undefined && !/^arn:/.test(arn)) {
      throw file.error(
        ['functions', name, 'implementedBy', 'lambda', 'arn'],
        `functions.${name}.implementedBy.lambda.arn`,
        `${JSON.stringify(arn)} is a placeholder, not a Lambda ARN: fill it in, or import with --builtin-values to keep the values in Doppel's store`,
      );
    }
  }
  const seen = desired.componentTypes.get(id);
  if (seen && JSON.stringify(seen.body) !== JSON.stringify(body)) {
    // a sample may ship a second, different copy elsewhere (cookiefactory-v3's 3d_models/):
    // the one in the export's component_types/ folder is the type; two elsewhere are ambiguous
    const inTypesFolder = (f: SourceFile) => /(^|\/)component[_-]types\//.test(f.name);
    if (inTypesFolder(file) === inTypesFolder(seen.origin!.file)) {
      throw file.error(
        ['componentTypeId'],
        'componentTypeId',
        `${id} is also defined, differently, in ${seen.origin?.file.name}: keep one`,
      );
    }
    if (!inTypesFolder(file)) return 'ignored';
    desired.componentTypes.set(id, { componentTypeId: id, body, origin: { file, at: [] } });
    return `replaced ${seen.origin!.file.name}`;
  }
  if (!seen) desired.componentTypes.set(id, { componentTypeId: id, body, origin: { file, at: [] } });
  return undefined;
}

function addEntity(desired: DesiredWorkspace, file: SourceFile, value: Json, at: (string | number)[]) {
  if (typeof value?.entityId !== 'string') throw file.error([...at], '', 'an entity needs an entityId');
  const body = pick(value, ENTITY_MEMBERS) as Json;
  if (body.components) {
    body.components = Object.fromEntries(
      Object.entries<Json>(body.components).map(([name, c]) => {
        const component = pick(c, COMPONENT_MEMBERS) as Json;
        if (component.properties) {
          component.properties = Object.fromEntries(
            Object.entries<Json>(component.properties).map(([p, prop]) => {
              const property = pick(prop, PROPERTY_MEMBERS) as Json;
              if (property.definition) property.definition = omit(property.definition, DEFINITION_FLAGS_READ_ONLY);
              return [p, property];
            }),
          );
        }
        return [name, component];
      }),
    );
  }
  if (desired.entities.has(body.entityId))
    throw file.error([...at, 'entityId'], 'entityId', `${body.entityId} appears twice`);
  desired.entities.set(body.entityId, {
    body: { ...body, parentEntityId: body.parentEntityId ?? '$ROOT' } as any,
    origin: { file, at },
  });
}

interface TelemetryJoin {
  /** external id value → the components that carry it */
  byAssetId: Map<string, { entityId: string; componentName: string; componentTypeId: string }[]>;
  /** component type → its properties' data types (inheritance and built-ins included) */
  propertiesOf: (componentTypeId: string) => Record<string, DataType>;
}

function telemetryJoin(desired: DesiredWorkspace): TelemetryJoin {
  const typeOf = (id: string): ComponentTypeRequest | undefined =>
    desired.componentTypes.get(id)?.body ?? builtInComponentTypes[id];
  const cache = new Map<string, Record<string, Json>>();
  const definitionsOf = (id: string): Record<string, Json> => {
    if (cache.has(id)) return cache.get(id)!;
    const type = typeOf(id);
    const merged: Record<string, Json> = {};
    for (const parent of type?.extendsFrom ?? []) {
      for (const [k, v] of Object.entries(definitionsOf(parent))) merged[k] = { ...v };
    }
    for (const [k, v] of Object.entries<Json>(type?.propertyDefinitions ?? {})) merged[k] = { ...merged[k], ...v };
    cache.set(id, merged);
    return merged;
  };
  const byAssetId: TelemetryJoin['byAssetId'] = new Map();
  for (const { body } of desired.entities.values()) {
    for (const [componentName, c] of Object.entries(body.components ?? {})) {
      const defs = definitionsOf(c.componentTypeId!);
      for (const [p, prop] of Object.entries(c.properties ?? {})) {
        const external = defs[p]?.isExternalId;
        const id = prop.value?.stringValue;
        if (!external || id === undefined) continue;
        const list = byAssetId.get(id) ?? [];
        if (!list.some((x) => x.componentName === componentName && x.entityId === body.entityId))
          list.push({ entityId: body.entityId, componentName, componentTypeId: c.componentTypeId! });
        byAssetId.set(id, list);
      }
    }
  }
  const propertiesOf = (id: string) =>
    Object.fromEntries(
      Object.entries(definitionsOf(id))
        .filter(([, d]) => d.isTimeSeries && d.dataType)
        .map(([k, d]) => [k, d.dataType as DataType]),
    );
  return { byAssetId, propertiesOf };
}

function readTelemetry(file: string, join: TelemetryJoin, result: TwinMakerImport) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const [epochMillis, , assetId, measure, measureValue] = line.split(',');
    const millis = Number(epochMillis);
    if (!Number.isFinite(millis)) {
      if (i === 0) return; // a header row
      throw new ProvisionError(
        `${path.basename(file)}:${i + 1}:1 epochMillis: ${JSON.stringify(epochMillis)} is not a time in milliseconds`,
      );
    }
    const target = (join.byAssetId.get(assetId) ?? []).find((c) => join.propertiesOf(c.componentTypeId)[measure]);
    if (!target) {
      result.unmatchedRows++;
      return;
    }
    const value = dataValueOf(join.propertiesOf(target.componentTypeId)[measure], measureValue);
    if (!value)
      throw new ProvisionError(
        `${path.basename(file)}:${i + 1}:5 measure_value: ${JSON.stringify(measureValue)} is not a ${join.propertiesOf(target.componentTypeId)[measure].type}`,
      );
    result.points.push({
      entityId: target.entityId,
      componentName: target.componentName,
      propertyName: measure,
      time: new Date(millis).toISOString(),
      value,
    });
  });
}

function dataValueOf(dataType: DataType, text: string): DataValue | undefined {
  switch (dataType.type) {
    case 'DOUBLE':
      return Number.isFinite(Number(text)) ? { doubleValue: Number(text) } : undefined;
    case 'INTEGER':
      return Number.isInteger(Number(text)) ? { integerValue: Number(text) } : undefined;
    case 'LONG':
      return Number.isInteger(Number(text)) ? { longValue: Number(text) } : undefined;
    case 'BOOLEAN':
      return text === 'true' || text === 'false' ? { booleanValue: text === 'true' } : undefined;
    case 'STRING':
      return { stringValue: text };
    default:
      return undefined;
  }
}

function filesUnder(p: string): string[] {
  if (!fs.statSync(p).isDirectory()) return [path.resolve(p)];
  return fs
    .readdirSync(p, { recursive: true, encoding: 'utf8' })
    .map((f) => path.resolve(p, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}

function pick(value: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([k]) => keys.includes(k)));
}

function omit(value: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([k]) => !keys.includes(k)));
}
