import fs from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, Document } from 'yaml';

/** A problem in a provisioning file: `file:line:column field: what is wrong`. */
export class ProvisionError extends Error {}

/** A YAML or JSON file read with the positions of its values, so errors can point into it. */
export class SourceFile {
  private constructor(
    /** the path as shown in messages (relative to the folder being provisioned) */
    readonly name: string,
    readonly value: unknown,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  static read(file: string, root: string): SourceFile {
    return SourceFile.parse(fs.readFileSync(file, 'utf8'), path.relative(root, file) || path.basename(file));
  }

  static parse(text: string, name: string): SourceFile {
    const lines = new LineCounter();
    // JSON is read by the same parser (it is YAML 1.2), so both get positions
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const first = document.errors[0];
    if (first) {
      const at = lines.linePos(first.pos[0]);
      throw new ProvisionError(`${name}:${at.line}:${at.col} ${first.message.split('\n')[0]}`);
    }
    return new SourceFile(name, document.toJS({ maxAliasCount: 100 }), document, lines);
  }

  /** `file:line:column` of the value at `at` (or of the nearest enclosing value that exists). */
  where(at: (string | number)[]): string {
    for (let n = at.length; n >= 0; n--) {
      const node = n === 0 ? this.document.contents : this.document.getIn(at.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = this.lines.linePos(node.range[0]);
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
