#!/usr/bin/env node
// Runs a benchmark: `npm run bench -w backend-proxy -- <name>` → scripts/bench-<name>.mjs.
// Benches run against the built service (dist/): build it first with `npm run build -w backend-proxy`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = fs
  .readdirSync(here)
  .filter((f) => /^bench-.+\.mjs$/.test(f))
  .map((f) => f.slice(6, -4));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -w backend-proxy -- <${available.join('|')}> [options]`);
  process.exit(2);
}
if (!fs.existsSync(path.join(here, '..', 'dist', 'cli.js'))) {
  console.error('dist/ is missing: run `npm run build -w backend-proxy` first');
  process.exit(2);
}
process.argv.splice(2, 1);
await import(path.join(here, `bench-${name}.mjs`));
