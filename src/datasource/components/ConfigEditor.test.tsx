import type { DataSourceSettings } from '@grafana/data';
import { type BackendSrv, setBackendSrv } from '@grafana/runtime';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { of } from 'rxjs';

import type { DoppelOptions, DoppelSecureOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<DoppelOptions, DoppelSecureOptions>;

const fresh = (patch: Partial<Settings> = {}): Settings =>
  ({
    id: 1,
    uid: 'ds1',
    orgId: 1,
    name: 'Doppel',
    type: 'doppel-twin-datasource',
    access: 'proxy',
    url: '',
    version: 1,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    ...patch,
  }) as Settings;

const fetches: string[] = [];
beforeEach(() => {
  fetches.length = 0;
  setBackendSrv({
    fetch: (options: { url: string }) => {
      fetches.push(options.url);
      return of({
        data: {
          workspaceSummaries: [
            { workspaceId: 'cookiefactory', description: 'Cookie factory' },
            { workspaceId: 'other' },
          ],
        },
        status: 200,
      });
    },
  } as unknown as BackendSrv);
});

/** The editor inside a stateful parent, as Grafana's settings page holds it. */
function Harness({ initial, onChange }: { initial: Settings; onChange: (s: Settings) => void }) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        setOptions(next);
        onChange(next);
      }}
    />
  );
}

describe('ConfigEditor', () => {
  it('first connection: explains the save & test flow and takes everything before any save', async () => {
    const onChange = jest.fn();
    render(<Harness initial={fresh()} onChange={onChange} />);
    expect(screen.getByText('First connection')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/Service URL/), 'http://localhost:8600/');
    await userEvent.type(screen.getByLabelText(/Access key id/), 'AKIDEXAMPLE');
    await userEvent.type(screen.getByLabelText(/Secret access key/), 's3cret');
    await userEvent.type(screen.getByLabelText('Workspace'), 'cookiefactory{enter}');

    const last: Settings = onChange.mock.calls.at(-1)[0];
    expect(last.jsonData).toEqual({
      serviceUrl: 'http://localhost:8600',
      accessKeyId: 'AKIDEXAMPLE',
      workspaceId: 'cookiefactory',
    });
    expect(last.secureJsonData).toEqual({ secretAccessKey: 's3cret' });
    // nothing can be listed before the secret is saved server-side
    expect(fetches).toEqual([]);
  });

  it('after the first save: lists the workspaces the key sees through the data proxy', async () => {
    const onChange = jest.fn();
    render(
      <Harness
        initial={fresh({
          version: 2,
          jsonData: { serviceUrl: 'http://svc', accessKeyId: 'AKID' },
          secureJsonFields: { secretAccessKey: true },
        })}
        onChange={onChange}
      />,
    );
    expect(screen.queryByText('First connection')).not.toBeInTheDocument();
    await waitFor(() => expect(fetches).toEqual(['/api/datasources/proxy/uid/ds1/doppel/workspaces-list']));
    await userEvent.click(screen.getByLabelText('Workspace'));
    await userEvent.click(await screen.findByText('cookiefactory'));
    expect(onChange.mock.calls.at(-1)[0].jsonData.workspaceId).toBe('cookiefactory');
  });

  it('selects the only workspace a key can see, and says so', async () => {
    setBackendSrv({
      fetch: () => of({ data: { workspaceSummaries: [{ workspaceId: 'solo' }] }, status: 200 }),
    } as unknown as BackendSrv);
    const onChange = jest.fn();
    render(
      <Harness initial={fresh({ version: 2, secureJsonFields: { secretAccessKey: true } })} onChange={onChange} />,
    );
    expect(await screen.findByText(/solo is the only workspace this key can see/)).toBeInTheDocument();
    expect(onChange.mock.calls.at(-1)[0].jsonData.workspaceId).toBe('solo');
  });

  it('lists workspaces for a provisioned data source (version 1, secret set by provisioning)', async () => {
    render(
      <Harness initial={fresh({ version: 1, secureJsonFields: { secretAccessKey: true } })} onChange={jest.fn()} />,
    );
    await waitFor(() => expect(fetches).toHaveLength(1));
    expect(screen.queryByText('First connection')).not.toBeInTheDocument();
  });

  it('shows a saved secret as configured and resets it on request', async () => {
    const onChange = jest.fn();
    render(
      <Harness initial={fresh({ version: 3, secureJsonFields: { secretAccessKey: true } })} onChange={onChange} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    const last: Settings = onChange.mock.calls.at(-1)[0];
    expect(last.secureJsonFields.secretAccessKey).toBe(false);
    expect(last.secureJsonData?.secretAccessKey).toBe('');
  });

  it('says why listing workspaces failed', async () => {
    setBackendSrv({
      fetch: () => {
        throw Object.assign(new Error('x'), {
          status: 403,
          data: { message: 'The access key id or secret is not valid' },
        });
      },
    } as unknown as BackendSrv);
    render(
      <Harness initial={fresh({ version: 2, secureJsonFields: { secretAccessKey: true } })} onChange={jest.fn()} />,
    );
    expect(await screen.findByText(/Could not list workspaces/)).toBeInTheDocument();
  });
});
