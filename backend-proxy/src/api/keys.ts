// Wire schemas (TypeBox) of Doppel's access-key management under /doppel/keys: the request and
// response shapes on the wire, which validate requests, type the route handlers and feed
// /openapi.json.
import { Type } from '@sinclair/typebox';
import { Description, Id, Timestamp } from './common';

/** Doppel's access-key management (`/doppel/keys`): not part of TwinMaker, admin keys only. */
export const KeyRole = Type.Union([Type.Literal('read'), Type.Literal('write')]);
export const KeyWorkspaceScope = Type.Object({ workspaceId: Id, role: KeyRole }, { additionalProperties: false });
export const AccessKeyId = Type.String({ minLength: 3, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

export const CreateKeyBody = Type.Object(
  {
    description: Type.Optional(Description),
    /** the workspaces the key may use and its role in each; omit with `admin: true` */
    workspaces: Type.Optional(Type.Array(KeyWorkspaceScope, { maxItems: 1000 })),
    admin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AccessKeyResponse = Type.Object({
  accessKeyId: Type.String(),
  isAdmin: Type.Boolean(),
  description: Type.Optional(Type.String()),
  workspaces: Type.Array(Type.Object({ workspaceId: Type.String(), role: KeyRole })),
  creationDateTime: Timestamp,
  revokedDateTime: Type.Optional(Timestamp),
});

/** The only response that ever carries the secret. */
export const CreatedKeyResponse = Type.Composite([AccessKeyResponse, Type.Object({ secretAccessKey: Type.String() })]);

export const ListKeysResponse = Type.Object({ keys: Type.Array(AccessKeyResponse) });
export const KeyParams = Type.Object({ accessKeyId: AccessKeyId });
export const RevokeKeyResponse = Type.Object({ accessKeyId: Type.String(), revokedDateTime: Timestamp });
