// Every tag of the scene in one InstancedMesh: positions written once, icon/colour/highlight
// per instance written when a value or the selection changes (never through React state), and
// picking done in screen space, since the shader — not the geometry — places the squares.
import { type ThreeEvent, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import {
  Color,
  InstancedBufferAttribute,
  InstancedMesh,
  type Intersection,
  Matrix4,
  PlaneGeometry,
  type Raycaster,
  Vector3,
} from 'three';

import type { PlacedTag } from '../../common/scene/layout';
import { createIconAtlas, iconIndex } from './tagIcons';
import { createTagMaterial } from './tagMaterial';
import type { TagState } from './tagStates';

export const TAG_SIZE_PX = 28;

/** How the viewer pushes changes to the sprites without re-rendering them. */
export interface TagSpritesHandle {
  /** rewrites the icon and colour of these tag indexes from `states` */
  update(indexes: Iterable<number>): void;
  setHighlight(hovered: number | undefined, selected: ReadonlySet<number>): void;
  /** CSS pixel position of a tag on the canvas (undefined when behind the camera) */
  screenPosition(index: number): { x: number; y: number } | undefined;
}

interface Props {
  tags: PlacedTag[];
  states: TagState[];
  scale: number;
  handleRef: React.RefObject<TagSpritesHandle | null>;
  onReady(): void;
  onHover(index: number | undefined): void;
  onSelect(index: number): void;
}

const matrix = new Matrix4();
const color = new Color();
const projected = new Vector3();
const rayPoint = new Vector3();

export function TagSprites({ tags, states, scale, handleRef, onReady, onHover, onSelect }: Props) {
  const invalidate = useThree((s) => s.invalidate);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const sizeRef = useRef(size);
  sizeRef.current = size;

  const { mesh, material, atlas } = useMemo(() => {
    const atlas = createIconAtlas();
    const material = createTagMaterial(atlas, TAG_SIZE_PX * scale);
    const geometry = new PlaneGeometry(1, 1);
    geometry.setAttribute('aIcon', new InstancedBufferAttribute(new Float32Array(tags.length), 1));
    geometry.setAttribute('aHighlight', new InstancedBufferAttribute(new Float32Array(tags.length), 1));
    const mesh = new InstancedMesh(geometry, material, tags.length);
    mesh.frustumCulled = false; // instances spread over the site; the shader sizes them
    mesh.renderOrder = 10;
    tags.forEach((t, i) => {
      mesh.setMatrixAt(i, matrix.makeTranslation(t.position[0], t.position[1], t.position[2]));
      mesh.setColorAt(i, color.set('#ffffff'));
    });
    return { mesh, material, atlas };
  }, [tags, scale]);

  useEffect(
    () => () => {
      mesh.geometry.dispose();
      material.dispose();
      atlas.dispose();
    },
    [mesh, material, atlas],
  );

  useEffect(() => {
    material.uniforms.uViewport!.value.set(size.width, size.height);
    invalidate();
  }, [material, size, invalidate]);

  useEffect(() => {
    const iconAttr = mesh.geometry.getAttribute('aIcon') as InstancedBufferAttribute;
    const highlightAttr = mesh.geometry.getAttribute('aHighlight') as InstancedBufferAttribute;
    const screenPosition = (index: number) => {
      const t = tags[index];
      if (!t) return undefined;
      projected.set(t.position[0], t.position[1], t.position[2]).project(camera);
      if (projected.z > 1) return undefined;
      const { width, height } = sizeRef.current;
      // the square sits above its point: its centre is half a square higher
      return { x: ((projected.x + 1) / 2) * width, y: ((1 - projected.y) / 2) * height - (TAG_SIZE_PX * scale) / 2 };
    };
    handleRef.current = {
      update(indexes) {
        for (const i of indexes) {
          const s = states[i];
          if (!s) continue;
          iconAttr.setX(i, iconIndex(s.icon));
          mesh.setColorAt(i, color.set(s.color));
        }
        iconAttr.needsUpdate = true;
        if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
        invalidate();
      },
      setHighlight(hovered, selected) {
        for (let i = 0; i < tags.length; i++) highlightAttr.setX(i, i === hovered || selected.has(i) ? 1 : 0);
        highlightAttr.needsUpdate = true;
        invalidate();
      },
      screenPosition,
    };
    handleRef.current.update(states.keys());
    // the mesh's own raycast tests geometry it never draws; test the squares on screen instead
    mesh.raycast = (raycaster: Raycaster, intersects: Intersection[]) => {
      rayPoint.copy(raycaster.ray.origin).add(raycaster.ray.direction).project(camera);
      const { width, height } = sizeRef.current;
      const px = ((rayPoint.x + 1) / 2) * width;
      const py = ((1 - rayPoint.y) / 2) * height;
      const half = (TAG_SIZE_PX * scale) / 2;
      let best: number | undefined;
      let bestDistance = Infinity;
      for (let i = 0; i < tags.length; i++) {
        const p = screenPosition(i);
        if (!p) continue;
        const d = Math.max(Math.abs(p.x - px), Math.abs(p.y - py));
        if (d <= half && d < bestDistance) {
          best = i;
          bestDistance = d;
        }
      }
      if (best !== undefined) {
        const t = tags[best]!;
        // tags are drawn on top of everything, so they are hit first
        intersects.push({ distance: 0, point: new Vector3(...t.position), object: mesh, instanceId: best });
      }
    };
    onReady();
    invalidate();
    // deps: callbacks are stable refs of the viewer
  }, [mesh, tags, states, camera]);

  if (tags.length === 0) return null;
  return (
    <primitive
      object={mesh}
      onPointerMove={(e: ThreeEvent<PointerEvent>) => {
        e.stopPropagation();
        onHover(e.instanceId);
      }}
      onPointerOut={() => onHover(undefined)}
      onClick={(e: ThreeEvent<MouseEvent>) => {
        e.stopPropagation();
        if (e.instanceId !== undefined) onSelect(e.instanceId);
      }}
    />
  );
}
