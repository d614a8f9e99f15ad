import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ResolvedComponentType } from '../model/types';
import { TwinMakerApi } from './api-client';
import { componentTypeRequestOf, entityBodyOf, resolvedOfResponse } from './canonical';
import { isManagedType, readCurrentWorkspace } from './current-workspace';
import { bucketOf, sceneDocumentPath } from './plan';

type Json = Record<string, any>;

export interface ExportResult {
  dir: string;
  componentTypes: number;
  entities: number;
  scenes: number;
  resources: number;
  /** value series written as CSV (--values) */
  series: number;
}

/**
 * Writes a workspace as the files `provision` reads (DIR/<workspaceId>/): workspace.yaml,
 * component-types/<id>.yaml, entities/<root id>.yaml (each root with its subtree nested),
 * scenes/<id>.json (+ .yaml), resources/**, and with `values` values/<entity>/<component>/<property>.csv.
 * Output is deterministic (sorted ids and keys), so exporting twice gives identical files.
 */
export async function exportWorkspace(
  api: TwinMakerApi,
  workspaceId: string,
  dir: string,
  options: { values?: boolean; concurrency?: number; log?: (line: string) => void } = {},
): Promise<ExportResult> {
  const log = options.log ?? (() => undefined);
  const current = await readCurrentWorkspace(api, workspaceId, {
    concurrency: options.concurrency ?? 4,
    resources: true,
  });
  if (!current.workspace) throw new Error(`no workspace ${workspaceId} at this endpoint (or the key may not see it)`);
  const out = path.join(dir, workspaceId);
  if (fs.existsSync(out) && fs.readdirSync(out).length)
    throw new Error(`${out} is not empty: export into a new folder`);
  const write = (file: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    fs.writeFileSync(path.join(out, file), content);
  };
  const yaml = (value: unknown) => YAML.stringify(sortKeys(value), { lineWidth: 0 });

  const ws = current.workspace;
  const bucket = bucketOf(workspaceId, ws.s3Location);
  write(
    'workspace.yaml',
    yaml({
      ...(ws.description && { description: ws.description }),
      ...(ws.s3Location && bucket !== `doppel-${workspaceId.toLowerCase()}` && { s3Location: ws.s3Location }),
      ...(ws.role && { role: ws.role }),
      ...(Object.keys(current.tags).length && { tags: current.tags }),
    }),
  );

  const resolved = new Map<string, ResolvedComponentType>(
    [...current.componentTypes].map(([id, r]) => [id, resolvedOfResponse(r)]),
  );
  const managed = [...current.componentTypes.keys()].filter(isManagedType).sort();
  for (const id of managed) {
    const r = current.componentTypes.get(id)!;
    const parents = (r.extendsFrom ?? [])
      .map((p: string) => resolved.get(p))
      .filter(Boolean) as ResolvedComponentType[];
    write(`component-types/${id}.yaml`, yaml({ componentTypeId: id, ...componentTypeRequestOf(r, parents) }));
  }

  const children = new Map<string, string[]>();
  for (const [id, e] of current.entities) {
    const parent = e.parentEntityId ?? '$ROOT';
    children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  const nodeOf = (id: string): Json => {
    const kids = (children.get(id) ?? []).sort();
    return { ...entityBodyOf(current.entities.get(id)!, resolved), ...(kids.length && { children: kids.map(nodeOf) }) };
  };
  for (const rootId of (children.get('$ROOT') ?? []).sort())
    write(`entities/${safeFileName(rootId)}.yaml`, yaml(nodeOf(rootId)));

  const sceneDocuments = new Set<string>();
  for (const id of [...current.scenes.keys()].sort()) {
    const scene = current.scenes.get(id)!;
    const document = await api.raw(
      'GET',
      `/doppel/workspaces/${encodeURIComponent(workspaceId)}/scenes/${encodeURIComponent(id)}/document`,
    );
    if (document.status !== 200)
      throw new Error(`scene ${id}: its document ${scene.contentLocation} cannot be read (${document.status})`);
    write(`scenes/${id}.json`, document.body);
    const prefix = `s3://${bucket}/`;
    if (scene.contentLocation.startsWith(prefix)) sceneDocuments.add(scene.contentLocation.slice(prefix.length));
    sceneDocuments.add(sceneDocumentPath(id));
    const meta = {
      ...(scene.description && { description: scene.description }),
      ...(scene.capabilities?.length && { capabilities: scene.capabilities }),
      ...(scene.sceneMetadata && Object.keys(scene.sceneMetadata).length && { sceneMetadata: scene.sceneMetadata }),
    };
    if (Object.keys(meta).length) write(`scenes/${id}.yaml`, yaml(meta));
  }

  let resources = 0;
  for (const p of [...current.resources.keys()].sort()) {
    if (sceneDocuments.has(p)) continue;
    const res = await api.raw(
      'GET',
      `/doppel/workspaces/${encodeURIComponent(workspaceId)}/resources/${p.split('/').map(encodeURIComponent).join('/')}`,
    );
    if (res.status !== 200) throw new Error(`resource ${p} cannot be read (${res.status})`);
    write(`resources/${p}`, res.body);
    resources++;
  }

  const series = options.values ? await exportValues(api, workspaceId, current.entities, write) : 0;
  const result = {
    dir: out,
    componentTypes: managed.length,
    entities: current.entities.size,
    scenes: current.scenes.size,
    resources,
    series,
  };
  log(
    `${workspaceId}: exported ${result.componentTypes} component types, ${result.entities} entities, ${result.scenes} scenes, ${resources} resources${options.values ? `, ${series} value series` : ''} to ${out}`,
  );
  return result;
}

/** values/<entityId>/<componentName>/<propertyName>.csv: `time,value` (ISO time; a scalar as it is, lists and maps as JSON). */
async function exportValues(
  api: TwinMakerApi,
  workspaceId: string,
  entities: Map<string, Json>,
  write: (f: string, c: string) => void,
): Promise<number> {
  let series = 0;
  for (const entityId of [...entities.keys()].sort()) {
    for (const [componentName, c] of Object.entries<Json>(entities.get(entityId)!.components ?? {})) {
      for (const [propertyName, p] of Object.entries<Json>(c.properties ?? {})) {
        if (!p.definition?.isTimeSeries || p.definition.isStoredExternally) continue;
        const rows: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await api.json(
            'GetPropertyValueHistory',
            'POST',
            `/workspaces/${encodeURIComponent(workspaceId)}/entity-properties/history`,
            {
              entityId,
              componentName,
              selectedProperties: [propertyName],
              startTime: '1970-01-01T00:00:00Z',
              endTime: '2100-01-01T00:00:00Z',
              orderByTime: 'ASCENDING',
              maxResults: 10000,
              ...(nextToken && { nextToken }),
            },
          );
          for (const v of page.propertyValues?.[0]?.values ?? []) rows.push(`${v.time},${csvField(csvValue(v.value))}`);
          nextToken = page.nextToken;
        } while (nextToken);
        if (!rows.length) continue;
        write(
          `values/${safeFileName(entityId)}/${componentName}/${propertyName}.csv`,
          `time,value\n${rows.join('\n')}\n`,
        );
        series++;
      }
    }
  }
  return series;
}

function csvValue(value: Json): string {
  const scalar = ['stringValue', 'doubleValue', 'integerValue', 'longValue', 'booleanValue'].find(
    (k) => value[k] !== undefined,
  );
  return scalar ? String(value[scalar]) : JSON.stringify(value);
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Entity ids may hold `:`, which some file systems refuse. */
const safeFileName = (id: string) => id.replace(/[^\w.-]/g, '_');

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const order = ['componentTypeId', 'entityId', 'entityName', 'description'];
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : k === 'children' ? 99 : 50);
    return Object.fromEntries(
      Object.entries(value as Json)
        .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
