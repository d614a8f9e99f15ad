import { TwinMakerApi } from './api-client';
import { readTwinMakerExport } from './import-twinmaker';
import { loadValues } from './load-values';
import { provisionWorkspace, ProvisionResult } from './provision';

export interface ImportResult extends ProvisionResult {
  points: { accepted: number; rejected: number; unmatchedRows: number };
}

/** import-twinmaker: read the files, provision them as a workspace, then load the telemetry. */
export async function importTwinMaker(
  api: TwinMakerApi,
  paths: string[],
  workspaceId: string,
  options: { builtinValues?: boolean; dryRun?: boolean; tty?: boolean; log?: (line: string) => void } = {},
): Promise<ImportResult> {
  const log = options.log ?? (() => undefined);
  const read = readTwinMakerExport(paths, workspaceId, { builtinValues: options.builtinValues });
  const { desired } = read;
  log(
    `${workspaceId}: read ${desired.componentTypes.size} component types, ${desired.entities.size} entities, ${desired.scenes.size} scenes, ${read.points.length} telemetry points from ${read.read.length} files`,
  );
  for (const skipped of read.skipped) log(`${workspaceId}: skipped ${skipped}`);
  const result = await provisionWorkspace(api, desired, { dryRun: options.dryRun, log });
  let points = { accepted: 0, rejected: 0, unmatchedRows: read.unmatchedRows };
  if (read.points.length && !options.dryRun) {
    const loaded = await loadValues(api, workspaceId, read.points, { tty: options.tty });
    points = { ...loaded, unmatchedRows: read.unmatchedRows };
    log(
      `${workspaceId}: values: ${loaded.accepted} stored, ${loaded.rejected} refused${loaded.errors.length ? ` (${loaded.errors.join('; ')})` : ''}`,
    );
  }
  if (read.unmatchedRows)
    log(`${workspaceId}: ${read.unmatchedRows} telemetry rows name no entity's external id and measure`);
  return { ...result, points };
}
