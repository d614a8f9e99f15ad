import { contentTypeMismatch } from '../errors';
import { SCENE_CONTENT_TYPE } from './content-types';

/** What an upload is checked as. */
export type UploadKind = 'glb' | 'gltf' | 'scene' | 'json' | 'other';

const kindOfExtension: Record<string, UploadKind> = { glb: 'glb', gltf: 'gltf', json: 'json' };
const kindOfType: Record<string, UploadKind> = {
  'model/gltf-binary': 'glb',
  'model/gltf+json': 'gltf',
  [SCENE_CONTENT_TYPE]: 'scene',
  'application/json': 'json',
};

/**
 * Decides how an upload is checked, by its content type or its extension. A content type of
 * one of these kinds that contradicts the extension is refused (a `.glb` sent as a scene);
 * a scene document may have any JSON name, and a glTF may be sent as JSON.
 */
export function uploadKind(path: string, contentType: string | undefined): UploadKind {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const byExtension = kindOfExtension[extension];
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const byType = kindOfType[essence];
  if (!byType) return byExtension ?? 'other';
  if (!byExtension || byType === byExtension) return byType;
  if (byExtension === 'json' && byType === 'scene') return 'scene';
  if (byExtension === 'gltf' && byType === 'json') return 'gltf';
  throw contentTypeMismatch(path, essence, extension);
}
