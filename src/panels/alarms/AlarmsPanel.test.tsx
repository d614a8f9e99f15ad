import { getDefaultTimeRange, LoadingState, type PanelData, type PanelProps } from '@grafana/data';
import {
  type BackendSrv,
  type DataSourceSrv,
  locationService,
  setBackendSrv,
  setDataSourceSrv,
} from '@grafana/runtime';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { from, map } from 'rxjs';

import type { WhoAmI } from '../../common/alarms';
import { DoppelApiError } from '../../common/client';
import { alarmsToFrame } from '../../datasource/frames';
import { alarmRecord, cookieWorkspace, fakeService } from '../../test/fakeService';
import { settle } from '../../test/settle';
import { AlarmsPanel } from './AlarmsPanel';
import { type AlarmsPanelOptions, DEFAULT_OPTIONS } from './types';

const WRITER: WhoAmI = {
  accessKeyId: 'W',
  isAdmin: false,
  workspaces: [{ workspaceId: 'cookiefactory', role: 'write' }],
};
const READER: WhoAmI = {
  accessKeyId: 'R',
  isAdmin: false,
  workspaces: [{ workspaceId: 'cookiefactory', role: 'read' }],
};

function setup({ who = WRITER, alarms = defaultAlarms() } = {}) {
  const ws = { ...cookieWorkspace(), alarms, whoami: who };
  const svc = fakeService(ws);
  setBackendSrv({
    fetch: (o: { url: string; method: 'GET' | 'POST' | 'PUT'; data?: unknown }) =>
      from(svc.transport({ method: o.method, url: o.url, data: o.data })).pipe(map((data) => ({ data, status: 200 }))),
  } as unknown as BackendSrv);
  setDataSourceSrv({
    getList: () => [
      { uid: 'ds1', name: 'Doppel', type: 'doppel-twin-datasource', jsonData: { workspaceId: 'cookiefactory' } },
    ],
  } as unknown as DataSourceSrv);
  const data: PanelData = {
    state: LoadingState.Done,
    series: [
      alarmsToFrame(
        alarms.map((a) => ({ ...a })),
        'A',
      ),
    ],
    timeRange: getDefaultTimeRange(),
    request: { targets: [{ refId: 'A', datasource: { uid: 'ds1' } }] } as any,
  };
  const props = {
    data,
    options: DEFAULT_OPTIONS,
    replaceVariables: (t: string) => t,
    width: 800,
    height: 400,
  } as unknown as PanelProps<AlarmsPanelOptions>;
  const view = render(<AlarmsPanel {...props} />);
  return { svc, ws, view, props };
}

function defaultAlarms() {
  return [
    alarmRecord('Mixer_0', 'Overheat', {
      severity: 4,
      message: 'Too hot',
      sourceValue: {
        componentName: 'MixerComponent',
        propertyName: 'Temperature',
        value: { doubleValue: 95.25 },
        time: '2021-11-05T00:10:00.000Z',
      },
    }),
    alarmRecord('Mixer_1', 'Vibration', { status: 'ACKNOWLEDGED', severity: 2 }),
    alarmRecord('Factory', 'Power', { status: 'NORMAL', severity: 5, threshold: null }),
  ];
}

const table = () => screen.getByRole('table', { name: 'Alarms' });
const rows = () => within(table()).getAllByRole('row').slice(1);
const row = (entityId: string) => rows().find((r) => r.getAttribute('data-entity-id') === entityId)!;

beforeEach(() => locationService.push('/d/x'));

