import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** where the generated credential was written; undefined when it came from the environment */
  file?: string;
}

export const CREDENTIALS_FILE = 'admin-credentials.json';

/**
 * The bootstrap admin credential: from DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY, else
 * the one generated into the data dir on first start (mode 0600), so restarts keep it. With a
 * shared store (PostgreSQL), `shared` reads the credential every replica uses from the store
 * (creating it with the one given the first time): it is written into this replica's data dir
 * too, so each replica's file names the same key.
 */
export async function adminCredentials(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  shared?: (created: AdminCredentials) => Promise<AdminCredentials>,
): Promise<AdminCredentials> {
  const id = env.DOPPEL_ACCESS_KEY_ID;
  const secret = env.DOPPEL_SECRET_ACCESS_KEY;
  if (id || secret) {
    if (!id || !secret) throw new Error('Set both DOPPEL_ACCESS_KEY_ID and DOPPEL_SECRET_ACCESS_KEY, or neither');
    if (!/^[A-Za-z0-9_-]{3,128}$/.test(id))
      throw new Error('DOPPEL_ACCESS_KEY_ID may hold letters, digits, _ and - (3..128)');
    return { accessKeyId: id, secretAccessKey: secret };
  }
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (shared) {
    const { accessKeyId, secretAccessKey } = await shared(newAdminCredentials());
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ accessKeyId, secretAccessKey }, null, 2) + '\n', { mode: 0o600 });
    return { accessKeyId, secretAccessKey, file };
  }
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as AdminCredentials;
    return { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey, file };
  }
  const created = newAdminCredentials();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(created, null, 2) + '\n', { mode: 0o600 });
  return { ...created, file };
}

function newAdminCredentials(): AdminCredentials {
  return {
    accessKeyId: `DPLADMIN${crypto.randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: crypto.randomBytes(30).toString('base64url'),
  };
}
