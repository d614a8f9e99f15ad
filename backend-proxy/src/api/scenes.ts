// Wire schemas (TypeBox) of the scene operations (Create/Get/List/Update/DeleteScene): the request
// and response shapes on the wire, which validate requests, type the route handlers and feed
// /openapi.json.
import { Type } from '@sinclair/typebox';
import { Description, Id, Name, Paging, S3Url, Tags, Timestamp, TwinMakerArn } from './common';

/** Scene metadata (the scene document itself lives at `contentLocation`). Shapes per the model. */
export const SceneCapability = Type.String({ minLength: 0, maxLength: 256 });
export const SceneCapabilities = Type.Array(SceneCapability, { maxItems: 50 });
export const SceneMetadataValue = Type.String({ minLength: 0, maxLength: 2048 });
export const SceneMetadataMap = Type.Record(Type.String(), SceneMetadataValue, {
  maxProperties: 50,
  propertyNames: Name,
});
/** The model's S3Url: `s3://bucket/key…` (the service resolves it against its own resource store). */
export const ContentLocation = S3Url;

export const SceneParams = Type.Object({ workspaceId: Id, sceneId: Id });

export const CreateSceneBody = Type.Object({
  sceneId: Id,
  contentLocation: ContentLocation,
  description: Type.Optional(Description),
  capabilities: Type.Optional(SceneCapabilities),
  tags: Type.Optional(Tags),
  sceneMetadata: Type.Optional(SceneMetadataMap),
});
export const CreateSceneResponse = Type.Object({ arn: TwinMakerArn, creationDateTime: Timestamp });

export const UpdateSceneBody = Type.Object({
  contentLocation: Type.Optional(ContentLocation),
  description: Type.Optional(Description),
  capabilities: Type.Optional(SceneCapabilities),
  sceneMetadata: Type.Optional(SceneMetadataMap),
});
export const UpdateSceneResponse = Type.Object({ updateDateTime: Timestamp });

export const ListScenesBody = Type.Object({ ...Paging });

export const SceneSummary = Type.Object({
  sceneId: Id,
  contentLocation: Type.String(),
  arn: TwinMakerArn,
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
  description: Type.Optional(Description),
});
export const ListScenesResponse = Type.Object({
  sceneSummaries: Type.Array(SceneSummary),
  nextToken: Type.Optional(Type.String()),
});

export const SceneResponse = Type.Object({
  workspaceId: Id,
  sceneId: Id,
  contentLocation: Type.String(),
  arn: TwinMakerArn,
  creationDateTime: Timestamp,
  updateDateTime: Timestamp,
  description: Type.Optional(Description),
  capabilities: Type.Optional(Type.Array(Type.String())),
  sceneMetadata: Type.Optional(Type.Record(Type.String(), Type.String())),
  generatedSceneMetadata: Type.Optional(Type.Record(Type.String(), Type.String())),
});
