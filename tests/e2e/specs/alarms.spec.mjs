// Alarms end to end through the host: a threshold alarm on an oven of the e2e factory, the
// alarms panel (a live Get Alarms query) and a scene whose tag follows the alarm's
// alarm_status. A BatchPut over the threshold raises the alarm: it appears in the panel and the
// tag turns to Error; acknowledging it with a note changes both and is audited; a click selects
// it; a read-only key sees the alarm but no action.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertNoPageErrors, hostApi, screenshot, service, step, useBrowser } from '../harness.mjs';
import { MIXER_TYPE, serviceClient, WORKSPACE } from '../seed.mjs';

const browser = useBrowser();
const call = serviceClient(service);
const DASHBOARD = '/d?file=tests/e2e/fixtures/alarms-dashboard.json';
const OVEN = 'E2E_Oven';
const READER_DS = 'doppel-reader';

const tagNode = {
  name: 'Oven alarm',
  transform: { position: [0, 1, 0], rotation: [0, 0, 0], scale: [1, 1, 1] },
  components: [
    {
      type: 'Tag',
      icon: 'iottwinmaker.common.icon:Info',
      ruleBasedMapId: 'alarmRule',
      valueDataBinding: {
        dataBindingContext: { entityId: OVEN, componentName: 'Overheat', propertyName: 'alarm_status' },
      },
    },
  ],
};
const scene = {
  specVersion: '1.0',
  version: '1',
  unit: 'meters',
  nodes: [
    {
      name: 'Light',
      transform: { position: [0, 5, 0], rotation: [0, 0, 0], scale: [1, 1, 1] },
      components: [{ type: 'Light', lightType: 'Ambient', lightSettings: { color: 16777215, intensity: 1 } }],
    },
    tagNode,
  ],
  rootNodeIndexes: [0, 1],
  rules: {
    // TwinMaker's sample alarm rule
    alarmRule: {
      statements: [
        { expression: "alarm_status == 'ACTIVE'", target: 'iottwinmaker.common.icon:Error' },
        { expression: "alarm_status == 'ACKNOWLEDGED'", target: 'iottwinmaker.common.icon:Warning' },
        { expression: "alarm_status == 'SNOOZE_DISABLED'", target: 'iottwinmaker.common.icon:Warning' },
        { expression: "alarm_status == 'NORMAL'", target: 'iottwinmaker.common.icon:Info' },
      ],
    },
  },
};

let readerKeyId;

before(async () => {
  await call('POST', `/workspaces/${WORKSPACE}/entities`, {
    entityId: OVEN,
    entityName: 'E2E Oven',
    parentEntityId: 'Line_1',
    components: {
      Oven: { componentTypeId: MIXER_TYPE },
      Overheat: {
        componentTypeId: 'doppel.alarm.threshold',
        properties: {
          sourceComponent: { value: { stringValue: 'Oven' } },
          sourceProperty: { value: { stringValue: 'temperature' } },
          operator: { value: { stringValue: '>' } },
          threshold: { value: { doubleValue: 200 } },
          severity: { value: { integerValue: 4 } },
          alarm_message: { value: { stringValue: 'Oven too hot' } },
        },
      },
    },
  });
  await call('PUT', `/doppel/workspaces/${WORKSPACE}/resources/alarm-scene.json`, scene);
  await call('POST', `/workspaces/${WORKSPACE}/scenes`, {
    sceneId: 'AlarmScene',
    contentLocation: `s3://${WORKSPACE}/alarm-scene.json`,
  });
  const reader = await call('POST', '/doppel/keys', {
    description: 'e2e alarms: read only',
    workspaces: [{ workspaceId: WORKSPACE, role: 'read' }],
  });
  readerKeyId = reader.accessKeyId;
  await hostApi('POST', '/api/datasources', {
    uid: READER_DS,
    name: 'Doppel (read only)',
    type: 'doppel-twin-datasource',
    jsonData: { serviceUrl: service.url, accessKeyId: reader.accessKeyId, workspaceId: WORKSPACE },
    secureJsonData: { secretAccessKey: reader.secretAccessKey },
    version: 2,
  });
});

// other specs count the workspace's entities and scenes: leave it as the seed made it
after(async () => {
  const quiet = (p) => p.catch(() => undefined);
  await quiet(call('DELETE', `/workspaces/${WORKSPACE}/scenes/AlarmScene`));
  await quiet(call('DELETE', `/doppel/workspaces/${WORKSPACE}/resources/alarm-scene.json`));
  await quiet(call('DELETE', `/workspaces/${WORKSPACE}/entities/${OVEN}?isRecursive=false`));
  if (readerKeyId) await quiet(call('DELETE', `/doppel/keys/${readerKeyId}`));
  await quiet(hostApi('DELETE', `/api/datasources/uid/${READER_DS}`));
});

const putTemperature = (value) =>
  call('POST', `/workspaces/${WORKSPACE}/entity-properties`, {
    entries: [
      {
        entityPropertyReference: { entityId: OVEN, componentName: 'Oven', propertyName: 'temperature' },
        propertyValues: [{ time: new Date().toISOString(), value: { doubleValue: value } }],
      },
    ],
  });

const alarmsPanel = (page) => page.getByTestId('alarms-panel');
const ovenRow = (page) => alarmsPanel(page).locator(`tr[data-entity-id="${OVEN}"]`);
const ovenTag = (page) =>
  page.getByRole('list', { name: 'Scene tags' }).getByRole('listitem').filter({ hasText: 'Oven alarm' });

