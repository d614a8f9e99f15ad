// The accessible twin of the canvas: one focusable item per tag with its name, entity,
// property, value and state, visually hidden but read by screen readers (and tests); Enter
// selects the tag exactly as a click on the canvas does.
import { css } from '@emotion/css';

import type { TagState } from './tagStates';

const visuallyHidden = css({
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
});

/** The value as a person reads it: numbers rounded to what a sensor means. */
export function formatValue(value: TagState['value']): string {
  if (!value || value.value === null) return 'no value';
  const v = value.value;
  return typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v);
}

interface Props {
  states: TagState[];
  selected: ReadonlySet<number>;
  onSelect(index: number): void;
  onFocusTag(index: number | undefined): void;
}

export function TagList({ states, selected, onSelect, onFocusTag }: Props) {
  return (
    <ul role="list" aria-label="Scene tags" className={visuallyHidden}>
      {states.map((s, i) => (
        <li
          key={s.id}
          role="listitem"
          tabIndex={0}
          data-tag-id={s.id}
          data-entity-id={s.ref?.entityId ?? ''}
          data-state={s.icon}
          data-color={s.color}
          aria-selected={selected.has(i)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onSelect(i);
            }
          }}
          onFocus={() => onFocusTag(i)}
          onBlur={() => onFocusTag(undefined)}
        >
          {`${s.name}: `}
          {s.ref
            ? `${s.ref.entityId}, ${s.ref.componentName}.${s.ref.propertyName} = ${formatValue(s.value)}`
            : 'not bound'}
          {`, state ${s.icon}`}
          {s.ruleError ? ` (rule error: ${s.ruleError})` : ''}
        </li>
      ))}
    </ul>
  );
}
