import fs from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, Document } from 'yaml';

/** A problem in a provisioning file: `file:line:column field: what is wrong`. */
export class ProvisionError extends Error {}

/**
 * A YAML or JSON file read with the positions of its values, so errors can point into it. The
 * parsed document (every node with its position) is made again only when an error needs a
 * position: kept for every file of a 10,000-entity site it doubled the reading's heap and its
 * garbage collection.
 */
export class SourceFile {
  private parsed?: { document: Document; lines: LineCounter };

  private constructor(
    /** the path as shown in messages (relative to the folder being provisioned) */
    readonly name: string,
    readonly value: unknown,
    private readonly text: string,
  ) {}

  static read(file: string, root: string): SourceFile {
    return SourceFile.parse(fs.readFileSync(file, 'utf8'), path.relative(root, file) || path.basename(file));
  }

  static parse(text: string, name: string): SourceFile {
    const { document, lines } = parseWithPositions(text);
    const first = document.errors[0];
    if (first) {
      const at = lines.linePos(first.pos[0]);
      throw new ProvisionError(`${name}:${at.line}:${at.col} ${first.message.split('\n')[0]}`);
    }
    return new SourceFile(name, document.toJS({ maxAliasCount: 100 }), text);
  }

  /** `file:line:column` of the value at `at` (or of the nearest enclosing value that exists). */
  where(at: (string | number)[]): string {
    const { document, lines } = (this.parsed ??= parseWithPositions(this.text));
    for (let n = at.length; n >= 0; n--) {
      const node = n === 0 ? document.contents : document.getIn(at.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return `${this.name}:${pos.line}:${pos.col}`;
      }
    }
    return `${this.name}:1:1`;
  }

  /** An error naming the file, line, column and the field path. */
  error(at: (string | number)[], field: string, message: string): ProvisionError {
    return new ProvisionError(`${this.where(at)} ${field ? `${field}: ` : ''}${message}`);
  }
}

// JSON is read by the same parser (it is YAML 1.2), so both get positions
function parseWithPositions(text: string): { document: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { document, lines };
}
