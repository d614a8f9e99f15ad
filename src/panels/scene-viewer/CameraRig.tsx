// Orbit/pan/zoom around the scene, and the camera commands the viewer issues: reset (R), the
// scene's cameras in turn (C) or by name (the active camera variable), and zoom to a selection.
// Under frameloop="demand" the controls invalidate on change, so a still camera draws nothing.
import { OrbitControls } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { Box3, PerspectiveCamera, Quaternion, Vector3 } from 'three';

import type { Placed, SceneLayout } from '../../common/scene/layout';
import type { CameraComponent, SceneCamera } from '../../common/scene/types';

export interface CameraCommands {
  reset(): void;
  /** moves to the next scene camera; returns its node name */
  cycle(): string | undefined;
  /** moves to the scene camera of that node name; false when there is none */
  useCamera(name: string): boolean;
  focus(point: [number, number, number]): void;
}

const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();
const forward = new Vector3();

/** A box around everything placed (tags and model origins), for the first view and R. */
export function sceneBounds(layout: SceneLayout): Box3 {
  const box = new Box3();
  for (const t of layout.tags) box.expandByPoint(position.fromArray(t.position));
  for (const m of layout.models) box.expandByPoint(position.setFromMatrixPosition(m.matrix));
  if (box.isEmpty()) box.setFromCenterAndSize(new Vector3(), new Vector3(4, 4, 4));
  return box.expandByScalar(1.5);
}

interface Props {
  layout: SceneLayout;
  cameras: SceneCamera[];
  commandsRef: React.RefObject<CameraCommands | null>;
  /** name of the scene camera node to look through (the active camera variable) */
  activeCamera?: string;
}

export function CameraRig({ layout, cameras, commandsRef, activeCamera }: Props) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useRef<{ target: Vector3; update(): void }>(null);
  const cycleIndex = useRef(-1);

  useEffect(() => {
    const box = sceneBounds(layout);
    const center = box.getCenter(new Vector3());
    const radius = box.getSize(new Vector3()).length() / 2;
    const home = () => {
      const distance = radius / Math.sin(((camera as PerspectiveCamera).fov ?? 50) * (Math.PI / 360));
      camera.position.copy(center).add(new Vector3(0.6, 0.5, 0.8).normalize().multiplyScalar(distance));
      camera.near = Math.max(0.01, distance / 1000);
      camera.far = distance * 20;
      camera.updateProjectionMatrix();
      controls.current?.target.copy(center);
      camera.lookAt(center);
      controls.current?.update();
      invalidate();
    };
    const apply = (placed: Placed<CameraComponent>) => {
      const settings = cameras[placed.component.cameraIndex];
      placed.matrix.decompose(position, quaternion, scale);
      camera.position.copy(position);
      camera.quaternion.copy(quaternion);
      if (settings && camera instanceof PerspectiveCamera) {
        camera.fov = settings.fov;
        camera.near = settings.near;
        camera.far = settings.far;
        camera.zoom = settings.zoom;
        camera.updateProjectionMatrix();
      }
      // orbit around a point ahead of the camera, as far as the scene's centre
      forward.set(0, 0, -1).applyQuaternion(quaternion);
      const distance = Math.max(1, center.distanceTo(position));
      controls.current?.target.copy(position).addScaledVector(forward, distance);
      controls.current?.update();
      camera.quaternion.copy(quaternion);
      invalidate();
    };
    commandsRef.current = {
      reset: home,
      cycle() {
        if (layout.cameras.length === 0) return undefined;
        cycleIndex.current = (cycleIndex.current + 1) % layout.cameras.length;
        const placed = layout.cameras[cycleIndex.current]!;
        apply(placed);
        return placed.name;
      },
      useCamera(name) {
        const index = layout.cameras.findIndex((c) => c.name === name);
        if (index < 0) return false;
        cycleIndex.current = index;
        apply(layout.cameras[index]!);
        return true;
      },
      focus(point) {
        const target = new Vector3(...point);
        const offset = camera.position.clone().sub(controls.current?.target ?? center);
        const distance = Math.min(offset.length(), Math.max(radius / 3, 3));
        camera.position.copy(target).add(offset.setLength(distance));
        controls.current?.target.copy(target);
        controls.current?.update();
        invalidate();
      },
    };
    if (!activeCamera || !commandsRef.current.useCamera(activeCamera)) home();
  }, [layout, cameras, camera, commandsRef, invalidate, activeCamera]);

  return <OrbitControls ref={controls as never} makeDefault enableDamping={false} />;
}
