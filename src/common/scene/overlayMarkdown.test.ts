import fs from 'node:fs';
import path from 'node:path';

import { SAMPLES } from '../../test/fixtures';
import { fillBindings, overlayBlocks } from './overlayMarkdown';
import { parseScene } from './parseScene';

describe('DataOverlay markdown', () => {
  test('the Tiles sample overlays fill their bindings', () => {
    const model = parseScene(
      JSON.parse(fs.readFileSync(path.join(SAMPLES, 'cookiefactory-v3/scenes/CookieFactoryTiles.json'), 'utf8')),
    );
    const overlay = model.nodes.flatMap((n) => n.components).find((c) => c.type === 'DataOverlay');
    if (overlay?.type !== 'DataOverlay') throw new Error('no overlay in the sample');
    const names = overlay.valueDataBindings.map((b) => b.bindingName);
    const values = Object.fromEntries(names.map((n, i) => [n, String(i + 10)]));
    const text = overlay.dataRows.map((r) => fillBindings(r.content, values)).join('\n');
    for (const n of names)
      if (overlay.dataRows.some((r) => r.content.includes(`\${${n}}`))) expect(text).toContain(values[n]);
    expect(text).not.toMatch(/\$\{/);
  });

  test('headings, items, bold, italic and code become blocks and spans; HTML stays text', () => {
    expect(overlayBlocks('# Oven\n- temp: **${t}** *C*\n<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'heading', spans: [{ text: 'Oven' }] },
      {
        kind: 'item',
        spans: [{ text: 'temp: ' }, { text: '${t}', bold: true }, { text: ' ' }, { text: 'C', italic: true }],
      },
      { kind: 'line', spans: [{ text: '<img src=x onerror=alert(1)>' }] },
    ]);
    expect(fillBindings('a ${x} b ${missing}', { x: '<b>1</b>' })).toBe('a <b>1</b> b -');
  });
});
