import fsp from 'node:fs/promises';
import { resolveRelative } from './resource-path';

/** How a glTF check reaches the files a model refers to (buffers, images). */
export interface ExternalFiles {
  /** the content of a resource in the same bucket, or undefined when there is none */
  read(path: string): Promise<Buffer | undefined>;
}

export interface GltfCheck {
  /** the validator's errors, first ones only, as `pointer: message (CODE)` */
  errors: string[];
  warnings: string[];
  errorCount: number;
}

interface ValidatorMessage {
  code: string;
  message: string;
  severity: number;
  pointer?: string;
}

interface ValidatorReport {
  issues: { numErrors: number; numWarnings: number; messages: ValidatorMessage[] };
}

interface Validator {
  validateBytes(data: Uint8Array, options: Record<string, unknown>): Promise<ValidatorReport>;
}

let validator: Validator | undefined;
function khronosValidator(): Validator {
  // loaded on the first model upload: the compiled validator is a few MB of JavaScript
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validator ??= require('gltf-validator') as Validator;
  return validator;
}

const MAX_MESSAGES = 5;

/** The validator reads typed views from offset 0 of the underlying buffer, so pooled Buffers are copied. */
function ownBytes(buffer: Buffer): Uint8Array {
  return buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length
    ? new Uint8Array(buffer.buffer)
    : new Uint8Array(buffer);
}

/**
 * Runs Khronos' glTF validator over a staged `.glb`/`.gltf`. Files it refers to are read from
 * the same bucket relative to the model's folder; missing ones are not errors but warnings
 * that name them (the model may be uploaded before its textures).
 */
export async function checkGltf(
  localFile: string,
  path: string,
  format: 'glb' | 'gltf',
  files: ExternalFiles,
): Promise<GltfCheck> {
  const bytes = await fsp.readFile(localFile);
  const missing: string[] = [];
  let report: ValidatorReport;
  try {
    report = await khronosValidator().validateBytes(ownBytes(bytes), {
      uri: path,
      format,
      maxIssues: 100,
      externalResourceFunction: async (uri: string) => {
        const target = resolveRelative(path, uri);
        const content = target === undefined ? undefined : await files.read(target);
        if (content) return ownBytes(content);
        missing.push(target === undefined ? uri : `${uri} (${target})`);
        throw new Error(`missing ${uri}`);
      },
    });
  } catch (e) {
    // the validator rejects only input it cannot even recognise as glTF
    return { errors: [`not a ${format === 'glb' ? 'GLB' : 'glTF'} file (${String(e)})`], warnings: [], errorCount: 1 };
  }
  const errors: string[] = [];
  const warnings = missing.map((m) => `external resource ${m} is missing: upload it beside the model`);
  let errorCount = 0;
  for (const m of report.issues.messages) {
    const text = `${m.pointer ? `${m.pointer}: ` : ''}${m.message} (${m.code})`;
    // a missing external file is reported above, by name
    if (m.code === 'IO_ERROR' && missing.length) continue;
    if (m.severity === 0) {
      errorCount++;
      if (errors.length < MAX_MESSAGES) errors.push(text);
    } else if (m.severity === 1 && warnings.length < MAX_MESSAGES * 4) warnings.push(text);
  }
  return { errors, warnings, errorCount };
}
