// The scene's Light nodes (all four TwinMaker types) at their world placement; a scene without
// lights gets a soft default so its models are not black.
import { useMemo } from 'react';
import { Vector3 } from 'three';

import type { Placed } from '../../common/scene/layout';
import type { LightComponent } from '../../common/scene/types';

function SceneLight({ placed }: { placed: Placed<LightComponent> }) {
  const { component: l } = placed;
  const position = useMemo(() => new Vector3().setFromMatrixPosition(placed.matrix), [placed.matrix]);
  switch (l.lightType) {
    case 'Ambient':
      return <ambientLight color={l.color} intensity={l.intensity} />;
    case 'Hemisphere':
      return <hemisphereLight args={[l.color, l.groundColor ?? '#444444', l.intensity]} position={position} />;
    case 'Point':
      return (
        <pointLight
          color={l.color}
          intensity={l.intensity}
          distance={l.distance ?? 0}
          decay={l.decay ?? 2}
          position={position}
          castShadow={l.castShadow}
        />
      );
    case 'Directional':
      return <directionalLight color={l.color} intensity={l.intensity} position={position} castShadow={l.castShadow} />;
  }
}

export function SceneLights({ lights }: { lights: Array<Placed<LightComponent>> }) {
  if (lights.length === 0)
    return (
      <>
        <ambientLight intensity={0.6} />
        <directionalLight position={[10, 20, 10]} intensity={1.4} />
      </>
    );
  return (
    <>
      {lights.map((l) => (
        <SceneLight key={l.nodeIndex} placed={l} />
      ))}
    </>
  );
}
