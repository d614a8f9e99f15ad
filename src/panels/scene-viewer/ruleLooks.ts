// What rules make of the non-tag scene components: a MotionIndicator's speed and stripe colours,
// a ModelShader's colour and opacity. Pure functions of the bound values, so the panel calls them
// when values change (never per frame) and tests run them without a canvas.
import { propertyRefOf, refKey } from '../../common/scene/bindings';
import { evaluateRule, type RuleTarget } from '../../common/scene/rules';
import type { ModelShaderComponent, MotionIndicatorComponent, Rule, RuleBinding } from '../../common/scene/types';
import type { SceneValue } from '../../common/scene/values';

type ValueOf = (key: string) => SceneValue | undefined;

/** Indicator colours when the scene gives none (TwinMaker's own defaults are these hues). */
export const DEFAULT_FOREGROUND = '#00c8ff';
export const DEFAULT_BACKGROUND = '#222222';

interface Bound {
  /** the bound value, when there is one */
  value?: unknown;
  /** the rule's target for it, when the binding names a rule and a statement matched */
  target?: RuleTarget;
}

function evaluateBinding(
  binding: RuleBinding | undefined,
  rules: Record<string, Rule>,
  vars: Record<string, string>,
  valueOf: ValueOf,
): Bound {
  const ref = propertyRefOf(binding?.valueDataBinding, vars);
  const value = ref ? valueOf(refKey(ref))?.value : undefined;
  if (!ref || value === undefined || value === null) return {};
  const rule = binding?.ruleBasedMapId ? rules[binding.ruleBasedMapId] : undefined;
  // a rule that cannot be evaluated leaves the default look, as it does for tags
  return { value, target: rule ? evaluateRule(rule, { [ref.propertyName]: value }).target : undefined };
}

export interface IndicatorLook {
  speed: number;
  foreground: string;
  background: string;
}

/**
 * An indicator's look: speed from its rule's number (else the bound number), colours from their
 * rules' colour targets; anything unbound or unmatched keeps the indicator's configured default.
 */
export function indicatorLook(
  c: MotionIndicatorComponent,
  rules: Record<string, Rule>,
  vars: Record<string, string>,
  valueOf: ValueOf,
): IndicatorLook {
  const speedBinding = c.valueDataBindings.speed;
  const speed = evaluateBinding(speedBinding, rules, vars, valueOf);
  let value = c.config.defaultSpeed ?? 0;
  if (speedBinding?.ruleBasedMapId) {
    if (speed.target?.kind === 'number') value = speed.target.value;
  } else if (typeof speed.value === 'number') value = speed.value;

  const colorOf = (binding: RuleBinding | undefined, fallback: string) => {
    const t = evaluateBinding(binding, rules, vars, valueOf).target;
    return t?.kind === 'color' ? t.color : fallback;
  };
  return {
    speed: value,
    foreground: colorOf(c.valueDataBindings.foregroundColor, c.config.defaultForegroundColor ?? DEFAULT_FOREGROUND),
    background: colorOf(c.valueDataBindings.backgroundColor, c.config.defaultBackgroundColor ?? DEFAULT_BACKGROUND),
  };
}

export interface ShaderLook {
  color?: string;
  /** 0..1; undefined keeps the model's own */
  opacity?: number;
}

/** A shader's look: the colour or opacity its rule's matching statement targets. */
export function shaderLook(
  shader: ModelShaderComponent | undefined,
  rules: Record<string, Rule>,
  vars: Record<string, string>,
  valueOf: ValueOf,
): ShaderLook {
  if (!shader?.ruleBasedMapId) return {};
  const { target } = evaluateBinding(shader, rules, vars, valueOf);
  if (target?.kind === 'color') return { color: target.color };
  if (target?.kind === 'opacity') return { opacity: Math.min(1, Math.max(0, target.value)) };
  return {};
}
