import {
  AccessKeyResponse,
  CreatedKeyResponse,
  CreateKeyBody,
  KeyParams,
  ListKeysResponse,
  RevokeKeyResponse,
} from '../../api/keys';
import { AccessKey } from '../../auth/keys';
import { accessKeyNotFound, accessKeyRequestInvalid } from '../../errors';
import { App } from '../app-type';
import { callerOf } from '../route-config';

const tags = ['doppel: access keys'];

/** A key (revoked ones included) without its secret; keys are few, so the list is the lookup. */
async function requireKey(app: App, accessKeyId: string): Promise<AccessKey> {
  const key = (await app.store.keys.list()).find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw accessKeyNotFound(accessKeyId);
  return key;
}

/**
 * Access-key management (Doppel's own API, admin keys only): create a key scoped to
 * workspaces with a role each (or an admin key), list keys without their secrets, revoke.
 * Authentication reads keys from the store on every request, so a revoked key is refused
 * from the next request on.
 */
export async function keyRoutes(app: App) {
  app.post(
    '/doppel/keys',
    {
      config: { operation: 'CreateAccessKey', access: 'admin' },
      schema: { tags, body: CreateKeyBody, response: { 200: CreatedKeyResponse } },
    },
    async (request) => {
      const { description, workspaces, admin } = request.body;
      if (admin && workspaces !== undefined) {
        throw accessKeyRequestInvalid(
          'An admin key reaches every workspace: send either admin: true or a workspaces list, not both',
        );
      }
      if (!admin && (workspaces === undefined || workspaces.length === 0)) {
        throw accessKeyRequestInvalid(
          'Say what the key may reach: workspaces: [{workspaceId, role: "read"|"write"}], or admin: true',
        );
      }
      const seen = new Set<string>();
      for (const w of workspaces ?? []) {
        if (seen.has(w.workspaceId))
          throw accessKeyRequestInvalid(`Workspace ${w.workspaceId} is listed twice: give each workspace one role`);
        seen.add(w.workspaceId);
        if (!(await app.store.workspaces.get(w.workspaceId))) {
          throw accessKeyRequestInvalid(
            `Workspace ${w.workspaceId} does not exist: create it before granting a key access to it`,
          );
        }
      }
      return app.store.keys.create({
        isAdmin: admin === true,
        ...(description !== undefined && { description }),
        workspaces: workspaces ?? [],
      });
    },
  );

  app.get(
    '/doppel/keys',
    {
      config: { operation: 'ListAccessKeys', access: 'admin' },
      schema: { tags, response: { 200: ListKeysResponse } },
    },
    async () => ({ keys: await app.store.keys.list() }),
  );

  app.get(
    '/doppel/keys/:accessKeyId',
    {
      config: { operation: 'GetAccessKey', access: 'admin' },
      schema: { tags, params: KeyParams, response: { 200: AccessKeyResponse } },
    },
    async (request) => {
      return requireKey(app, request.params.accessKeyId);
    },
  );

  app.delete(
    '/doppel/keys/:accessKeyId',
    {
      config: { operation: 'RevokeAccessKey', access: 'admin' },
      schema: { tags, params: KeyParams, response: { 200: RevokeKeyResponse } },
    },
    async (request) => {
      const { accessKeyId } = request.params;
      // revoking the key in use would lock the caller out with no way back but a restart
      if (accessKeyId === callerOf(request).accessKeyId) {
        throw accessKeyRequestInvalid('A key cannot revoke itself: revoke it with another admin key');
      }
      const key = await requireKey(app, accessKeyId);
      // revoking twice keeps the first revocation time
      if (key.revokedDateTime !== undefined) return { accessKeyId, revokedDateTime: key.revokedDateTime };
      await app.store.keys.revoke(accessKeyId);
      return { accessKeyId, revokedDateTime: (await requireKey(app, accessKeyId)).revokedDateTime! };
    },
  );
}
