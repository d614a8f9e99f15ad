import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { validateBytes } from 'gltf-validator';

import { DEMO_MODEL_FILES, readDemoModel } from './demo-models';

/** The JSON chunk of a GLB (the first chunk, by the GLB 2.0 layout). */
function glbJson(bytes: Buffer) {
  expect(bytes.toString('latin1', 0, 4)).toBe('glTF');
  const length = bytes.readUInt32LE(12);
  expect(bytes.readUInt32LE(16)).toBe(0x4e4f534a); // 'JSON'
  return JSON.parse(bytes.toString('utf8', 20, 20 + length)) as {
    nodes: { name?: string }[];
    materials: { name?: string; pbrMetallicRoughness?: { baseColorFactor?: number[] } }[];
  };
}

describe('demo models', () => {
  it.each(DEMO_MODEL_FILES)('%s passes the Khronos glTF validator without errors or warnings', async (file) => {
    const report = await validateBytes(new Uint8Array(readDemoModel(file)));
    expect(report.issues.messages).toEqual([]);
    expect(report.issues.numErrors).toBe(0);
  });

  it.each(DEMO_MODEL_FILES)('%s is small', (file) => {
    expect(readDemoModel(file).byteLength).toBeLessThan(8 * 1024);
  });

  it('names the parts a scene can select (SubModelRef) and colours them with PBR materials', () => {
    const names = (file: (typeof DEMO_MODEL_FILES)[number]) => glbJson(readDemoModel(file)).nodes.map((n) => n.name);
    expect(names('mixer.glb')).toEqual(expect.arrayContaining(['Mixer', 'Bowl', 'Agitator', 'Motor']));
    expect(names('conveyor.glb')).toEqual(expect.arrayContaining(['Conveyor', 'Belt', 'Roller_In', 'Roller_Out']));
    expect(names('oven.glb')).toEqual(expect.arrayContaining(['Oven', 'Body', 'Door', 'Chimney']));
    expect(names('floor.glb')).toEqual(expect.arrayContaining(['Floor', 'Slab']));
    for (const file of DEMO_MODEL_FILES)
      for (const material of glbJson(readDemoModel(file)).materials)
        expect(material.pbrMetallicRoughness?.baseColorFactor).toHaveLength(4);
  });

  it('are what scripts/demo-models.mjs makes (the script is their source)', async () => {
    const script = path.join(__dirname, '..', '..', 'scripts', 'demo-models.mjs');
    await expect(promisify(execFile)(process.execPath, [script, '--check'])).resolves.toBeDefined();
  });
});
