// Configuring the data source in its settings page: the first Save & test flow, the workspace
// picker, each failure with its own reason, and the secret never reaching the browser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoPageErrors, env, hostApi, screenshot, selectOption, step, useBrowser } from '../harness.mjs';
import { OTHER_WORKSPACE, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();
const SAVE = '[data-testid="data-testid Data source settings page Save and Test button"]';
const ALERT = '[data-testid="data-testid Data source settings page Alert"]';

/** A fresh data source, as "Add data source" leaves it (version 1, nothing filled in). */
async function newDataSource(name) {
  const { datasource } = await hostApi('POST', '/api/datasources', { type: 'doppel-twin-datasource', name });
  return datasource.uid;
}

async function saveAndTest(page) {
  await page.click(SAVE);
  const alert = page.locator(ALERT);
  await alert.waitFor({ timeout: 15_000 });
  return { status: await alert.getAttribute('data-status'), text: await alert.innerText() };
}

async function fillConnection(page, { url, keyId, secret }) {
  if (url !== undefined) await page.fill('#doppel-service-url', url);
  if (keyId !== undefined) await page.fill('#doppel-access-key-id', keyId);
  if (secret !== undefined) await page.fill('#doppel-secret', secret);
}

describe('data source settings', () => {
  test('first Save & test connects, lists the workspaces, and a picked workspace tests green', async () => {
    const uid = await newDataSource('Doppel first run');
    const page = await browser.open(`/datasources/edit?uid=${uid}`);
    await step(page, 'config-first-run', async () => {
      await page.getByText('First connection').waitFor();
      await screenshot(page, 'config-01-empty');
      await fillConnection(page, { url: env.serviceUrl, keyId: env.accessKeyId, secret: env.secretAccessKey });

      const first = await saveAndTest(page);
      assert.equal(first.status, 'error');
      assert.match(first.text, /no workspace is selected/);
      assert.match(first.text, new RegExp(`${WORKSPACE}.*${OTHER_WORKSPACE}|${OTHER_WORKSPACE}.*${WORKSPACE}`));

      // After the save the picker lists what the key can see.
      await page.click('#doppel-workspace');
      const options = page.locator('[data-testid="data-testid Select option"]');
      await options.filter({ hasText: OTHER_WORKSPACE }).first().waitFor();
      await page.keyboard.press('Escape');
      await selectOption(page, 'doppel-workspace', WORKSPACE);
      const second = await saveAndTest(page);
      await screenshot(page, 'config-02-success');
      assert.equal(second.status, 'success', second.text);
      assert.match(second.text, new RegExp(`workspace "${WORKSPACE}" is ready`));
      assertNoPageErrors(page);
    });
  });

  test('the secret stays on the server: the page and the settings API only say it is set', async () => {
    const page = await browser.open('/datasources/edit?uid=doppel');
    await page.locator(SAVE).waitFor();
    const html = await page.content();
    assert.ok(!html.includes(env.secretAccessKey), 'the secret appears in the page');
    const settings = await page.evaluate(() => fetch('/api/datasources/uid/doppel').then((r) => r.json()));
    assert.deepEqual(settings.secureJsonFields, { secretAccessKey: true });
    assert.ok(!JSON.stringify(settings).includes(env.secretAccessKey));
  });

  test('an unreachable service is reported as such', async () => {
    const uid = await newDataSource('Doppel unreachable');
    const page = await browser.open(`/datasources/edit?uid=${uid}`);
    await step(page, 'config-unreachable', async () => {
      await fillConnection(page, { url: 'http://127.0.0.1:9', keyId: env.accessKeyId, secret: env.secretAccessKey });
      const result = await saveAndTest(page);
      await screenshot(page, 'config-03-unreachable');
      assert.equal(result.status, 'error');
      assert.match(result.text, /Cannot reach the Doppel service at http:\/\/127\.0\.0\.1:9/);
    });
  });

  test('a wrong secret is reported as refused credentials', async () => {
    const uid = await newDataSource('Doppel bad key');
    const page = await browser.open(`/datasources/edit?uid=${uid}`);
    await step(page, 'config-bad-credentials', async () => {
      await fillConnection(page, { url: env.serviceUrl, keyId: env.accessKeyId, secret: 'not-the-secret' });
      const result = await saveAndTest(page);
      await screenshot(page, 'config-04-bad-credentials');
      assert.equal(result.status, 'error');
      assert.match(result.text, new RegExp(`refused the access key "${env.accessKeyId}"`));
    });
  });

  test('an unknown workspace is reported with the ones the key can see', async () => {
    const uid = await newDataSource('Doppel unknown workspace');
    const page = await browser.open(`/datasources/edit?uid=${uid}`);
    await step(page, 'config-unknown-workspace', async () => {
      await fillConnection(page, { url: env.serviceUrl, keyId: env.accessKeyId, secret: env.secretAccessKey });
      // Typing an id before the first save is allowed (custom value).
      await page.click('#doppel-workspace');
      await page.keyboard.type('no-such-workspace');
      await page.keyboard.press('Enter');
      const result = await saveAndTest(page);
      await screenshot(page, 'config-05-unknown-workspace');
      assert.equal(result.status, 'error');
      assert.match(result.text, /Workspace "no-such-workspace" does not exist or this key cannot see it/);
      assert.match(result.text, new RegExp(WORKSPACE));
    });
  });
});
