import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { type BackendSrv, type DataSourceSrv, setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { from, map } from 'rxjs';

import { DoppelApiError } from '../common/client';
import { cookieWorkspace, fakeService } from '../test/fakeService';
import type { AppSettings } from '../types';
import { AppConfig } from './AppConfig';

function setup(reachable: boolean) {
  const svc = fakeService({ ...cookieWorkspace(), version: '2.3.4' });
  const posted: unknown[] = [];
  setBackendSrv({
    fetch: (options: { url: string; method: 'GET' | 'POST'; data?: unknown }) =>
      from(
        reachable
          ? svc.transport({ method: options.method, url: options.url, data: options.data })
          : Promise.reject(new DoppelApiError('Bad Gateway', 502, undefined, true)),
      ).pipe(map((data) => ({ data, status: 200 }))),
    post: async (url: string, body: unknown) => posted.push({ url, body }),
  } as unknown as BackendSrv);
  setDataSourceSrv({
    getList: () => [
      { uid: 'ds1', name: 'Doppel', type: 'doppel-twin-datasource', jsonData: { workspaceId: 'cookiefactory' } },
    ],
  } as unknown as DataSourceSrv);
  const plugin = { meta: { id: 'doppel-twin-app', jsonData: {} } } as unknown as PluginConfigPageProps<
    AppPluginMeta<AppSettings>
  >['plugin'];
  render(<AppConfig plugin={plugin} query={{}} />);
  return { posted };
}

describe('App configuration', () => {
  it('checks the connection as the page opens and shows the service version', async () => {
    setup(true);
    expect(await screen.findByText('Doppel service version 2.3.4')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Check again/ }));
    expect(await screen.findByText('Doppel service version 2.3.4')).toBeInTheDocument();
  });

  it('says when the service does not answer', async () => {
    setup(false);
    expect(await screen.findByText(/The service did not answer/)).toBeInTheDocument();
  });

  it('saves the chosen data source in the app settings', async () => {
    const { posted } = setup(true);
    await userEvent.click(screen.getByRole('button', { name: /Save settings/ }));
    expect(posted).toEqual([
      {
        url: '/api/plugins/doppel-twin-app/settings',
        body: { enabled: true, pinned: true, jsonData: { datasourceUid: 'ds1' } },
      },
    ]);
  });
});
