import { Role } from './caller';

export interface AccessKey {
  accessKeyId: string;
  isAdmin: boolean;
  description?: string;
  workspaces: { workspaceId: string; role: Role }[];
  creationDateTime: number;
  revokedDateTime?: number;
}

export interface NewAccessKey {
  isAdmin?: boolean;
  description?: string;
  workspaces?: { workspaceId: string; role: Role }[];
  /** bootstrap only: a fixed id/secret (from DOPPEL_ACCESS_KEY_ID / DOPPEL_SECRET_ACCESS_KEY) */
  accessKeyId?: string;
  secret?: string;
}

/** An active key with its secret, as a request's check reads it. */
export type ActiveKey = AccessKey & {
  secretAccessKey: string;
  /**
   * whether the workspace findActive was asked about exists, when the store answers it in the
   * same read (PostgreSQL: one round trip instead of two); undefined: ask the workspace store
   */
  workspaceExists?: boolean;
};

/** Access keys: the credentials every request carries (SigV4 or bearer). */
export interface KeyStore {
  create(input: NewAccessKey): Promise<AccessKey & { secretAccessKey: string }>;
  /** the active (not revoked) key with its secret; undefined when unknown or revoked */
  findActive(accessKeyId: string, workspaceId?: string): Promise<ActiveKey | undefined>;
  list(): Promise<AccessKey[]>;
  revoke(accessKeyId: string): Promise<void>;
  /** makes sure the bootstrap admin key exists with this secret */
  ensureAdmin(accessKeyId: string, secret: string): Promise<void>;
}
