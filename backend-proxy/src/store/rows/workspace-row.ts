import { Workspace } from '../workspaces';

/** A `workspaces` row as both stores' schemas hold it. */
export interface WorkspaceRow {
  workspace_id: string;
  arn: string;
  description: string | null;
  s3_location: string | null;
  role: string | null;
  creation_time: number;
  update_time: number;
}

export function toWorkspace(row: WorkspaceRow): Workspace {
  return {
    workspaceId: row.workspace_id,
    arn: row.arn,
    ...(row.description !== null && { description: row.description }),
    ...(row.s3_location !== null && { s3Location: row.s3_location }),
    ...(row.role !== null && { role: row.role }),
    linkedServices: [],
    creationDateTime: row.creation_time,
    updateDateTime: row.update_time,
  };
}
