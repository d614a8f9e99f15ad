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

import { cookieWorkspace, fakeService } from '../test/fakeService';
import { WorkspacesPage } from './WorkspacesPage';

function setup() {
  const svc = fakeService(cookieWorkspace());
  setBackendSrv({
    fetch: (options: { url: string; method: 'GET' | 'POST'; data?: unknown }) =>
      from(svc.transport({ method: options.method, url: options.url, data: options.data })).pipe(
        map((data) => ({ data, status: 200 })),
      ),
  } as unknown as BackendSrv);
  setDataSourceSrv({
    getList: () => [
      { uid: 'ds1', name: 'Doppel', type: 'doppel-twin-datasource', jsonData: { workspaceId: 'cookiefactory' } },
    ],
  } as unknown as DataSourceSrv);
  render(<WorkspacesPage settings={{}} />);
  return svc;
}

beforeEach(() => locationService.push('/a/doppel-twin-app/workspaces'));

describe('Workspaces page', () => {
  it('opens on the entity a link names (?ws=&entity=) and keeps the selection in the URL', async () => {
    locationService.push('/a/doppel-twin-app/workspaces?ws=cookiefactory&entity=Mixer_1');
    setup();
    expect(await screen.findByRole('heading', { name: 'Mixer 1' })).toBeInTheDocument();
    await userEvent.click(await screen.findByText('Component types'));
    expect(locationService.getSearchObject()).toMatchObject({
      ws: 'cookiefactory',
      entity: 'Mixer_1',
      tab: 'componentTypes',
    });
  });

  it('shows the entity tree from $ROOT and loads children only when a node opens', async () => {
    const svc = setup();
    const tree = await screen.findByRole('tree', { name: 'Entities' });
    expect(await within(tree).findByText('Factory')).toBeInTheDocument();
    const listed = () =>
      svc.seen.filter((s) => s.path.endsWith('/entities-list')).map((s) => s.body.filters[0].parentEntityId);
    expect(listed()).toEqual(['$ROOT']);
    await userEvent.click(screen.getByRole('button', { name: 'Expand Factory' }));
    expect(await within(tree).findByText('Mixer 0')).toBeInTheDocument();
    expect(listed()).toEqual(['$ROOT', 'Factory']);
  });

  it('picking a parent by its name also opens it; its toggle still closes it', async () => {
    setup();
    const tree = await screen.findByRole('tree', { name: 'Entities' });
    await userEvent.click(await within(tree).findByText('Factory'));
    expect(await within(tree).findByText('Mixer 0')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Collapse Factory' }));
    expect(within(tree).queryByText('Mixer 0')).not.toBeInTheDocument();
  });

  it("shows an entity's components, properties and latest values", async () => {
    setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Expand Factory' }));
    await userEvent.click(await screen.findByText('Mixer 0'));
    expect(await screen.findByText('MixerComponent')).toBeInTheDocument();
    expect(screen.getByText('telemetryAssetType')).toBeInTheDocument();
    expect(await screen.findByText('Mixer')).toBeInTheDocument();
    expect(screen.getAllByText('time series')).toHaveLength(2);
  });

  it('shows component types under the types they extend', async () => {
    setup();
    await userEvent.click(await screen.findByText('Component types'));
    const tree = await screen.findByRole('tree', { name: 'Component types' });
    const parent = within(tree).getByRole('treeitem', { name: 'com.example.timestream-telemetry' });
    expect(within(parent).getByRole('treeitem', { name: 'com.example.cookiefactory.mixer' })).toBeInTheDocument();
    expect(within(parent).getByText(/extends com.example.timestream-telemetry/)).toBeInTheDocument();
  });

  it('lists the workspaces the key sees', async () => {
    setup();
    await userEvent.click(screen.getByLabelText('Workspace'));
    await waitFor(() => expect(screen.getByText('third')).toBeInTheDocument());
  });
});
