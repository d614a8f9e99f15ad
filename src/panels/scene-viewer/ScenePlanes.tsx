// PlaneGeometry nodes: a flat rectangle of the given size and colour in the node's plane (XY,
// as TwinMaker draws it), e.g. a floor marking or a zone.
import { DoubleSide } from 'three';

import type { Placed } from '../../common/scene/layout';
import type { PlaneGeometryComponent } from '../../common/scene/types';

export function ScenePlanes({ planes }: { planes: Array<Placed<PlaneGeometryComponent>> }) {
  return (
    <>
      {planes.map((p) => (
        <group key={p.nodeIndex} matrixAutoUpdate={false} matrix={p.matrix}>
          <mesh>
            <planeGeometry args={[p.component.width, p.component.height]} />
            <meshStandardMaterial color={p.component.color ?? '#cccccc'} side={DoubleSide} />
          </mesh>
        </group>
      ))}
    </>
  );
}
