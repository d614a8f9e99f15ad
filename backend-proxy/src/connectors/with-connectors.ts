import { Store } from '../store/store';
import { ValueStore } from '../store/values';

/**
 * The store with its value store replaced (by the connector-dispatching one): every other
 * member, present or added later, is the store's own. A Proxy rather than a class listing
 * the members, so a store that grows a sub-store needs no change here.
 */
export function withValues(store: Store, values: ValueStore): Store {
  return new Proxy(store, {
    get: (target, member) => {
      if (member === 'values') return values;
      const value: unknown = Reflect.get(target, member, target);
      // the store's own methods (close) see the store itself, and its own value store
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
