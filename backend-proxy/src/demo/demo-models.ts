import fs from 'node:fs';
import path from 'node:path';

/**
 * The demo plant's GLB models, made by `scripts/demo-models.mjs` and checked in beside this
 * module; the service build copies them beside the compiled module, so the same path works
 * from src/ (tests) and dist/ (the service).
 */
export const DEMO_MODELS_DIR = path.join(__dirname, 'models');

export const DEMO_MODEL_FILES = ['floor.glb', 'mixer.glb', 'conveyor.glb', 'oven.glb'] as const;
export type DemoModelFile = (typeof DEMO_MODEL_FILES)[number];

/** The bytes of one demo model. */
export function readDemoModel(file: DemoModelFile): Buffer {
  return fs.readFileSync(path.join(DEMO_MODELS_DIR, file));
}
