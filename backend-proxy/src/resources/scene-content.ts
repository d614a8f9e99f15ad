import { contentLocationInvalid, sceneDocumentInvalid } from '../errors';
import { checkSceneDocument, SceneCheck } from '../model/scenes/check-scene';
import { Store } from '../store/store';
import { bucketOf } from './buckets';
import { ResourceLibrary } from './library';
import { sceneDocumentPath } from './scene-location';
import { parseContentLocation } from './buckets';

interface Services {
  store: Store;
  resources: ResourceLibrary;
}

/**
 * CreateScene/UpdateScene's rule for `contentLocation`: `s3://<the workspace's bucket>/<path>`
 * naming a resource that is a valid scene document.
 */
export async function checkSceneContentLocation(app: Services, workspaceId: string, contentLocation: string) {
  const workspace = await app.store.workspaces.get(workspaceId);
  if (!workspace) return; // the auth hook answered already
  const { bucket } = parseContentLocation(contentLocation);
  const expected = bucketOf(workspace);
  if (bucket !== expected) {
    throw contentLocationInvalid(
      `contentLocation ${contentLocation} names bucket ${bucket}, but workspace ${workspaceId} keeps its resources in bucket ${expected} (its s3Location): use s3://${expected}/<path>`,
    );
  }
  const path = sceneDocumentPath(contentLocation);
  const read = await readScene(app.resources, bucket, path);
  if (read === 'missing') {
    throw contentLocationInvalid(
      `contentLocation ${contentLocation} names resource ${path}, which workspace ${workspaceId} does not hold: upload the scene document to /doppel/workspaces/${workspaceId}/resources/${path} first`,
    );
  }
  if (read === 'too-large' || read === 'not-json') {
    throw sceneDocumentInvalid(path, [
      read === 'too-large' ? 'it is larger than DOPPEL_SCENE_MAX_BYTES' : 'it is not valid JSON',
    ]);
  }
  if (read.errors.length) throw sceneDocumentInvalid(path, read.errors);
}

/**
 * GetScene's `generatedSceneMetadata`: counts read from the scene document (nodes, tags,
 * models, rules, cameras), or undefined while the document is missing or unreadable.
 */
export async function generatedSceneMetadata(
  app: Services,
  workspace: { workspaceId: string; s3Location?: string },
  contentLocation: string,
): Promise<Record<string, string> | undefined> {
  let path: string;
  try {
    path = sceneDocumentPath(contentLocation);
  } catch {
    return undefined;
  }
  const read = await readScene(app.resources, bucketOf(workspace), path);
  if (typeof read === 'string') return undefined;
  const { counts } = read;
  return {
    nodeCount: String(counts.nodes),
    tagCount: String(counts.tags),
    modelCount: String(counts.models),
    ruleCount: String(counts.rules),
    cameraCount: String(counts.cameras),
  };
}

// Scene documents change only through uploads, and each upload changes the ETag: a check is
// cached by (bucket, path, ETag), so GetScene does not parse the document every time.
const checks = new Map<string, SceneCheck>();
const CACHE_SIZE = 64;

async function readScene(
  resources: ResourceLibrary,
  bucket: string,
  path: string,
): Promise<SceneCheck | 'missing' | 'too-large' | 'not-json'> {
  const opened = await resources.store.open(bucket, path);
  if (!opened) return 'missing';
  const key = `${bucket}\n${path}\n${opened.info.etag}`;
  const cached = checks.get(key);
  if (cached) {
    await opened.close();
    return cached;
  }
  if (opened.info.size > resources.limits.sceneMaxBytes) {
    await opened.close();
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream()) chunks.push(chunk as Buffer);
  let doc: unknown;
  try {
    doc = JSON.parse(
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch {
    return 'not-json';
  }
  const check = checkSceneDocument(doc);
  if (checks.size >= CACHE_SIZE) checks.delete(checks.keys().next().value!);
  checks.set(key, check);
  return check;
}
