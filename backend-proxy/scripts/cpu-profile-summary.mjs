// Summarises V8 .cpuprofile files (node --cpu-prof): the functions with the most self time, and
// the total (self + callees) time of each, so a benchmark can show where a request's time goes.
// Usage: node scripts/cpu-profile-summary.mjs FILE… [--top N]
import fs from 'node:fs';

const frameKey = (f) =>
  `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;

/** Self and total milliseconds per function over one profile, plus the profile's span. */
export function summarise(profile) {
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  for (const n of profile.nodes) {
    const ms = n.hitCount * interval;
    if (ms === 0) continue;
    const key = frameKey(n.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
    // count each function once per stack, however often it recurses
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const k = frameKey(byId.get(id).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  }
  return { self, total, spanMs: (profile.endTime - profile.startTime) / 1000 };
}

/** Prints the top functions by self time and by total time. */
export function printSummary(label, { self, total, spanMs }, top = 25) {
  const busy = [...self].filter(([k]) => !k.startsWith('(idle)')).reduce((a, [, ms]) => a + ms, 0);
  console.log(`\n${label}: ${spanMs.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms not idle`);
  console.log('  self ms  function');
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms.toFixed(0).padStart(7)}  ${k}`);
  console.log('  total ms function');
  for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms.toFixed(0).padStart(7)}  ${k}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) : 25;
  const files = process.argv.slice(2).filter((a, j, all) => a !== '--top' && all[j - 1] !== '--top');
  for (const f of files) printSummary(f, summarise(JSON.parse(fs.readFileSync(f, 'utf8'))), top);
}
