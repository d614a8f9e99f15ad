// Feeds SceneValues for the panel's time: the values as of the range's end in one request and,
// when the range ends at now, the one live stream over every bound property.
import { useEffect, useMemo, useState } from 'react';

import type { PropertyRef } from '../../common/scene/bindings';
import type { SceneApi } from '../../common/scene/sceneApi';
import { openValueStream } from '../../common/scene/valueStream';
import { SceneValues } from './SceneValues';

export interface ValuesStatus {
  live: boolean;
  error?: string;
  /** bindings the service cannot answer (unknown entity, component or property) */
  unbound?: string;
}

/** "Mixer_9 Mixer.status: Entity Mixer_9 not found" for the first few, and how many more. */
function describeUnbound(errors: Array<PropertyRef & { errorMessage: string }>): string | undefined {
  if (errors.length === 0) return undefined;
  const first = errors.slice(0, 2).map((e) => `${e.entityId} ${e.componentName}.${e.propertyName}: ${e.errorMessage}`);
  return `Unbound values: ${first.join('; ')}${errors.length > 2 ? ` and ${errors.length - 2} more` : ''}`;
}

export function useSceneValues(api: SceneApi | undefined, refs: PropertyRef[], live: boolean, at: number) {
  const values = useMemo(() => new SceneValues(), []);
  const [status, setStatus] = useState<ValuesStatus>({ live });
  // refs arrive as a new array on each render; their content decides when to reload
  const refsKey = useMemo(() => JSON.stringify(refs), [refs]);

  useEffect(() => {
    values.reset(live ? undefined : at);
    setStatus({ live });
    if (!api || refs.length === 0) return;
    let closed = false;
    const readLatest = () =>
      api.latestValues(refs, live ? undefined : at).then(
        (r) => {
          if (closed) return;
          values.apply(r.values);
          const unbound = describeUnbound(r.errors ?? []);
          setStatus((s) => (s.unbound === unbound ? s : { ...s, unbound }));
        },
        (e: Error) => !closed && setStatus((s) => ({ ...s, error: `values: ${e.message}` })),
      );
    if (!live) {
      void readLatest();
      return () => {
        closed = true;
      };
    }
    // the stream opens first, then the latest values are read: nothing written in between is lost
    let opened = false;
    const closeStream = openValueStream(api.streamUrl, refs, {
      onValues: (points) => values.apply(points),
      onOpen: () => {
        setStatus((s) => (s.error ? { ...s, error: undefined } : s));
        if (!opened) void readLatest();
        opened = true;
      },
      onError: (error) => {
        setStatus((s) => ({ ...s, error }));
        // a stream the service refuses still leaves the values of now to show
        if (!opened) void readLatest();
        opened = true;
      },
    });
    return () => {
      closed = true;
      closeStream();
    };
    // deps: refsKey stands for refs
  }, [api, refsKey, live, live ? 0 : at, values]);

  return { values, status };
}
