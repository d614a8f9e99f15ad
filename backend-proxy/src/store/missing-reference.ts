/**
 * Whether a store error says a row refers to one that is gone: a foreign key failed because
 * another request deleted the workspace, entity or component type this write names after the
 * request checked it (the check and the write are separate steps; the store's transaction still
 * refuses the write whole). SQLite reports SQLITE_CONSTRAINT_FOREIGNKEY, PostgreSQL 23503; the
 * value writer's worker hands back SQLite's message without its code, hence the message test.
 */
export function isMissingReference(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    code === '23503' ||
    (typeof message === 'string' && message.includes('FOREIGN KEY constraint failed'))
  );
}
