// Environment lighting, background, fog and ground plane from the scene's properties. The
// environment map is generated here (three's procedural RoomEnvironment through PMREM), never
// downloaded: drei's presets fetch HDRIs from a CDN, which an air-gapped plant cannot reach.
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { Color, Fog, PMREMGenerator } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';

import type { SceneSettings } from '../../common/scene/types';

/** Intensity of the generated room per TwinMaker preset name (neutral is TwinMaker's default). */
const PRESET_INTENSITY: Record<string, number> = { neutral: 0.6, directional: 0.8, chromatic: 0.7 };

export function SceneEnvironment({ settings, groundY }: { settings: SceneSettings; groundY: number }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const invalidate = useThree((s) => s.invalidate);

  useEffect(() => {
    const preset = settings.environmentPreset;
    if (!preset) return;
    const pmrem = new PMREMGenerator(gl);
    const room = new RoomEnvironment();
    const target = pmrem.fromScene(room, 0.04);
    scene.environment = target.texture;
    scene.environmentIntensity = PRESET_INTENSITY[preset] ?? 0.6;
    room.dispose();
    pmrem.dispose();
    invalidate();
    return () => {
      scene.environment = null;
      target.dispose();
    };
  }, [gl, scene, settings.environmentPreset, invalidate]);

  useEffect(() => {
    scene.background = settings.background ? new Color(settings.background.color) : null;
    scene.fog = settings.fog ? new Fog(settings.fog.color, settings.fog.near, settings.fog.far) : null;
    invalidate();
  }, [scene, settings.background, settings.fog, invalidate]);

  if (!settings.ground) return null;
  return (
    <mesh rotation={[-Math.PI / 2, 0, 0]} position={[0, groundY, 0]} receiveShadow>
      <planeGeometry args={[1000, 1000]} />
      <meshStandardMaterial
        color={settings.ground.color}
        transparent={settings.ground.opacity < 1}
        opacity={settings.ground.opacity}
      />
    </mesh>
  );
}
