import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ResourceTooLargeError } from './resource-store';

/** A staged upload untouched this long is left over from a crash (an upload in progress keeps writing). */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

/** An upload's content in a local file, with what was measured while it streamed in. */
export interface StagedFile {
  localFile: string;
  size: number;
  /** hex MD5 */
  md5: string;
  /** hex SHA-256, when asked for */
  sha256?: string;
}

/**
 * Makes `dir` ready for staged uploads and removes those a crash or a kill cut off. `shared`:
 * other service instances stage into the same dir, so only files untouched for an hour go
 * (an instance writing a file keeps its mtime fresh).
 */
export function prepareStagingDir(dir: string, options: { shared?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const stale = options.shared ? Date.now() - STALE_UPLOAD_MS : Infinity;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < stale) fs.rmSync(file, { force: true });
  }
}

/**
 * Streams `body` into a new file in `dir`, hashing as it goes; ResourceTooLargeError past
 * `maxBytes`. Nothing is left behind when the body fails.
 */
export async function stageFile(
  dir: string,
  body: Readable,
  options: { maxBytes: number; sha256?: boolean },
): Promise<StagedFile> {
  const localFile = path.join(dir, crypto.randomUUID());
  const md5 = crypto.createHash('md5');
  const sha256 = options.sha256 ? crypto.createHash('sha256') : undefined;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.maxBytes) return done(new ResourceTooLargeError(options.maxBytes));
      md5.update(chunk);
      sha256?.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, fs.createWriteStream(localFile, { flags: 'wx' }));
  } catch (e) {
    await fsp.rm(localFile, { force: true });
    throw e;
  }
  return { localFile, size, md5: md5.digest('hex'), ...(sha256 && { sha256: sha256.digest('hex') }) };
}