describe('alarms panel', () => {
  it("lists the query's alarms with their status, severity, source value and rule", async () => {
    setup();
    expect(rows().map((r) => r.getAttribute('data-status'))).toEqual(['ACTIVE', 'ACKNOWLEDGED', 'NORMAL']);
    expect(row('Mixer_0')).toHaveTextContent(/ACTIVE4Mixer 0Overheat/);
    expect(row('Mixer_0')).toHaveTextContent('Too hot · Temperature = 95.25 · rule Temperature > 90');
    expect(screen.getByRole('status')).toHaveTextContent('3 alarms');
    // the actions wait for the key's rights
    expect(await screen.findByRole('button', { name: 'Acknowledge Overheat on Mixer 0' })).toBeInTheDocument();
  });

  it('says "No active alarms" when the query answers none', async () => {
    setup({ alarms: [] });
    await settle();
    expect(screen.getByTestId('alarms-empty')).toHaveTextContent('No active alarms');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('filters by any words of entity, alarm, status or message, and sorts by a column header', async () => {
    setup();
    await userEvent.type(screen.getByLabelText('Filter alarms'), 'mixer ack');
    expect(rows().map((r) => r.getAttribute('data-entity-id'))).toEqual(['Mixer_1']);
    expect(screen.getByRole('status')).toHaveTextContent('1 of 3 alarms');
    await userEvent.clear(screen.getByLabelText('Filter alarms'));
    await userEvent.click(screen.getByRole('button', { name: 'Severity' }));
    expect(screen.getByRole('columnheader', { name: /Severity/ })).toHaveAttribute('aria-sort', 'descending');
    expect(rows().map((r) => r.getAttribute('data-entity-id'))).toEqual(['Factory', 'Mixer_0', 'Mixer_1']);
    await userEvent.click(screen.getByRole('button', { name: /Severity/ }));
    expect(rows().map((r) => r.getAttribute('data-entity-id'))).toEqual(['Mixer_1', 'Mixer_0', 'Factory']);
    await userEvent.click(screen.getByRole('button', { name: 'Entity' }));
    expect(rows().map((r) => r.getAttribute('data-entity-id'))).toEqual(['Factory', 'Mixer_0', 'Mixer_1']);
  });

  it('a click on an alarm sets sel_entity and sel_comp, and the row shows as selected', async () => {
    setup();
    await userEvent.click(within(row('Mixer_1')).getByText('Vibration'));
    expect(locationService.getSearchObject()).toMatchObject({
      'var-sel_entity': 'Mixer_1',
      'var-sel_comp': 'Vibration',
    });
    await waitFor(() => expect(row('Mixer_1')).toHaveAttribute('aria-selected', 'true'));
  });

  it('acknowledges with a note: the service gets it, the row changes at once', async () => {
    const { svc } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Acknowledge Overheat on Mixer 0' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Note/), 'on my way');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(row('Mixer_0')).toHaveAttribute('data-status', 'ACKNOWLEDGED'));
    const post = svc.seen.find((s) => s.method === 'POST' && s.path.includes(':acknowledge'))!;
    expect(post.path).toBe('/doppel/workspaces/cookiefactory/alarms/Mixer_0/Overheat:acknowledge');
    expect(post.body).toEqual({ note: 'on my way' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // no acknowledging twice; a NORMAL alarm offers neither acknowledge nor reset
    expect(screen.queryByRole('button', { name: 'Acknowledge Overheat on Mixer 0' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reset Power on Factory' })).not.toBeInTheDocument();
  });

  it('snoozes for the minutes asked, refuses a duration the service would not take', async () => {
    const { svc } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Snooze Vibration on Mixer 1' }));
    const minutes = within(screen.getByRole('dialog')).getByLabelText(/Snooze for/);
    expect(minutes).toHaveValue(60);
    await userEvent.clear(minutes);
    await userEvent.type(minutes, '0');
    expect(within(screen.getByRole('dialog')).getByRole('button', { name: 'Snooze' })).toBeDisabled();
    await userEvent.clear(minutes);
    await userEvent.type(minutes, '15');
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Snooze' }));
    await waitFor(() => expect(row('Mixer_1')).toHaveAttribute('data-status', 'SNOOZE_DISABLED'));
    expect(svc.seen.find((s) => s.path.endsWith(':snooze'))!.body).toEqual({ durationSeconds: 900 });
  });

  it("shows the service's refusal inside the dialog and keeps it open", async () => {
    const { svc } = setup();
    const transport = svc.transport;
    setBackendSrv({
      fetch: (o: { url: string; method: 'GET' | 'POST'; data?: unknown }) =>
        from(
          o.url.endsWith(':reset')
            ? Promise.reject(new DoppelApiError('The alarm changed meanwhile', 409, 'ConflictException'))
            : transport({ method: o.method, url: o.url, data: o.data }),
        ).pipe(map((data) => ({ data, status: 200 }))),
    } as unknown as BackendSrv);
    await userEvent.click(await screen.findByRole('button', { name: 'Reset Overheat on Mixer 0' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reset' }));
    expect(
      await within(screen.getByRole('dialog')).findByText(/ConflictException: The alarm changed meanwhile/),
    ).toBeInTheDocument();
    expect(row('Mixer_0')).toHaveAttribute('data-status', 'ACTIVE');
  });

  it('edits a threshold with one UpdateEntity of the changed properties', async () => {
    const { svc } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit threshold of Overheat on Mixer 0' }));
    const dialog = screen.getByRole('dialog');
    const threshold = within(dialog).getByLabelText('Threshold');
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '97.5');
    const delay = within(dialog).getByLabelText(/Delay/);
    await userEvent.clear(delay);
    await userEvent.type(delay, '30');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save threshold' }));
    await waitFor(() => expect(row('Mixer_0')).toHaveTextContent('rule Temperature > 97.5'));
    const put = svc.seen.find((s) => s.method === 'PUT')!;
    expect(put.path).toBe('/workspaces/cookiefactory/entities/Mixer_0');
    expect(put.body).toEqual({
      componentUpdates: {
        Overheat: {
          updateType: 'UPDATE',
          propertyUpdates: {
            threshold: { value: { doubleValue: 97.5 } },
            delaySeconds: { value: { integerValue: 30 } },
          },
        },
      },
    });
  });

  it('hides every action from a key that may only read', async () => {
    const { svc } = setup({ who: READER });
    await waitFor(() => expect(svc.seen.some((s) => s.path === '/doppel/whoami')).toBe(true));
    await new Promise((r) => setTimeout(r, 0));
    expect(within(table()).queryAllByRole('button', { name: /Acknowledge|Snooze|Reset|Edit threshold/ })).toEqual([]);
    expect(within(row('Mixer_0')).getByRole('button', { name: 'History of Overheat on Mixer 0' })).toBeInTheDocument();
  });

  it("shows an alarm's history, newest first, with key, note and source value", async () => {
    const { ws } = setup({ who: READER });
    ws.alarmEvents = [
      {
        entityId: 'Mixer_0',
        componentName: 'Overheat',
        time: '2021-11-05T00:20:00.000Z',
        status: 'ACKNOWLEDGED',
        previousStatus: 'ACTIVE',
        action: 'ACKNOWLEDGE',
        accessKeyId: 'W',
        note: 'on my way',
      },
      {
        entityId: 'Mixer_0',
        componentName: 'Overheat',
        time: '2021-11-05T00:10:00.000Z',
        status: 'ACTIVE',
        previousStatus: 'NORMAL',
        action: 'RAISE',
        sourceValue: {
          componentName: 'MixerComponent',
          propertyName: 'Temperature',
          value: { doubleValue: 95.25 },
          time: '2021-11-05T00:10:00.000Z',
        },
      },
    ];
    await userEvent.click(screen.getByRole('button', { name: 'History of Overheat on Mixer 0' }));
    const items = within(await screen.findByRole('list', { name: 'Alarm history' })).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringMatching(/ACKNOWLEDGE: ACTIVE → ACKNOWLEDGED by W — “on my way”$/),
      expect.stringMatching(/RAISE: NORMAL → ACTIVE \(Temperature = 95.25\)$/),
    ]);
  });
});
