import { Expr, Query } from './ast';
import { queryError } from './errors';

/**
 * The query limits of TwinMaker's guide (§6.6), configurable because real clients exceed
 * some of them: iot-app-kit sends `{1, 30}` hop queries, so the hop limit defaults to 30.
 * Environment: DOPPEL_QUERY_<NAME> (e.g. DOPPEL_QUERY_MAX_HOPS=10, DOPPEL_QUERY_TIMEOUT_MS=10000).
 */
export interface QueryLimits {
  maxQueryLength: number;
  /** per quantified edge, and the bound used for `{m,}` */
  maxHops: number;
  /** graph hops + unnestings joined in one query */
  maxSelfJoins: number;
  maxProjections: number;
  /** AND / OR / NOT in WHERE */
  maxConditions: number;
  maxLikePatternLength: number;
  maxInItems: number;
  maxLimit: number;
  maxOffset: number;
  /** LIMIT + OFFSET */
  maxTraversals: number;
  timeoutMs: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxQueryLength: 1000,
  maxHops: 30,
  maxSelfJoins: 20,
  maxProjections: 20,
  maxConditions: 10,
  maxLikePatternLength: 20,
  maxInItems: 10,
  maxLimit: 3000,
  maxOffset: 3000,
  maxTraversals: 3000,
  timeoutMs: 10_000,
};

/** maxHops → DOPPEL_QUERY_MAX_HOPS */
const envName = (key: string) => 'DOPPEL_QUERY_' + key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** The limits with DOPPEL_QUERY_* overrides from `env` (positive integers only). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof QueryLimits)[]) {
    const raw = env[envName(key)];
    if (raw !== undefined && /^[1-9][0-9]*$/.test(raw)) limits[key] = Number(raw);
  }
  return limits;
}

function countConditions(e: Expr | undefined): number {
  if (!e) return 0;
  switch (e.kind) {
    case 'and':
    case 'or':
      return 1 + countConditions(e.left) + countConditions(e.right);
    case 'not':
      return 1 + countConditions(e.expr);
    default:
      return 0;
  }
}

function visit(e: Expr | undefined, f: (e: Expr) => void) {
  if (!e) return;
  f(e);
  switch (e.kind) {
    case 'and':
    case 'or':
    case 'compare':
      visit(e.left, f);
      visit(e.right, f);
      break;
    case 'not':
      visit(e.expr, f);
      break;
    case 'call':
      e.args.forEach((a) => visit(a, f));
      break;
    case 'inList':
      visit(e.expr, f);
      e.items.forEach((a) => visit(a, f));
      break;
    case 'inCollection':
    case 'like':
    case 'is':
      visit(e.expr, f);
      break;
  }
}

/** Refuses a parsed query that exceeds a limit, naming the limit and where it is exceeded. */
export function checkLimits(query: Query, limits: QueryLimits): void {
  const hops = query.patterns.reduce((n, p) => n + p.edges.length, 0);
  if (hops + query.unnests.length > limits.maxSelfJoins) {
    throw queryError(
      0,
      `the query joins ${hops + query.unnests.length} edges and unnestings; at most ${limits.maxSelfJoins} are allowed`,
    );
  }
  for (const p of query.patterns) {
    for (const e of p.edges) {
      const q = e.quantifier;
      if (q && ((q.max ?? q.min) > limits.maxHops || q.min > limits.maxHops)) {
        throw queryError(q.pos, `a variable-length edge may span at most ${limits.maxHops} hops`);
      }
    }
  }
  if (query.projections.length > limits.maxProjections) {
    throw queryError(
      query.projections[limits.maxProjections]!.pos,
      `at most ${limits.maxProjections} fields may be projected`,
    );
  }
  const conditions = countConditions(query.where);
  if (conditions > limits.maxConditions) {
    throw queryError(
      query.where!.pos,
      `WHERE has ${conditions} AND/OR/NOT; at most ${limits.maxConditions} are allowed`,
    );
  }
  visit(query.where, (e) => {
    if (e.kind === 'like' && String(e.pattern.value).length > limits.maxLikePatternLength) {
      throw queryError(e.pattern.pos, `a LIKE pattern may have at most ${limits.maxLikePatternLength} characters`);
    }
    if (e.kind === 'inList' && e.items.length > limits.maxInItems) {
      throw queryError(e.pos, `an IN list may have at most ${limits.maxInItems} items`);
    }
  });
  const limit = query.limit?.value ?? 0;
  const offset = query.offset?.value ?? 0;
  if (query.limit && limit > limits.maxLimit)
    throw queryError(query.limit.pos, `LIMIT may be at most ${limits.maxLimit}`);
  if (query.offset && offset > limits.maxOffset)
    throw queryError(query.offset.pos, `OFFSET may be at most ${limits.maxOffset}`);
  if (limit + offset > limits.maxTraversals) {
    throw queryError((query.offset ?? query.limit)!.pos, `LIMIT + OFFSET may be at most ${limits.maxTraversals}`);
  }
}