describe('alarms', () => {
  test('a BatchPut raises the alarm in the panel and turns the tag to Error; acknowledging changes both', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'alarms-raise-ack', async () => {
      await page.getByTestId('alarms-empty').getByText('No active alarms').waitFor({ timeout: 15_000 });
      await ovenTag(page).waitFor({ timeout: 30_000 });
      await screenshot(page, 'alarms-01-quiet');

      await putTemperature(250);
      await ovenRow(page).and(page.locator('[data-status="ACTIVE"]')).waitFor({ timeout: 5000 });
      await ovenTag(page).and(page.locator('[data-state="Error"]')).waitFor({ timeout: 5000 });
      const text = await ovenRow(page).innerText();
      assert.match(text, /ACTIVE\s+4\s+E2E Oven\s+Overheat/);
      assert.match(text, /Oven too hot · temperature = 250 · rule temperature > 200/);
      await screenshot(page, 'alarms-02-active');

      await alarmsPanel(page).getByRole('button', { name: 'Acknowledge Overheat on E2E Oven' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Note').fill('e2e: on my way');
      await dialog.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await ovenRow(page).and(page.locator('[data-status="ACKNOWLEDGED"]')).waitFor({ timeout: 5000 });
      await ovenTag(page).and(page.locator('[data-state="Warning"]')).waitFor({ timeout: 5000 });
      assert.equal(
        await alarmsPanel(page)
          .getByRole('button', { name: /^Acknowledge / })
          .count(),
        0,
      );
      await screenshot(page, 'alarms-03-acknowledged');

      // audited: the key and the note are in the alarm's history
      const { events } = await call('GET', `/doppel/workspaces/${WORKSPACE}/alarms/${OVEN}/Overheat/events`);
      const ack = events.find((e) => e.action === 'ACKNOWLEDGE');
      assert.equal(ack?.note, 'e2e: on my way');
      assert.equal(ack?.accessKeyId, service.accessKeyId);
      await alarmsPanel(page).getByRole('button', { name: 'History of Overheat on E2E Oven' }).click();
      const history = page.getByRole('list', { name: 'Alarm history' }).getByRole('listitem');
      await history.first().waitFor();
      assert.match(await history.first().innerText(), /ACKNOWLEDGE: ACTIVE → ACKNOWLEDGED by .* — “e2e: on my way”/);
      assert.match(await history.nth(1).innerText(), /RAISE: NORMAL → ACTIVE \(temperature = 250\)/);
      await screenshot(page, 'alarms-03b-history');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // a click selects the alarm's entity and component for the other panels
      await ovenRow(page).getByText('Overheat', { exact: true }).click();
      await page.waitForURL(/var-sel_entity=E2E_Oven/);
      assert.match(page.url(), /var-sel_comp=Overheat/);
      assert.equal(await ovenRow(page).getAttribute('aria-selected'), 'true');
      assertNoPageErrors(page);
    });
  });

  test('snoozing takes minutes from the dialog; a threshold edited in the panel is stored on the component', async () => {
    const page = await browser.open(DASHBOARD);
    await step(page, 'alarms-snooze-threshold', async () => {
      await ovenRow(page).waitFor({ timeout: 15_000 });
      await alarmsPanel(page).getByRole('button', { name: 'Snooze Overheat on E2E Oven' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/Snooze for/).fill('5');
      await dialog.getByRole('button', { name: 'Snooze', exact: true }).click();
      await ovenRow(page).and(page.locator('[data-status="SNOOZE_DISABLED"]')).waitFor({ timeout: 5000 });
      const { alarms } = await call('GET', `/doppel/workspaces/${WORKSPACE}/alarms?entityId=${OVEN}`);
      const until = Date.parse(alarms[0].snoozedUntil) - Date.now();
      assert.ok(until > 240_000 && until <= 300_000, `snoozed for 5 minutes: ${until} ms left`);

      await alarmsPanel(page).getByRole('button', { name: 'Edit threshold of Overheat on E2E Oven' }).click();
      await page.getByRole('dialog').getByLabel('Threshold', { exact: true }).fill('300');
      await page.getByRole('dialog').getByLabel(/Delay/).fill('10');
      await page.getByRole('dialog').getByRole('button', { name: 'Save threshold' }).click();
      await ovenRow(page).getByText('rule temperature > 300').waitFor({ timeout: 5000 });
      const entity = await call('GET', `/workspaces/${WORKSPACE}/entities/${OVEN}`);
      const props = entity.components.Overheat.properties;
      assert.equal(props.threshold.value.doubleValue, 300);
      assert.equal(props.delaySeconds.value.integerValue, 10);
      await screenshot(page, 'alarms-05-snoozed');
      assertNoPageErrors(page);
    });
  });

  test('a read-only key sees the alarm but no action', async () => {
    const page = await browser.open(`${DASHBOARD}&var-ds=${READER_DS}`);
    await step(page, 'alarms-read-only', async () => {
      await ovenRow(page).waitFor({ timeout: 15_000 });
      // whoami has answered once the panel says nothing about the key's rights and shows no Actions column
      await page.waitForTimeout(1000);
      assert.equal(
        await alarmsPanel(page)
          .getByRole('button', { name: /Acknowledge|Snooze|Reset|Edit threshold/ })
          .count(),
        0,
      );
      await screenshot(page, 'alarms-04-read-only');
      assertNoPageErrors(page);
    });
  });
});
