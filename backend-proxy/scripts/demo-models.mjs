#!/usr/bin/env node
// npm run demo-models -w backend-proxy [-- --check]
// Writes the GLB models of the demo plant (mixer, conveyor, oven, floor) to src/demo/models/,
// where `serve --demo` reads them. Each machine is a handful of boxes and cylinders with
// named parts (a scene's SubModelRef selects them by name) and PBR colours; metres, Y up,
// origin on the floor under the machine's centre, material flow along +X. Metals stay below
// 0.6 metalness so they read as metal without an environment map too.
// --check writes nothing and exits 1 when the checked-in files differ from what this makes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Document, NodeIO } from '@gltf-transform/core';

import { aboutX, modelBuilder } from './gltf-shapes.mjs';

export const MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'demo', 'models');

const QUARTER = Math.PI / 2;

function mixer(m) {
  const paint = m.material('MixerBlue', 0x2f6fb3, 0.1, 0.45);
  const steel = m.material('Stainless', 0xc8ccd0, 0.6, 0.35);
  const dark = m.material('MachineGrey', 0x3b4047, 0.3, 0.6);
  m.part('Base', 'box', dark, { translation: [0, 0.15, 0], scale: [1.4, 0.3, 1.4] });
  m.part('Bowl', 'cylinder', steel, { translation: [0.1, 0.75, 0], scale: [1.1, 0.9, 1.1] });
  m.part('Column', 'box', paint, { translation: [-0.6, 1.25, 0], scale: [0.25, 1.9, 0.25] });
  m.part('Arm', 'box', paint, { translation: [-0.25, 2.05, 0], scale: [0.9, 0.25, 0.3] });
  m.part('Motor', 'cylinder', dark, { translation: [0.1, 2.3, 0], scale: [0.45, 0.35, 0.45] });
  m.part('Agitator', 'cylinder', steel, { translation: [0.1, 1.45, 0], scale: [0.08, 1.0, 0.08] });
  m.part('ControlBox', 'box', paint, { translation: [-0.6, 1.2, 0.22], scale: [0.3, 0.4, 0.15] });
}

function conveyor(m) {
  const rubber = m.material('BeltRubber', 0x222222, 0, 0.9);
  const safety = m.material('SafetyYellow', 0xe8b51f, 0.1, 0.5);
  const steel = m.material('Steel', 0xa7adb4, 0.6, 0.4);
  const paint = m.material('MotorBlue', 0x2f6fb3, 0.1, 0.45);
  m.part('Belt', 'box', rubber, { translation: [0, 0.9, 0], scale: [4.0, 0.06, 0.7] });
  for (const [side, z] of [
    ['Left', -0.39],
    ['Right', 0.39],
  ])
    m.part(`Rail_${side}`, 'box', safety, { translation: [0, 0.88, z], scale: [4.1, 0.15, 0.06] });
  for (const [end, x] of [
    ['In', -2.0],
    ['Out', 2.0],
  ])
    m.part(`Roller_${end}`, 'cylinder', steel, {
      translation: [x, 0.86, 0],
      rotation: aboutX(QUARTER),
      scale: [0.16, 0.72, 0.16],
    });
  let leg = 0;
  for (const x of [-1.8, 1.8])
    for (const z of [-0.32, 0.32])
      m.part(`Leg_${++leg}`, 'box', steel, { translation: [x, 0.415, z], scale: [0.08, 0.83, 0.08] });
  m.part('Drive', 'cylinder', paint, {
    translation: [1.9, 0.7, 0.5],
    rotation: aboutX(QUARTER),
    scale: [0.25, 0.3, 0.25],
  });
}

function oven(m) {
  const body = m.material('OvenSteel', 0x8e9399, 0.5, 0.5);
  const dark = m.material('OvenDark', 0x34383d, 0.4, 0.6);
  const glow = m.material('HotWindow', 0xff8a2a, 0, 0.3);
  glow.setEmissiveFactor([1, 0.35, 0.05]);
  const paint = m.material('PanelBlue', 0x2f6fb3, 0.1, 0.45);
  m.part('Body', 'box', body, { translation: [0, 0.9, 0], scale: [3.0, 1.2, 1.2] });
  let leg = 0;
  for (const x of [-1.4, 1.4])
    for (const z of [-0.5, 0.5])
      m.part(`Leg_${++leg}`, 'box', dark, { translation: [x, 0.15, z], scale: [0.1, 0.3, 0.1] });
  m.part('Door', 'box', dark, { translation: [0, 0.9, 0.62], scale: [1.6, 0.8, 0.04] });
  m.part('Window', 'box', glow, { translation: [0, 1.05, 0.645], scale: [0.8, 0.3, 0.02] });
  m.part('Inlet', 'box', dark, { translation: [-1.51, 0.95, 0], scale: [0.02, 0.25, 0.8] });
  m.part('Outlet', 'box', dark, { translation: [1.51, 0.95, 0], scale: [0.02, 0.25, 0.8] });
  m.part('Chimney', 'cylinder', dark, { translation: [1.1, 1.8, -0.3], scale: [0.25, 0.6, 0.25] });
  m.part('ControlPanel', 'box', paint, { translation: [-1.3, 1.0, 0.65], scale: [0.4, 0.6, 0.1] });
}

function floor(m) {
  const concrete = m.material('Concrete', 0x9a9a96, 0, 0.95);
  const marking = m.material('FloorMarking', 0xe8b51f, 0, 0.7);
  m.part('Slab', 'box', concrete, { translation: [0, -0.025, 0], scale: [16, 0.05, 12] });
  // a walkway between the two lines, and a border round each line
  for (const [name, z] of [
    ['Walkway_North', -1.2],
    ['Walkway_South', 1.2],
    ['Line_1_Edge', -4.8],
    ['Line_2_Edge', 4.8],
  ])
    m.part(name, 'box', marking, { translation: [0, 0.005, z], scale: [14, 0.01, 0.08] });
}

export const DEMO_MODELS = { 'mixer.glb': mixer, 'conveyor.glb': conveyor, 'oven.glb': oven, 'floor.glb': floor };

/** The GLB bytes of every demo model, by file name. */
export async function buildDemoModels() {
  const io = new NodeIO();
  const out = {};
  for (const [file, design] of Object.entries(DEMO_MODELS)) {
    const document = new Document();
    const name = file[0].toUpperCase() + file.slice(1, -4);
    document.getRoot().getAsset().generator = 'Doppel demo-models.mjs (glTF-Transform)';
    design(modelBuilder(document, name));
    out[file] = await io.writeBinary(document);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const models = await buildDemoModels();
  let stale = 0;
  fs.mkdirSync(MODELS_DIR, { recursive: true });
  for (const [file, bytes] of Object.entries(models)) {
    const target = path.join(MODELS_DIR, file);
    const same = fs.existsSync(target) && Buffer.from(bytes).equals(fs.readFileSync(target));
    if (check) {
      if (!same)
        console.error(`${file} differs from what demo-models.mjs makes: run npm run demo-models -w backend-proxy`);
      stale += same ? 0 : 1;
    } else {
      fs.writeFileSync(target, bytes);
      console.log(`${path.relative(process.cwd(), target)}  ${bytes.byteLength} bytes`);
    }
  }
  process.exit(stale ? 1 : 0);
}
