// The scene's models: each ModelRef node draws a clone of its (shared) glTF at the node's world
// matrix; a missing or broken model, or a Tiles3D one, draws a placeholder box and says why.
// Shaders colour or fade a model (or a named part) by rule; a bound model selects its entity on click.
import { type ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import { BoxGeometry, type Group, type Material, Mesh, MeshStandardMaterial, type Object3D } from 'three';

import type { PlacedModel } from '../../common/scene/layout';
import { unitScale } from '../../common/scene/layout';
import type { DistanceUnit } from '../../common/scene/types';
import { loadModel } from './modelLoader';
import { fade } from './materialOpacity';
import type { ShaderLook } from './ruleLooks';
import { Tiles3DNode } from './Tiles3DNode';

const placeholderGeometry = new BoxGeometry(1, 1, 1);
const placeholderMaterial = new MeshStandardMaterial({ color: '#f08c3a', transparent: true, opacity: 0.75 });

export interface ModelLook {
  /** rule colour and opacity of the whole model, by node index of the model or its part */
  shadeOf(nodeIndex: number): ShaderLook;
  highlighted(nodeIndex: number): boolean;
}

interface Props {
  model: PlacedModel;
  url: string;
  sceneUnit: DistanceUnit;
  look: ModelLook;
  /** bumps when colours, opacities or highlights changed */
  lookVersion: number;
  onError(uri: string, message: string): void;
  onLoaded(): void;
  onSelect(model: PlacedModel, partNodeIndex?: number): void;
  onHover(model: PlacedModel | undefined, partNodeIndex?: number): void;
}

/** Materials of `root` replaced by private copies, so colouring one node leaves the others alone. */
function ownMaterials(root: Object3D): Map<Mesh, Material | Material[]> {
  const originals = new Map<Mesh, Material | Material[]>();
  root.traverse((o) => {
    if (o instanceof Mesh) {
      originals.set(o, o.material);
      o.material = Array.isArray(o.material) ? o.material.map((m) => m.clone()) : o.material.clone();
    }
  });
  return originals;
}

function tint(root: Object3D, { color, opacity }: ShaderLook, highlight: boolean) {
  root.traverse((o) => {
    if (!(o instanceof Mesh)) return;
    for (const m of Array.isArray(o.material) ? o.material : [o.material]) {
      fade(m, opacity);
      const std = m as MeshStandardMaterial;
      if (!std.emissive) continue;
      if (color) std.emissive.set(color);
      else std.emissive.set('#000000');
      std.emissiveIntensity = color ? 0.6 : 0;
      if (highlight) {
        std.emissive.set(color ?? '#4fa3ff');
        std.emissiveIntensity = 0.9;
      }
    }
  });
}

export function ModelNode({ model, url, sceneUnit, look, lookVersion, onError, onLoaded, onSelect, onHover }: Props) {
  const [scene, setScene] = useState<Group | 'failed'>();
  const tiles = model.model.modelType === 'Tiles3D';
  const interactive = Boolean(model.binding || model.shader || model.parts.length > 0);
  const unit = model.model.unitOfMeasure ? unitScale(model.model.unitOfMeasure, sceneUnit) : 1;
  const local = model.model.localScale ?? [1, 1, 1];
  const scale: [number, number, number] = [local[0] * unit, local[1] * unit, local[2] * unit];

  useEffect(() => {
    if (tiles) return; // drawn by Tiles3DNode
    let cancelled = false;
    loadModel(url).then(
      (gltf) => {
        if (cancelled) return;
        const clone = gltf.scene.clone(true);
        if (interactive) ownMaterials(clone);
        // models do not move: their matrices are composed once, not on every frame drawn
        clone.scale.set(scale[0], scale[1], scale[2]);
        clone.traverse((o) => {
          o.updateMatrix();
          o.matrixAutoUpdate = false;
        });
        setScene(clone);
        onLoaded();
      },
      (e: Error) => {
        if (cancelled) return;
        onError(model.model.uri, e.message || 'could not be loaded');
        setScene('failed');
        onLoaded();
      },
    );
    return () => {
      cancelled = true;
    };
    // deps: callbacks are stable
  }, [url, tiles]);

  const parts = useMemo(() => {
    if (!scene || scene === 'failed') return [];
    return model.parts
      .map((p) => ({ ...p, object: scene.getObjectByName(p.selector) }))
      .filter((p): p is typeof p & { object: Object3D } => p.object !== undefined);
  }, [scene, model.parts]);

  useEffect(() => {
    if (!scene || scene === 'failed' || !interactive) return;
    tint(scene, look.shadeOf(model.nodeIndex), look.highlighted(model.nodeIndex));
    for (const p of parts) {
      const shade = look.shadeOf(p.nodeIndex);
      const highlight = look.highlighted(p.nodeIndex);
      if (shade.color || shade.opacity !== undefined || highlight) tint(p.object, shade, highlight);
    }
    // deps: lookVersion says when look changed
  }, [scene, parts, lookVersion]);

  const partOf = (o: Object3D | null) => {
    for (let x = o; x; x = x.parent) {
      const p = parts.find((q) => q.object === x);
      if (p) return p.nodeIndex;
    }
    return undefined;
  };
  const events = interactive
    ? {
        onClick: (e: ThreeEvent<MouseEvent>) => {
          e.stopPropagation();
          onSelect(model, partOf(e.object));
        },
        onPointerOver: (e: ThreeEvent<PointerEvent>) => {
          e.stopPropagation();
          onHover(model, partOf(e.object));
        },
        onPointerOut: () => onHover(undefined),
      }
    : {};

  if (tiles && scene !== 'failed')
    return (
      <Tiles3DNode
        url={url}
        matrix={model.matrix}
        onError={(message) => {
          onError(model.model.uri, message);
          setScene('failed');
        }}
      />
    );
  return (
    <group matrixAutoUpdate={false} matrix={model.matrix} name={model.name}>
      {scene === 'failed' ? (
        <mesh geometry={placeholderGeometry} material={placeholderMaterial} {...events} />
      ) : scene ? (
        <primitive object={scene} {...events} />
      ) : null}
    </group>
  );
}
