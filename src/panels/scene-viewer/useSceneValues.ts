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
    let closeStream: (() => void) | undefined;
    if (live)
      // the stream opens first, then the latest values are read: nothing written in between is lost
      closeStream = openValueStream(api.streamUrl, refs, {
        onValues: (points) => values.apply(points),
        onOpen: () => setStatus({ live: true }),
        onError: (error) => setStatus({ live: true, error }),
      });
    api.latestValues(refs, live ? undefined : at).then(
      (r) => !closed && values.apply(r.values),
      (e: Error) => !closed && setStatus((s) => ({ ...s, error: `values: ${e.message}` })),
    );
    return () => {
      closed = true;
      closeStream?.();
    };
    // deps: refsKey stands for refs
  }, [api, refsKey, live, live ? 0 : at, values]);

  return { values, status };
}
