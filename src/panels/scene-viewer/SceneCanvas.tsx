// The three.js side of the viewer: one r3f Canvas drawing on demand (frameloop="demand": a
// frame only when the camera, a value or the selection changed), with the renderer counted
// for the stats contract, and the scene's lights, environment, models and tags inside.
import { Canvas } from '@react-three/fiber';
import { memo } from 'react';

import type { LoadedScene } from './useSceneDocument';
import { CameraRig, type CameraCommands } from './CameraRig';
import { type ModelLook, ModelNode } from './ModelNodes';
import { instrumentRenderer, type SceneViewerStats } from './renderStats';
import { SceneEnvironment } from './SceneEnvironment';
import { SceneLights } from './SceneLights';
import type { PlacedModel } from '../../common/scene/layout';
import { resolveModelPath } from '../../common/scene/sceneApi';
import { TagSprites, type TagSpritesHandle } from './TagSprites';
import type { TagState } from './tagStates';
import { MotionIndicators } from './MotionIndicators';
import { DataOverlays } from './DataOverlays';
import { ScenePlanes } from './ScenePlanes';
import type { SceneValues } from './SceneValues';

export interface SceneCanvasProps {
  scene: LoadedScene;
  resourceUrl(path: string): string;
  states: TagState[];
  vars: Record<string, string>;
  values: SceneValues;
  stats: SceneViewerStats;
  tagsReady: React.RefObject<boolean>;
  spritesRef: React.RefObject<TagSpritesHandle | null>;
  cameraRef: React.RefObject<CameraCommands | null>;
  activeCamera?: string;
  selectedEntity?: string;
  look: ModelLook;
  lookVersion: number;
  onModelError(uri: string, message: string): void;
  onTagHover(index: number | undefined): void;
  onTagSelect(index: number): void;
  onModelHover(model: PlacedModel | undefined, part?: number): void;
  onModelSelect(model: PlacedModel, part?: number): void;
}

/** Memoised: the tag list's refreshes re-render the viewer, never the three.js tree. */
export const SceneCanvas = memo(function SceneCanvas(props: SceneCanvasProps) {
  const { scene, states, stats, tagsReady, look, lookVersion } = props;
  const { model, layout, folder } = scene;
  const groundY = 0;
  return (
    <Canvas
      frameloop="demand"
      dpr={[1, 2]}
      gl={{ antialias: true, preserveDrawingBuffer: false }}
      camera={{ fov: 50, near: 0.1, far: 5000, position: [10, 10, 10] }}
      onCreated={({ gl }) => instrumentRenderer(gl, stats, () => tagsReady.current)}
      data-testid="scene-viewer-canvas"
    >
      <SceneEnvironment settings={model.settings} groundY={groundY} />
      <SceneLights lights={layout.lights} />
      {layout.models.map((m) => (
        <ModelNode
          key={m.nodeIndex}
          model={m}
          url={props.resourceUrl(resolveModelPath(folder, m.model.uri))}
          sceneUnit={model.unit}
          look={look}
          lookVersion={lookVersion}
          onError={props.onModelError}
          onLoaded={() => {}}
          onSelect={props.onModelSelect}
          onHover={props.onModelHover}
        />
      ))}
      <ScenePlanes planes={layout.planes} />
      <DataOverlays
        overlays={layout.overlays}
        vars={props.vars}
        values={props.values}
        panelsVisible={model.settings.overlayPanelVisible}
        selectedEntity={props.selectedEntity}
      />
      <MotionIndicators items={layout.motionIndicators} rules={model.rules} vars={props.vars} values={props.values} />
      <TagSprites
        tags={layout.tags}
        states={states}
        scale={model.settings.tagScale}
        handleRef={props.spritesRef}
        onReady={() => (tagsReady.current = true)}
        onHover={props.onTagHover}
        onSelect={props.onTagSelect}
      />
      <CameraRig
        layout={layout}
        cameras={model.cameras}
        commandsRef={props.cameraRef}
        activeCamera={props.activeCamera}
      />
    </Canvas>
  );
});
