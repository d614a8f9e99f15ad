// The values a mounted scene shows, outside React: a map by property reference that the
// request and the stream write into, and listeners told which references changed, so the tags
// of those references (and only those) are re-evaluated and redrawn.
import { type PropertyRef, refKey } from '../../common/scene/bindings';
import type { PropertyValuePoint } from '../../common/scene/sceneApi';
import { replacesValue, scalarOf, type SceneValue } from '../../common/scene/values';

export type ChangeListener = (changed: ReadonlySet<string>) => void;

export class SceneValues {
  private values = new Map<string, SceneValue>();
  private listeners = new Set<ChangeListener>();
  /** the moment shown: undefined while live */
  at: number | undefined;

  get(ref: PropertyRef): SceneValue | undefined {
    return this.values.get(refKey(ref));
  }

  getByKey(key: string): SceneValue | undefined {
    return this.values.get(key);
  }

  /** Applies points (from the request or the stream); tells listeners which references changed. */
  apply(points: PropertyValuePoint[]) {
    const changed = new Set<string>();
    for (const p of points) {
      const key = refKey(p);
      const incoming = { time: Date.parse(p.time), value: scalarOf(p.value) };
      if (Number.isNaN(incoming.time)) continue;
      if (!replacesValue(this.values.get(key), incoming, this.at)) continue;
      this.values.set(key, incoming);
      changed.add(key);
    }
    if (changed.size > 0) this.listeners.forEach((l) => l(changed));
  }

  /** Forgets every value (the moment shown or the bindings changed). */
  reset(at: number | undefined) {
    const changed = new Set(this.values.keys());
    this.values.clear();
    this.at = at;
    if (changed.size > 0) this.listeners.forEach((l) => l(changed));
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
