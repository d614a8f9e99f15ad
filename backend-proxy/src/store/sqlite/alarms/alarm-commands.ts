/** What an alarm route asks the value writer to do (it owns every alarm state change). */
export type AlarmCommand =
  | {
      action: 'ACKNOWLEDGE' | 'SNOOZE' | 'RESET';
      workspaceId: string;
      entityId: string;
      componentName: string;
      accessKeyId: string;
      note?: string;
      durationSeconds?: number;
      nowMs: number;
    }
  /** ends the snoozes of the workspace that are due (before a listing, and on a timer) */
  | { action: 'EXPIRE'; workspaceId: string; nowMs: number };

export type AlarmCommandResult =
  { ok: true } | { error: 'no-entity' | 'no-component' | 'not-alarm' | 'refused'; message?: string };

/** An alarm_status value the writer stored, as the live stream sends it: [entityId, componentName, point, seq]. */
export type StatusValueEvent = [string, string, string, number];
