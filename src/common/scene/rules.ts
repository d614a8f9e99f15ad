// Scene rules (`rules[id].statements`) evaluated the way TwinMaker's viewer does: statements in
// order, each a jexl expression over the bound property values by property name; the first
// truthy statement gives its target (for `…number`/`…opacity` without a value, the result
// itself). Expressions are compiled once and cached; jexl never runs arbitrary JavaScript.
import jexl from 'jexl';

import type { Rule, TagIcon } from './types';
import { TAG_ICONS } from './types';

export type RuleTarget =
  | { kind: 'icon'; icon: TagIcon }
  | { kind: 'color'; color: string }
  | { kind: 'number'; value: number }
  | { kind: 'opacity'; value: number };

export interface RuleResult {
  target?: RuleTarget;
  /** the first statement that could not be evaluated: the caller keeps its default look */
  error?: string;
}

const PREFIX = 'iottwinmaker.common.';
type Compiled = { evalSync(context: object): unknown };
const compiled = new Map<string, Compiled | Error>();

function compile(expression: string): Compiled | Error {
  let entry = compiled.get(expression);
  if (!entry) {
    try {
      entry = jexl.compile(expression) as unknown as Compiled;
    } catch (e) {
      entry = e instanceof Error ? e : new Error(String(e));
    }
    compiled.set(expression, entry);
  }
  return entry;
}

/** Parses `iottwinmaker.common.<kind>[:<value>]`; undefined when the target is not one we know. */
export function parseTarget(target: string): { kind: RuleTarget['kind']; value?: string } | undefined {
  if (!target.startsWith(PREFIX)) return undefined;
  const rest = target.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  const kind = colon < 0 ? rest : rest.slice(0, colon);
  const value = colon < 0 ? undefined : rest.slice(colon + 1);
  if (kind !== 'icon' && kind !== 'color' && kind !== 'number' && kind !== 'opacity') return undefined;
  return { kind, value };
}

function targetOf(target: string, result: unknown): RuleTarget | undefined {
  const parsed = parseTarget(target);
  if (!parsed) return undefined;
  switch (parsed.kind) {
    case 'icon':
      if (!result) return undefined;
      return (TAG_ICONS as readonly string[]).includes(parsed.value ?? '')
        ? { kind: 'icon', icon: parsed.value as TagIcon }
        : undefined;
    case 'color':
      return result && parsed.value ? { kind: 'color', color: parsed.value } : undefined;
    case 'number':
    case 'opacity': {
      // `…number` takes the expression's value; `…opacity:0.4` applies 0.4 when truthy
      const value = parsed.value !== undefined ? (result ? Number(parsed.value) : NaN) : Number(result);
      if (typeof result === 'boolean' && parsed.value === undefined) return undefined;
      return Number.isFinite(value) ? { kind: parsed.kind, value } : undefined;
    }
  }
}

/** Evaluates a rule against `{propertyName: value}`; the first statement with a target wins. */
export function evaluateRule(rule: Rule | undefined, values: Record<string, unknown>): RuleResult {
  if (!rule) return {};
  for (let i = 0; i < rule.statements.length; i++) {
    const statement = rule.statements[i]!;
    const expression = compile(statement.expression);
    if (expression instanceof Error)
      return { error: `statement ${i + 1} "${statement.expression}": ${expression.message}` };
    let result: unknown;
    try {
      result = expression.evalSync(values);
    } catch (e) {
      return { error: `statement ${i + 1} "${statement.expression}": ${e instanceof Error ? e.message : String(e)}` };
    }
    const target = targetOf(statement.target, result);
    if (target) return { target };
  }
  return {};
}
