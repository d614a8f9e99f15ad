// A dashboard query whose ids come from variables that have no value for the selection (an
// entity without components, a component without time-series properties) does not apply to
// that selection: the panel says so in an info notice instead of asking the viewer to "Pick a
// component", which only makes sense in the query editor where the ids are typed.
import { type DoppelQuery, QueryType } from './types';

const TEMPLATE = /\$\{?\w+|\[\[\w+/;
const hasTemplate = (text: string | undefined) => Boolean(text && TEMPLATE.test(text));

type Key = 'entityId' | 'componentName' | 'componentTypeId' | 'properties';

/** The fields a query type cannot run without, in the order a reason should name them. */
const REQUIRED: Partial<Record<QueryType, Key[]>> = {
  [QueryType.EntityHistory]: ['entityId', 'componentName', 'properties'],
  [QueryType.GetPropertyValue]: ['entityId', 'componentName', 'properties'],
  [QueryType.ComponentHistory]: ['componentTypeId', 'properties'],
  [QueryType.GetEntity]: ['entityId'],
};

function raw(query: DoppelQuery, key: Key): string | undefined {
  const value = (query as Partial<Record<Key, string | string[]>>)[key];
  return Array.isArray(value) ? value.join(',') : value;
}

const empty = (query: DoppelQuery, key: Key) => {
  const value = (query as Partial<Record<Key, string | string[]>>)[key];
  return Array.isArray(value) ? value.length === 0 : !value;
};

/**
 * Why `target` does not apply to the current variable values, or undefined when it does (or
 * when a missing id was left empty by hand: that one is the editor's "Pick …" error).
 */
export function notApplicableReason(target: DoppelQuery, concrete: DoppelQuery[]): string | undefined {
  for (const key of REQUIRED[target.queryType] ?? []) {
    const written = raw(target, key);
    if (!hasTemplate(written) || !concrete.every((q) => empty(q, key))) continue;
    const first = concrete[0] ?? target;
    const entity = raw(first, 'entityId');
    const component = raw(first, 'componentName');
    switch (key) {
      case 'entityId':
        return `Not applicable: no entity is selected (${written} has no value).`;
      case 'componentName':
        return entity
          ? `Not applicable: ${entity} has no components.`
          : `Not applicable: no component is selected (${written} has no value).`;
      case 'componentTypeId':
        return `Not applicable: no component type is selected (${written} has no value).`;
      case 'properties': {
        const owner = [entity, component].filter(Boolean).join(' / ') || raw(first, 'componentTypeId');
        return `Not applicable: ${owner ?? 'the selection'} has no properties for this panel (${written} has no value).`;
      }
    }
  }
  return undefined;
}
