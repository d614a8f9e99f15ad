import fs from 'node:fs';
import path from 'node:path';
import { TwinMakerApi } from './api-client';
import { applyPlan } from './apply-plan';
import { readCurrentWorkspace } from './current-workspace';
import { DesiredWorkspace } from './desired-workspace';
import { Action, actionsOf, Plan, planWorkspace } from './plan';
import { readWorkspaceFolder } from './read-workspace-folder';
import { ProvisionError } from './source-file';

export interface ProvisionOptions {
  dryRun?: boolean;
  prune?: boolean;
  /** calls in flight at once (default 4) */
  concurrency?: number;
  /** one line per phase (and what changes, on --dry-run) */
  log?: (line: string) => void;
}

export interface ProvisionResult {
  workspaceId: string;
  plan: Plan;
  /** counts of what changed (or would change, on a dry run) */
  counts: Record<string, number>;
  applied: boolean;
}

/**
 * The workspace folders of DIR: DIR itself when it holds a workspace.yaml (or component-types/,
 * entities/), else its workspaces/ (provisioning/) or its subfolders (provisioning/workspaces/).
 */
export function workspaceFolders(dir: string, only?: string): string[] {
  const isWorkspace = (d: string) =>
    ['workspace.yaml', 'workspace.yml', 'workspace.json', 'component-types', 'entities'].some((f) =>
      fs.existsSync(path.join(d, f)),
    );
  if (!fs.existsSync(dir)) throw new ProvisionError(`${dir}: no such folder`);
  let folders: string[];
  if (isWorkspace(dir)) folders = [dir];
  else {
    const base = fs.existsSync(path.join(dir, 'workspaces')) ? path.join(dir, 'workspaces') : dir;
    folders = fs
      .readdirSync(base, { withFileTypes: true })
      .filter((d) => d.isDirectory() && isWorkspace(path.join(base, d.name)))
      .map((d) => path.join(base, d.name))
      .sort();
  }
  if (only) folders = folders.filter((f) => path.basename(f) === only);
  if (!folders.length)
    throw new ProvisionError(
      `${dir}: no workspace folder${only ? ` named ${only}` : ''} (one holds workspace.yaml, component-types/ or entities/)`,
    );
  return folders;
}

/** Provisions every workspace under DIR, one after the other; each is all-or-nothing on its files. */
export async function provisionFolder(
  api: TwinMakerApi,
  dir: string,
  options: ProvisionOptions & { workspace?: string } = {},
): Promise<ProvisionResult[]> {
  const log = options.log ?? (() => undefined);
  // every folder is read and checked before anything is sent
  const desired = workspaceFolders(dir, options.workspace).map((folder) => {
    const started = Date.now();
    const workspace = readWorkspaceFolder(folder);
    log(
      `${workspace.workspaceId}: read ${workspace.componentTypes.size} component types, ${workspace.entities.size} entities, ${workspace.scenes.size} scenes, ${workspace.resources.size} resources (${Date.now() - started} ms)`,
    );
    return workspace;
  });
  const results: ProvisionResult[] = [];
  for (const workspace of desired) results.push(await provisionWorkspace(api, workspace, options));
  return results;
}

/** Compares one workspace with the API, checks and plans every change, then applies it (unless a dry run). */
export async function provisionWorkspace(
  api: TwinMakerApi,
  desired: DesiredWorkspace,
  options: ProvisionOptions = {},
): Promise<ProvisionResult> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 4;
  const id = desired.workspaceId;
  let started = Date.now();
  const current = await readCurrentWorkspace(api, id, { concurrency, resources: true });
  log(
    `${id}: the workspace holds ${current.workspace ? `${current.componentTypes.size} component types (built-in included), ${current.entities.size} entities, ${current.scenes.size} scenes, ${current.resources.size} resources` : 'nothing yet'} (${Date.now() - started} ms)`,
  );
  const plan = planWorkspace(desired, current, { prune: options.prune ?? false });
  const actions = actionsOf(plan);
  const counts = countsOf(actions);
  if (!actions.length) {
    log(`${id}: no change: the workspace matches the files`);
    return { workspaceId: id, plan, counts, applied: false };
  }
  log(`${id}: plan: ${summary(counts)}`);
  if (options.dryRun) {
    for (const action of actions)
      log(`  ${action.kind} ${action.resource} ${action.id}${action.detail ? ` (${action.detail})` : ''}`);
    log(`${id}: dry run: nothing changed`);
    return { workspaceId: id, plan, counts, applied: false };
  }
  let phaseStarted = Date.now();
  let lastLine = Date.now();
  await applyPlan(api, plan, {
    concurrency,
    progress: (phase, done, total) => {
      const now = Date.now();
      if (done === total) {
        log(`${id}: ${phase}: ${done}/${total} done (${now - phaseStarted} ms)`);
        phaseStarted = now;
      } else if (now - lastLine > 5000) {
        lastLine = now;
        log(`${id}: ${phase}: ${done}/${total}…`);
      }
    },
  });
  log(`${id}: applied ${summary(counts)} in ${Date.now() - started} ms`);
  started = Date.now();
  return { workspaceId: id, plan, counts, applied: true };
}

function countsOf(actions: Action[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of actions) {
    if (a.detail === 'relationships' && a.kind === 'update') continue; // the second half of a create
    const key = `${a.kind} ${a.resource}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function summary(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${n} × ${k}`)
    .join(', ');
}
