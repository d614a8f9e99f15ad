import path from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * Run from TypeScript sources (jest, through swc), a worker has no loader for `.ts`: this
 * small script registers one (swc, the compiler the tests already use) before it loads the
 * module. Built code (dist/) loads the `.js` module directly and never runs it.
 */
const TYPESCRIPT_ENTRY = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const { transformSync } = require(workerData.__swc);
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  module._compile(code, filename);
};
require(workerData.__module);
`;

/**
 * A worker thread running the module `name` of the directory `dir` (a sibling of the caller:
 * pass `__dirname`), whether the service runs built (`name.js`) or from its sources under
 * jest (`name.ts`). The module reads `workerData` and talks to `parentPort` as usual.
 */
export function moduleWorker(dir: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = path.extname(__filename) === '.ts';
  if (!fromSources) return new Worker(path.join(dir, `${name}.js`), options);
  return new Worker(TYPESCRIPT_ENTRY, {
    ...options,
    eval: true,
    workerData: {
      ...(options.workerData as object),
      __module: path.join(dir, `${name}.ts`),
      __swc: require.resolve('@swc/core'),
    },
  });
}
