// A Tiles3D ModelRef: the tileset streamed by 3d-tiles-renderer at the node's placement, tiles
// fetched through the data proxy like every model. Tile loads ask for a frame themselves
// (needs-update), so frameloop="demand" still draws nothing while the camera and tiles rest.
import { useFrame, useThree } from '@react-three/fiber';
import { TilesRenderer } from '3d-tiles-renderer';
import { GLTFExtensionsPlugin } from '3d-tiles-renderer/plugins';
import { useEffect, useMemo } from 'react';
import type { Matrix4 } from 'three';
import { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';

import { dracoDecoderPath } from './modelLoader';

interface Props {
  url: string;
  matrix: Matrix4;
  onError(message: string): void;
}

export function Tiles3DNode({ url, matrix, onError }: Props) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const tiles = useMemo(() => {
    const renderer = new TilesRenderer(url);
    renderer.fetchOptions = { credentials: 'same-origin' };
    renderer.registerPlugin(
      new GLTFExtensionsPlugin({ dracoLoader: new DRACOLoader().setDecoderPath(dracoDecoderPath()) }),
    );
    return renderer;
  }, [url]);

  useEffect(() => {
    const onNeedsUpdate = () => invalidate();
    const onLoadError = (e: { error?: Error; url?: string }) =>
      onError(`the tileset could not be loaded: ${e.error?.message ?? e.url ?? 'unknown error'}`);
    tiles.addEventListener('needs-update', onNeedsUpdate);
    tiles.addEventListener('load-error', onLoadError as never);
    return () => {
      tiles.removeEventListener('needs-update', onNeedsUpdate);
      tiles.removeEventListener('load-error', onLoadError as never);
      tiles.dispose();
    };
    // deps: onError is stable
  }, [tiles, invalidate]);

  useEffect(() => {
    tiles.setCamera(camera);
    tiles.setResolutionFromRenderer(camera, gl);
    invalidate();
    return () => {
      tiles.deleteCamera(camera);
    };
  }, [tiles, camera, gl, invalidate]);

  useFrame(() => {
    camera.updateMatrixWorld();
    tiles.setResolutionFromRenderer(camera, gl);
    tiles.update();
  });

  return (
    <group matrixAutoUpdate={false} matrix={matrix}>
      {/* 3D Tiles are Z-up, the scene (like glTF) Y-up */}
      <primitive object={tiles.group} rotation-x={-Math.PI / 2} />
    </group>
  );
}
