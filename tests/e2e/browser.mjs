// Debian's Chromium driven by playwright-core (never a downloaded browser), with a fresh
// profile per launch, and page helpers that collect console errors and save screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const ARTIFACTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches Chromium; resolves with { browser, close } (close also removes the profile). */
export async function launchChromium({ extraArgs = [] } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/ensure-system-packages.sh`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doppel-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A new page that records console errors and uncaught exceptions in page.errors. */
export async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported below with their URL instead of the browser's bare message.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      page.errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    // Data proxy errors are what some tests provoke; Grafana's fonts are not on npm.
    if (r.status() >= 400 && !r.url().includes('/api/datasources/proxy/') && !r.url().includes('/public/fonts/'))
      page.errors.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return page;
}

// Playwright waits for document.fonts.ready before every screenshot, without a bound of its own:
// under heavy load a font that never settles stalled a whole spec ("waiting for fonts"). We wait
// for the fonts ourselves, bounded, then tell Playwright not to wait again (it reads this
// variable in this process); a screenshot then still fails on a real error or its own timeout.
process.env.PW_TEST_SCREENSHOT_NO_FONTS_READY = '1';
const FONTS_WAIT_MS = 10_000;

/** Resolves when the page's fonts are ready, or after FONTS_WAIT_MS (text then draws in a fallback font). */
export async function waitForFonts(page, timeoutMs = FONTS_WAIT_MS) {
  await page
    .evaluate(
      (ms) => Promise.race([document.fonts.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]),
      timeoutMs,
    )
    .catch(() => false);
}

/** Saves a full-page screenshot as artifacts/<name>.png (animations stopped, caret as is). */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await waitForFonts(page);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'initial' });
  return file;
}
