import fs from 'node:fs';
import path from 'node:path';
import { TestService } from './harness';

/** The TwinMaker sample scenes (their GLBs are not in the fixtures). */
export const SAMPLES = path.join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'twinmaker-samples');

export const sampleScene = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

/** The smallest valid scene document. */
export const EMPTY_SCENE = JSON.stringify({ specVersion: '1.0', version: '1', nodes: [], rootNodeIndexes: [] });

/**
 * Uploads a scene document to a workspace's resources (as CreateScene requires) and answers
 * the `contentLocation` that names it.
 */
export async function placeSceneDocument(
  t: TestService,
  workspaceId: string,
  resourcePath: string,
  document = EMPTY_SCENE,
): Promise<string> {
  const res = await fetch(`${t.url}/doppel/workspaces/${workspaceId}/resources/${resourcePath}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${t.admin.accessKeyId}:${t.admin.secretAccessKey}`,
      'content-type': 'application/json',
    },
    body: document,
  });
  if (!res.ok) throw new Error(`upload of ${resourcePath} failed: ${res.status} ${await res.text()}`);
  const workspace = (await t.call('GET', `/workspaces/${workspaceId}`)).body as { s3Location: string };
  return `s3://${workspace.s3Location.replace(/^arn:aws:s3:::/, '')}/${resourcePath}`;
}
