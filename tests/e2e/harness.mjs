// What every spec shares: the addresses scripts/e2e.mjs passes in (host, service, admin key),
// one Chromium per spec file, and helpers that act as a person would on Grafana's controls.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { launchChromium, newPage, screenshot } from './browser.mjs';

export const env = {
  hostUrl: process.env.E2E_HOST_URL,
  serviceUrl: process.env.E2E_SERVICE_URL,
  accessKeyId: process.env.E2E_ACCESS_KEY_ID,
  secretAccessKey: process.env.E2E_SECRET_ACCESS_KEY,
  /** epoch ms of the last seeded one-minute value */
  seededLastTime: Number(process.env.E2E_SEEDED_LAST_TIME),
};
if (!env.hostUrl) throw new Error('E2E_HOST_URL is not set: run the specs through `npm run e2e` (scripts/e2e.mjs)');

export const service = { url: env.serviceUrl, accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey };
const SELECT_OPTION = '[data-testid="data-testid Select option"]';
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Registers before/after hooks for one browser per spec file; returns { open }. */
export function useBrowser() {
  let browser;
  const pages = [];
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    /** Opens a host path in a new page; `page.errors` collects console errors and exceptions. */
    async open(path) {
      const page = await newPage(browser.context);
      pages.push(page);
      await page.goto(env.hostUrl + path);
      return page;
    },
  };
}

/** Runs fn; on failure saves a screenshot named FAILED-<name> before rethrowing. */
export async function step(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    await screenshot(page, `FAILED-${name}`).catch(() => {});
    if (page.errors?.length) e.message += `\npage errors:\n${page.errors.join('\n')}`;
    throw e;
  }
}

/** Picks the option labelled `label` in the @grafana/ui Select whose input has id inputId. */
export async function selectOption(page, inputId, label) {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(label);
  const option = page
    .locator(SELECT_OPTION)
    .filter({ has: page.locator('span', { hasText: new RegExp(`^${escapeRegex(label)}$`) }) });
  await option.first().click();
}

/** The frames shown in a frames view: [{ name, rows }]. */
export async function framesIn(root) {
  const frames = root.locator('[data-testid="frame"]');
  const count = await frames.count();
  const out = [];
  for (let i = 0; i < count; i++) {
    const f = frames.nth(i);
    out.push({ name: await f.getAttribute('data-frame-name'), rows: Number(await f.getAttribute('data-frame-rows')) });
  }
  return out;
}

/** Waits until Explore's result is in a final state and returns its frames. */
export async function exploreResult(page, { state = 'Done', timeout = 15_000 } = {}) {
  const result = page.getByTestId('explore-result');
  await result.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
  return framesIn(result);
}

/** Asserts the page raised no uncaught exception or console error. */
export function assertNoPageErrors(page, allowed = []) {
  const errors = (page.errors ?? []).filter(
    (e) => !allowed.some((a) => (a instanceof RegExp ? a.test(e) : e.includes(a))),
  );
  assert.deepEqual(errors, [], `page errors:\n${errors.join('\n')}`);
}

/** Calls the host server's Grafana-like API from Node. */
export async function hostApi(method, path, body) {
  const r = await fetch(env.hostUrl + path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await r.json();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(data)}`);
  return data;
}

export { screenshot };
