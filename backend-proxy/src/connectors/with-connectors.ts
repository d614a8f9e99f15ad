import { EntityStore } from '../store/entities';
import { Store } from '../store/store';
import { ValueStore } from '../store/values';

/**
 * The store with the sub-stores that connectors stand in front of replaced (values: reads
 * and writes dispatched to data connectors; entities: schemaInitializer at component
 * creation); every other member, present or added later, is the store's own. A Proxy rather
 * than a class listing the members, so a store that grows a sub-store needs no change here.
 */
export function withConnectors(store: Store, replaced: { values: ValueStore; entities: EntityStore }): Store {
  return new Proxy(store, {
    get: (target, member) => {
      if (member === 'values') return replaced.values;
      if (member === 'entities') return replaced.entities;
      const value: unknown = Reflect.get(target, member, target);
      // the store's own methods (close) see the store itself, and its own sub-stores
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
