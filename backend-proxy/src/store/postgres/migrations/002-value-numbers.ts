/**
 * The number of each stored point in a column of its own, as SQLite's migration 007: the
 * aggregates (avg, min, max, sum, minmax, lttb) read it instead of parsing the JSON point. NULL
 * for values that are not numbers. Double precision: a LONG beyond 2^53 is aggregated rounded.
 */
export const valueNumbers = `
ALTER TABLE property_values ADD COLUMN num double precision;
UPDATE property_values SET num = coalesce(
  (point::jsonb -> 'value' ->> 'doubleValue')::double precision,
  (point::jsonb -> 'value' ->> 'integerValue')::double precision,
  (point::jsonb -> 'value' ->> 'longValue')::double precision);
`;
