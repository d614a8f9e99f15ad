// What each tag shows: its bound property (templates resolved), the value as of the panel's
// time, and its look after the tag's rule — icon and colour — or its default look with the
// rule's error when the rule cannot be evaluated.
import { type PropertyRef, propertyRefOf, refKey } from '../../common/scene/bindings';
import type { PlacedTag } from '../../common/scene/layout';
import { evaluateRule } from '../../common/scene/rules';
import type { Rule, TagIcon } from '../../common/scene/types';
import type { SceneValue } from '../../common/scene/values';

/** Icon colours when neither the tag (chosenColor) nor a rule gives one. */
export const ICON_COLORS: Record<TagIcon, string> = {
  Info: '#3d71d9',
  Warning: '#f5b73d',
  Error: '#e0226e',
  Video: '#8f5cf0',
  Custom: '#1a9e75',
};

export interface TagState {
  id: string;
  name: string;
  ref?: PropertyRef;
  refKey?: string;
  value?: SceneValue;
  icon: TagIcon;
  color: string;
  ruleId?: string;
  ruleError?: string;
}

/** The state of one tag for the values at hand (`valueOf` by reference key). */
export function tagState(
  placed: PlacedTag,
  vars: Record<string, string>,
  rules: Record<string, Rule>,
  valueOf: (key: string) => SceneValue | undefined,
): TagState {
  const { tag } = placed;
  const ref = propertyRefOf(tag.valueDataBinding, vars);
  const key = ref && refKey(ref);
  const value = key ? valueOf(key) : undefined;
  let icon = tag.icon;
  let color = tag.chosenColor;
  let ruleError: string | undefined;
  const ruleId = tag.ruleBasedMapId;
  if (ruleId) {
    const rule = rules[ruleId];
    if (!rule) ruleError = `rule "${ruleId}" is not in the scene's rules`;
    else if (ref && value && value.value !== null) {
      const result = evaluateRule(rule, { [ref.propertyName]: value.value });
      if (result.error) ruleError = `rule "${ruleId}": ${result.error}`;
      else if (result.target?.kind === 'icon') {
        icon = result.target.icon;
        color = undefined; // an alarm state shows in its icon's colour, not the tag's chosen one
      } else if (result.target?.kind === 'color') color = result.target.color;
    }
  }
  return {
    id: placed.id,
    name: placed.name,
    ref,
    refKey: key,
    value,
    icon,
    color: color ?? ICON_COLORS[icon],
    ruleId,
    ruleError,
  };
}
