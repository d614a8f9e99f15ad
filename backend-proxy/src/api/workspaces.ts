// Wire schemas (TypeBox) of the workspace operations (Create/Get/List/Update/DeleteWorkspace): the
// request and response shapes on the wire, which validate requests, type the route handlers and
// feed /openapi.json.
import { Type } from '@sinclair/typebox';
import { Description, Id, IdOrArn, Paging, RoleArn, S3Location, Tags, Timestamp, TwinMakerArn } from './common';

export const CreateWorkspaceBody = Type.Object({
  description: Type.Optional(Description),
  s3Location: Type.Optional(S3Location),
  role: Type.Optional(RoleArn),
  tags: Type.Optional(Tags),
});
export const UpdateWorkspaceBody = Type.Object({
  description: Type.Optional(Description),
  s3Location: Type.Optional(S3Location),
  role: Type.Optional(RoleArn),
});
export const WorkspaceIdOrArnParams = Type.Object({ workspaceId: IdOrArn });
export const ListWorkspacesBody = Type.Object({ ...Paging });

export const WorkspaceResponse = Type.Object({
  workspaceId: Id,
  arn: TwinMakerArn,
  description: Type.Optional(Description),
  linkedServices: Type.Array(Type.String()),
  s3Location: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
});
export const WorkspaceSummary = Type.Omit(WorkspaceResponse, ['s3Location', 'role']);
