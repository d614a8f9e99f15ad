import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The CLI's log as an operator's collector sees it: stdout piped, so JSON lines; each line
 * parses and names each key once (JSON.parse keeps the last of two equal keys, so the raw text
 * is scanned for that).
 */

// runs src/cli.ts without a build: swc compiles each .ts on require (as service-process.ts does)
const register = `
const swc = require('@swc/core');
const fs = require('fs');
require.extensions['.ts'] = (m, file) => {
  const { code } = swc.transformSync(fs.readFileSync(file, 'utf8').replace(/^#!.*\\n/, ''), {
    filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
  });
  m._compile(code, file);
};
process.argv.splice(1, 1);
require(process.argv[1]);
`;

interface Run {
  child: ChildProcess;
  url: Promise<string>;
  output(): string;
  exited: Promise<number | null>;
}

function runCli(env: Record<string, string>): Run {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-logs-'));
  const cli = path.join(__dirname, '..', 'src', 'cli.ts');
  const childEnv = { ...process.env, ...env };
  delete childEnv.DOPPEL_ACCESS_KEY_ID;
  delete childEnv.DOPPEL_SECRET_ACCESS_KEY;
  const child = spawn(process.execPath, ['-e', register, 'cli', cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: path.join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv,
  });
  let out = '';
  let err = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code} before listening: ${err}`)));
  });
  url.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return { child, url, output: () => out + err, exited };
}

/** The keys an object literal in `text` names more than once, at any depth. */
function duplicateKeys(text: string): string[] {
  const dupes: string[] = [];
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const str = () => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    if (text[i] === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      while (text[i] !== '}') {
        ws();
        const key = str();
        if (seen.has(key)) dupes.push(key);
        seen.add(key);
        ws();
        i++; // ':'
        value();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (text[i] === '[') {
      i++;
      ws();
      while (text[i] !== ']') {
        value();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (text[i] === '"') str();
    else while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
  };
  value();
  return dupes;
}

test('the duplicate-key scan finds a repeated key (so the test below can fail)', () => {
  expect(duplicateKeys('{"a":1,"b":{"c":[1,{"d":2,"d":3}]},"a":"x\\"y"}')).toEqual(['d', 'a']);
  expect(duplicateKeys('{"reqId":"1","msg":"a, b: {c}"}')).toEqual([]);
});

test('piped, the CLI logs JSON lines, one key once per line, request lines with reqId', async () => {
  const run = runCli({ DOPPEL_LOG_FORMAT: '' });
  try {
    const url = await run.url;
    await fetch(`${url}/healthz`);
    await fetch(`${url}/workspaces-list`, { method: 'POST' }); // 401: no credentials
    await fetch(`${url}/no-such-operation`);
  } finally {
    run.child.kill('SIGTERM');
  }
  expect(await run.exited).toBe(0);
  const lines = run.output().trim().split('\n');
  const requests = [];
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect({ line, duplicates: duplicateKeys(line) }).toEqual({ line, duplicates: [] });
    if (entry.msg === 'request') requests.push(entry);
  }
  expect(requests.map((r) => r.status)).toEqual([200, 401, 404]);
  for (const r of requests) expect(typeof r.reqId).toBe('string');
});

test('DOPPEL_LOG_FORMAT=pretty writes lines for people even into a pipe; another value is refused', async () => {
  const pretty = runCli({ DOPPEL_LOG_FORMAT: 'pretty' });
  try {
    await pretty.url;
  } finally {
    pretty.child.kill('SIGTERM');
  }
  await pretty.exited;
  const first = pretty.output().split('\n')[0]!;
  expect(first).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO/);
  expect(() => JSON.parse(first)).toThrow();

  const wrong = runCli({ DOPPEL_LOG_FORMAT: 'yaml' });
  await expect(wrong.url).rejects.toThrow(/DOPPEL_LOG_FORMAT must be json or pretty, got yaml/);
  expect(await wrong.exited).toBe(1);
});
