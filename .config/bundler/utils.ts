import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { SOURCE_DIR } from './constants';

export function getPackageJson() {
  return JSON.parse(fs.readFileSync(path.resolve(process.cwd(), 'package.json'), 'utf8'));
}

export function getPluginJson() {
  return JSON.parse(fs.readFileSync(path.resolve(process.cwd(), SOURCE_DIR, 'plugin.json'), 'utf8'));
}

/** Every plugin.json under src/, relative to src/ (the root one first). */
export function getPluginJsonPaths(): string[] {
  const root = path.resolve(process.cwd(), SOURCE_DIR);
  const found = (fs.readdirSync(root, { recursive: true }) as string[])
    .map((p) => p.split(path.sep).join('/'))
    .filter((p) => p === 'plugin.json' || p.endsWith('/plugin.json'))
    .filter((p) => !p.includes('node_modules'));
  return found.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/**
 * One webpack entry per plugin.json: `module` for the app, `datasource/module`,
 * `panels/<x>/module` for nested plugins — Grafana loads each from its own folder.
 */
export function getEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const pluginJson of getPluginJsonPaths()) {
    const dir = path.posix.dirname(pluginJson);
    const candidates = ['module.tsx', 'module.ts', 'module.jsx', 'module.js'];
    const module = candidates.find((c) => fs.existsSync(path.resolve(process.cwd(), SOURCE_DIR, dir, c)));
    if (!module) continue;
    const name = dir === '.' ? 'module' : `${dir}/module`;
    entries[name] = path.resolve(process.cwd(), SOURCE_DIR, dir, module);
  }
  return entries;
}
