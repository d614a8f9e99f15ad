// DataOverlay rows: TwinMaker's markdown with `${bindingName}` placeholders, turned into plain
// blocks and spans (bold, italic, code) — never HTML, so a value or a scene file cannot inject
// markup; React escapes every text it is given.

export type OverlaySpan = { text: string; bold?: boolean; italic?: boolean; code?: boolean };
export type OverlayBlock = { kind: 'heading' | 'item' | 'line'; spans: OverlaySpan[] };

/** `${name}` replaced by the bound value's text; unknown names show as `-`. */
export function fillBindings(content: string, values: Record<string, string>): string {
  return content.replace(/\$\{(\w+)\}/g, (_m, name: string) => values[name] ?? '-');
}

function spans(line: string): OverlaySpan[] {
  const out: OverlaySpan[] = [];
  const pattern = /\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|_(.+?)_|`(.+?)`/g;
  let last = 0;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index) });
    if (m[1] ?? m[2]) out.push({ text: (m[1] ?? m[2])!, bold: true });
    else if (m[3] ?? m[4]) out.push({ text: (m[3] ?? m[4])!, italic: true });
    else out.push({ text: m[5]!, code: true });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ text: line.slice(last) });
  return out;
}

/** The blocks of one markdown row: headings, list items and lines; raw HTML stays text. */
export function overlayBlocks(markdown: string): OverlayBlock[] {
  return markdown
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return { kind: 'heading' as const, spans: spans(heading[1]!) };
      const item = /^\s*[-*+]\s+(.*)$/.exec(line);
      if (item) return { kind: 'item' as const, spans: spans(item[1]!) };
      return { kind: 'line' as const, spans: spans(line) };
    });
}
