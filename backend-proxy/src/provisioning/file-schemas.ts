// Schemas of the workspace-as-code files (provisioning/workspaces/<id>/…), built from the wire
// schemas of the requests they stand for, so a file holds exactly what the API takes. They
// validate the files and are published as JSON Schema (provisioning/schemas/) for editors.
import { Static, TSchema, Type } from '@sinclair/typebox';
import { ComponentTypeId, Description, EntityId, RoleArn, S3Location, sharedSchemas, Tags } from '../api/common';
import { CreateComponentTypeBody } from '../api/component-types';
import { CreateEntityBody } from '../api/entities';
import { SceneCapabilities, SceneMetadataMap } from '../api/scenes';

/** workspace.yaml: CreateWorkspace's body (the id is the folder's name). */
export const WorkspaceFile = Type.Object(
  {
    description: Type.Optional(Description),
    s3Location: Type.Optional(S3Location),
    role: Type.Optional(RoleArn),
    tags: Type.Optional(Tags),
  },
  { $id: 'workspace', additionalProperties: false },
);
export type WorkspaceFile = Static<typeof WorkspaceFile>;

/** component-types/*.yaml: CreateComponentType's body and the type's id. */
export const ComponentTypeFile = Type.Object(
  { componentTypeId: ComponentTypeId, ...CreateComponentTypeBody.properties },
  { $id: 'component-type', additionalProperties: false },
);
export type ComponentTypeFile = Static<typeof ComponentTypeFile>;

const { entityId: _optionalId, compositeComponents: _notOffered, ...entityMembers } = CreateEntityBody.properties;

/** One entity of entities/*.yaml: CreateEntity's body with its id, and its children nested. */
export const EntityNode = Type.Recursive(
  (Self) =>
    Type.Object(
      { entityId: EntityId, ...entityMembers, children: Type.Optional(Type.Array(Self)) },
      { additionalProperties: false },
    ),
  { $id: 'entity' },
);
export type EntityNode = Static<typeof EntityNode>;

/** entities/*.yaml: one entity (with its subtree) or a list of them. */
export const EntitiesFile = Type.Union([Type.Ref(EntityNode), Type.Array(Type.Ref(EntityNode))], { $id: 'entities' });

/** scenes/<sceneId>.yaml: CreateScene's metadata (the document is scenes/<sceneId>.json). */
export const SceneFile = Type.Object(
  {
    description: Type.Optional(Description),
    capabilities: Type.Optional(SceneCapabilities),
    sceneMetadata: Type.Optional(SceneMetadataMap),
    tags: Type.Optional(Tags),
  },
  { $id: 'scene', additionalProperties: false },
);
export type SceneFile = Static<typeof SceneFile>;

/** The published JSON Schema files (provisioning/schemas/<name>.schema.json) and their schemas. */
export const publishedSchemas: Record<string, TSchema> = {
  workspace: WorkspaceFile,
  'component-type': ComponentTypeFile,
  entities: EntitiesFile,
  scene: SceneFile,
};

/**
 * The JSON Schema document of one published schema, as written to the repository: TypeBox's
 * `$ref`s by `$id` (DataValue, DataType, entity) turned into `#/definitions/…`, which editors follow.
 */
export function jsonSchemaDocument(name: string): string {
  const definitions: Record<string, unknown> = {};
  for (const shared of [...sharedSchemas, EntityNode]) {
    const { $id, ...rest } = shared as TSchema & { $id: string };
    definitions[$id] = rest;
  }
  const root = publishedSchemas[name] as TSchema & { $id: string };
  const { $id: _id, ...body } = root;
  const document = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://doppel.dev/schemas/${name}.schema.json`,
    ...body,
    definitions,
  };
  const text = JSON.stringify(document, (_key, v: unknown) => v, 2).replace(
    /"\$ref": "(DataValue|DataType|entity)"/g,
    '"$ref": "#/definitions/$1"',
  );
  return text + '\n';
}
