/**
 * Replaces the `property_values_by_seq` index with one row per writer transaction. The index
 * cost the value writer an extra B-tree insert (and, on overwrite, a delete) for every point;
 * a commit row costs one insert per transaction, whatever its size.
 *
 * value_commits: `last_seq` is the highest seq a transaction wrote, `first_time` the earliest
 * point time it wrote. Every stored point is covered by a row with last_seq >= its seq and
 * first_time <= its time, so a replay of `seq > S` only has to scan the streamed series from
 * min(first_time) over the rows with last_seq > S: nothing written later can be older (a
 * backfill's older time is that transaction's first_time). Rows may be collapsed into one
 * (max last_seq, min first_time), which keeps that cover. max(last_seq) is the next seq's
 * predecessor when the writer starts, and unlike max(seq) of the values it does not go back
 * when the newest values are deleted.
 *
 * A database that already holds values gets one row covering all of them.
 */
export const valueCommits = `
CREATE TABLE value_commits (
  last_seq    INTEGER PRIMARY KEY,
  first_time  INTEGER NOT NULL
) STRICT;

INSERT INTO value_commits (last_seq, first_time)
  SELECT max(seq), min(time) FROM property_values HAVING count(*) > 0;

DROP INDEX property_values_by_seq;
`;
