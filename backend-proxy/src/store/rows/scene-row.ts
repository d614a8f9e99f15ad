import { Scene, SceneSummary } from '../scenes';

/** A `scenes` row as both stores' schemas hold it (capabilities and metadata as JSON text). */
export interface SceneRow {
  workspace_id: string;
  scene_id: string;
  arn: string;
  content_location: string;
  description: string | null;
  capabilities_json: string | null;
  scene_metadata_json: string | null;
  creation_time: number;
  update_time: number;
}

export function toScene(row: SceneRow): Scene {
  return {
    workspaceId: row.workspace_id,
    sceneId: row.scene_id,
    arn: row.arn,
    contentLocation: row.content_location,
    ...(row.description !== null && { description: row.description }),
    ...(row.capabilities_json !== null && { capabilities: JSON.parse(row.capabilities_json) as string[] }),
    ...(row.scene_metadata_json !== null && {
      sceneMetadata: JSON.parse(row.scene_metadata_json) as Record<string, string>,
    }),
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
  };
}

export function toSceneSummary(row: SceneRow): SceneSummary {
  return {
    sceneId: row.scene_id,
    arn: row.arn,
    contentLocation: row.content_location,
    ...(row.description !== null && { description: row.description }),
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
  };
}

/** The JSON text column for an optional member: NULL when the request leaves it out. */
export const jsonColumn = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
