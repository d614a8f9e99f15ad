import fsp from 'node:fs/promises';
import { resourceInvalid, sceneDocumentInvalid, sceneDocumentTooLarge } from '../errors';
import { checkSceneDocument, looksLikeSceneDocument, SceneCheck } from '../model/scenes/check-scene';
import { checkGltf, ExternalFiles } from './check-gltf';
import { resolveRelative } from './resource-path';
import { UploadKind } from './upload-kind';

export interface UploadLimits {
  /** JSON larger than this is not parsed: refused when declared a scene, else stored unchecked */
  sceneMaxBytes: number;
  /** models larger than this get only a header check (the validator holds the whole file) */
  gltfValidateMaxBytes: number;
}

/** The bucket an upload goes to, as the checks see it. */
export interface UploadContext extends ExternalFiles {
  exists(path: string): Promise<boolean>;
}

/**
 * Checks a staged upload as what `kind` says it is; throws a ValidationException that says
 * what is wrong, or answers the warnings to return with the stored resource.
 */
export async function checkUpload(
  kind: UploadKind,
  path: string,
  staged: { localFile: string; size: number },
  limits: UploadLimits,
  bucket: UploadContext,
): Promise<string[]> {
  switch (kind) {
    case 'glb':
    case 'gltf': {
      if (staged.size > limits.gltfValidateMaxBytes) {
        if (kind === 'glb') await checkGlbHeader(staged.localFile, staged.size, path);
        return [
          `not run through the glTF validator: larger than ${limits.gltfValidateMaxBytes} bytes (DOPPEL_GLTF_VALIDATE_MAX_BYTES)`,
        ];
      }
      const report = await checkGltf(staged.localFile, path, kind, bucket);
      if (report.errors.length) {
        const more =
          report.errorCount > report.errors.length ? ` (and ${report.errorCount - report.errors.length} more)` : '';
        throw resourceInvalid(path, `the glTF validator reports ${report.errors.join('; ')}${more}`);
      }
      return report.warnings;
    }
    case 'scene':
    case 'json': {
      if (staged.size > limits.sceneMaxBytes) {
        if (kind === 'scene') throw sceneDocumentTooLarge(path, limits.sceneMaxBytes);
        return [
          `not checked: JSON larger than ${limits.sceneMaxBytes} bytes (DOPPEL_SCENE_MAX_BYTES) is stored as it is`,
        ];
      }
      const doc = parseJson(await fsp.readFile(staged.localFile, 'utf8'), path);
      if (kind === 'json' && !looksLikeSceneDocument(doc)) return []; // e.g. a 3D-tiles tileset.json
      const check = checkSceneDocument(doc);
      if (check.errors.length) throw sceneDocumentInvalid(path, check.errors);
      return [...check.warnings, ...(await missingReferences(path, check, bucket))];
    }
    case 'other':
      return [];
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // RangeError too: nesting deep enough to exhaust the parser
    throw resourceInvalid(path, `it is not valid JSON (${(e as Error).message})`);
  }
}

/** Model uris that name no resource yet: accepted (the models may follow), reported once each. */
async function missingReferences(path: string, check: SceneCheck, bucket: UploadContext): Promise<string[]> {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const { at, uri } of check.references) {
    if (seen.has(uri)) continue;
    seen.add(uri);
    const target = resolveRelative(path, uri);
    if (target === undefined) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) warnings.push(`${at}: "${uri}" points outside the bucket`);
      continue;
    }
    if (!(await bucket.exists(target)))
      warnings.push(`${at}: model "${uri}" (${target}) is not in the resource library yet`);
  }
  return warnings;
}

async function checkGlbHeader(localFile: string, size: number, path: string): Promise<void> {
  const handle = await fsp.open(localFile, 'r');
  try {
    const header = Buffer.alloc(12);
    await handle.read(header, 0, 12, 0);
    const problem =
      header.toString('latin1', 0, 4) !== 'glTF'
        ? 'it does not start with the GLB magic "glTF"'
        : header.readUInt32LE(4) !== 2
          ? `it is GLB version ${header.readUInt32LE(4)}, not 2`
          : header.readUInt32LE(8) !== size
            ? `its header says ${header.readUInt32LE(8)} bytes but it has ${size} (truncated?)`
            : undefined;
    if (problem) throw resourceInvalid(path, problem);
  } finally {
    await handle.close();
  }
}
