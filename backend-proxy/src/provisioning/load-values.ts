import { SingleBar } from 'cli-progress';
import { TwinMakerApi } from './api-client';
import { TelemetryPoint } from './import-twinmaker';

/** Points per bulk request: well under the route's 64 MB. */
const CHUNK = 20_000;

/**
 * Stores points through the service's bulk value route (NDJSON), a chunk a request. Refused
 * points are counted and the first reasons kept; a progress bar on a TTY.
 */
export async function loadValues(
  api: TwinMakerApi,
  workspaceId: string,
  points: TelemetryPoint[],
  options: { tty?: boolean } = {},
): Promise<{ accepted: number; rejected: number; errors: string[] }> {
  const bar = options.tty ? new SingleBar({ format: 'values [{bar}] {value}/{total} points' }) : undefined;
  bar?.start(points.length, 0);
  let accepted = 0;
  let rejected = 0;
  const errors: string[] = [];
  try {
    for (let i = 0; i < points.length; i += CHUNK) {
      const chunk = points.slice(i, i + CHUNK);
      const body = Buffer.from(chunk.map((p) => JSON.stringify(p)).join('\n'));
      const res = await api.raw('POST', `/doppel/workspaces/${encodeURIComponent(workspaceId)}/values:bulk`, body, {
        'content-type': 'application/x-ndjson',
      });
      if (res.status !== 200) throw new Error(`BulkPutValues: ${res.status} ${res.body.toString('utf8')}`);
      const answer = JSON.parse(res.body.toString('utf8')) as {
        accepted: number;
        rejected: number;
        errors: { index: number; errorMessage: string }[];
      };
      accepted += answer.accepted;
      rejected += answer.rejected;
      for (const e of answer.errors.slice(0, 5 - errors.length)) errors.push(`point ${i + e.index}: ${e.errorMessage}`);
      bar?.update(i + chunk.length);
    }
  } finally {
    bar?.stop();
  }
  return { accepted, rejected, errors };
}
