import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

// runs the TypeScript service in a child without a build: swc compiles each .ts on require
export const register = `
const swc = require('@swc/core');
const fs = require('fs');
require.extensions['.ts'] = (m, file) => {
  const { code } = swc.transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
  });
  m._compile(code, file);
};
require(process.argv[1]);
`;

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  admin: { accessKeyId: string; secretAccessKey: string };
}

/** The service in a child process over `dataDir` (see durability-server.ts), for tests that kill it. */
export function startServiceProcess(dataDir: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['-e', register, path.join(__dirname, 'durability-server.ts'), dataDir], {
    cwd: path.join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.indexOf('\n');
      if (line >= 0) resolve({ child, ...JSON.parse(out.slice(0, line)) });
    });
    child.once('exit', (code) => reject(new Error(`service child exited with ${code} before it was ready`)));
  });
}
