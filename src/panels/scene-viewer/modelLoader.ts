// glTF/GLB loading with the decoders shipped in the plugin (Draco's wasm copied into dist next
// to this panel's module.js, meshopt's inside the bundle): nothing is fetched from a CDN, so a
// plant without internet draws its models. Each URL is loaded once, however many nodes use it.
import { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';
import { type GLTF, GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';

declare const __webpack_public_path__: string;

let loader: GLTFLoader | undefined;
const cache = new Map<string, Promise<GLTF>>();

const PANEL_DIR = 'panels/scene-viewer/';

/**
 * Where the build copies three's Draco decoder (.config/bundler/copyFiles.ts): beside the
 * panel's module.js. The public path is the panel's folder inside the panel's bundle and the
 * plugin root inside the app's (its Scenes page loads the viewer too).
 */
export function dracoDecoderPath(): string {
  const base = typeof __webpack_public_path__ === 'string' ? __webpack_public_path__ : '';
  return base.endsWith(PANEL_DIR) ? `${base}draco/` : `${base}${PANEL_DIR}draco/`;
}

function gltfLoader(): GLTFLoader {
  if (!loader) {
    const draco = new DRACOLoader().setDecoderPath(dracoDecoderPath());
    loader = new GLTFLoader().setDRACOLoader(draco).setMeshoptDecoder(MeshoptDecoder);
    loader.setWithCredentials(true);
  }
  return loader;
}

/** The parsed model at url (shared: callers clone its scene, which shares geometry). */
export function loadModel(url: string): Promise<GLTF> {
  let entry = cache.get(url);
  if (!entry) {
    entry = gltfLoader().loadAsync(url);
    // a failure is not cached: the next mount (e.g. after an upload) tries again
    entry.catch(() => cache.delete(url));
    cache.set(url, entry);
  }
  return entry;
}
