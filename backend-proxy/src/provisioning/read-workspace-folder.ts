import { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import fs from 'node:fs';
import path from 'node:path';
import { sharedSchemas } from '../api/common';
import { DesiredWorkspace, emptyWorkspace } from './desired-workspace';
import { ComponentTypeFile, EntityNode, SceneFile, WorkspaceFile } from './file-schemas';
import { ProvisionError, SourceFile } from './source-file';

const DATA_FILE = /\.(ya?ml|json)$/;

/**
 * Reads provisioning/workspaces/<workspaceId>/ into the workspace it describes. Every file is
 * checked against its schema; the first problem throws a ProvisionError naming file, line,
 * column and field. Nothing is sent anywhere.
 */
export function readWorkspaceFolder(dir: string): DesiredWorkspace {
  const root = path.dirname(path.resolve(dir));
  const desired = emptyWorkspace(path.basename(path.resolve(dir)));
  const workspaceFile = ['workspace.yaml', 'workspace.yml', 'workspace.json']
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
  if (workspaceFile) {
    const file = SourceFile.read(workspaceFile, root);
    desired.workspace = checked(file, WorkspaceFile, file.value ?? {}, []) as WorkspaceFile;
  }

  for (const f of dataFiles(path.join(dir, 'component-types'))) {
    const file = SourceFile.read(f, root);
    const { componentTypeId, ...body } = checked(file, ComponentTypeFile, file.value, []) as ComponentTypeFile;
    const seen = desired.componentTypes.get(componentTypeId);
    if (seen)
      throw file.error(
        ['componentTypeId'],
        'componentTypeId',
        `${componentTypeId} is also defined in ${seen.origin?.file.name}`,
      );
    desired.componentTypes.set(componentTypeId, { componentTypeId, body, origin: { file, at: [] } });
  }

  for (const f of dataFiles(path.join(dir, 'entities'))) {
    const file = SourceFile.read(f, root);
    // one entity or a list: each checked on its own, so errors point into the entity
    const list = Array.isArray(file.value);
    const roots = (list ? (file.value as unknown[]) : [file.value]).map(
      (node, i) => checked(file, EntityNode, node, list ? [i] : []) as EntityNode,
    );
    roots.forEach((node, i) => addEntity(desired, file, node, list ? [i] : [], undefined));
  }

  const scenesDir = path.join(dir, 'scenes');
  for (const f of dataFiles(scenesDir).filter((f) => f.endsWith('.json'))) {
    const sceneId = path.basename(f, '.json');
    const metaFile = ['.yaml', '.yml'].map((e) => path.join(scenesDir, sceneId + e)).find((m) => fs.existsSync(m));
    const document = fs.readFileSync(f);
    const docFile = SourceFile.read(f, root); // the document must at least be JSON
    let meta: SceneFile = {};
    let origin = { file: docFile, at: [] as (string | number)[] };
    if (metaFile) {
      const file = SourceFile.read(metaFile, root);
      meta = checked(file, SceneFile, file.value ?? {}, []) as SceneFile;
      origin = { file, at: [] };
    }
    desired.scenes.set(sceneId, { sceneId, document, meta, origin });
  }
  for (const f of dataFiles(scenesDir).filter((f) => !f.endsWith('.json'))) {
    if (!fs.existsSync(f.replace(/\.ya?ml$/, '.json'))) {
      throw new ProvisionError(
        `${path.relative(root, f)}:1:1 scene metadata without its document ${path.basename(f).replace(/\.ya?ml$/, '.json')}`,
      );
    }
  }

  const resourcesDir = path.join(dir, 'resources');
  for (const f of allFiles(resourcesDir)) {
    desired.resources.set(path.relative(resourcesDir, f).split(path.sep).join('/'), fs.readFileSync(f));
  }
  return desired;
}

function addEntity(
  desired: DesiredWorkspace,
  file: SourceFile,
  node: EntityNode,
  at: (string | number)[],
  parentEntityId: string | undefined,
) {
  const { children, ...body } = node;
  if (parentEntityId !== undefined && body.parentEntityId !== undefined && body.parentEntityId !== parentEntityId) {
    throw file.error(
      [...at, 'parentEntityId'],
      'parentEntityId',
      `${body.parentEntityId} contradicts the entity this one is nested under (${parentEntityId}): drop parentEntityId`,
    );
  }
  const seen = desired.entities.get(body.entityId);
  if (seen) {
    throw file.error(
      [...at, 'entityId'],
      'entityId',
      `${body.entityId} is also defined at ${seen.origin?.file.where(seen.origin.at)}`,
    );
  }
  desired.entities.set(body.entityId, {
    body: { ...body, parentEntityId: parentEntityId ?? body.parentEntityId ?? '$ROOT' },
    origin: { file, at },
  });
  (children ?? []).forEach((child, i) => addEntity(desired, file, child, [...at, 'children', i], body.entityId));
}

/** The value when it matches the schema; else the first problem, at its position. */
function checked(file: SourceFile, schema: TSchema, value: unknown, at: (string | number)[]): unknown {
  const first = bestError(schema, value);
  if (!first) return value;
  const segments = first.path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const fieldPath = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const field = segments.join('.');
  return failAt(file, [...at, ...fieldPath], field, `${first.message}${describeValue(first.value)}`);
}

const compiled = new Map<TSchema, ReturnType<typeof TypeCompiler.Compile>>();

/** TypeBox's most specific error (unions report themselves first, their members after); a compiled check first, as most files are fine. */
function bestError(schema: TSchema, value: unknown) {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = TypeCompiler.Compile(schema, sharedSchemas)));
  if (check.Check(value)) return undefined;
  const errors = [...Value.Errors(schema, sharedSchemas, value)];
  if (errors.length === 0) return undefined;
  return errors.reduce((best, e) => (e.path.length > best.path.length ? e : best), errors[0]);
}

function failAt(file: SourceFile, at: (string | number)[], field: string, message: string): never {
  throw file.error(at, field, message);
}

function describeValue(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 60 ? '' : `, got ${text}`;
}

function dataFiles(dir: string): string[] {
  return allFiles(dir).filter((f) => DATA_FILE.test(f));
}

function allFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .sort();
}
