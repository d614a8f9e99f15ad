import { parseContentLocation } from './buckets';
import { checkResourcePath } from './resource-path';

/**
 * The resource path a scene's `contentLocation` names: its key, read in the workspace's
 * bucket as TwinMaker's scene loader reads it (`s3://<workspace bucket>/<key>`).
 */
export function sceneDocumentPath(contentLocation: string): string {
  return checkResourcePath(parseContentLocation(contentLocation).key);
}
