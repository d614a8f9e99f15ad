import type { DataSourceInstanceSettings } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { cookieWorkspace, fakeService } from '../../test/fakeService';
import { fakeTemplateSrv } from '../../test/templateSrv';
import { settle } from '../../test/settle';
import { testDataSource } from '../../test/testDataSource';
import { DoppelDataSource } from '../datasource';
import { DEFAULT_MAX_RESULTS, type DoppelOptions, type DoppelQuery, QueryType } from '../types';
import { changeQueryType, QueryEditor } from './QueryEditor';

jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  // Monaco does not run in jsdom: a textarea with the same callbacks stands in.
  CodeEditor: ({ value, onBlur, onChange }: any) => (
    <textarea
      aria-label="Query statement"
      defaultValue={value}
      onChange={(e) => onChange?.(e.target.value)}
      onBlur={(e) => onBlur?.(e.target.value)}
    />
  ),
}));

const variables = { entity: 'Mixer_0' };
beforeAll(() => setTemplateSrv(fakeTemplateSrv(variables)));

async function setup(query: Partial<DoppelQuery>) {
  const svc = fakeService(cookieWorkspace());
  const datasource = testDataSource(svc, { variables });
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const utils = render(
    <QueryEditor
      datasource={datasource}
      query={{ refId: 'A', ...query } as DoppelQuery}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />,
  );
  await settle();
  return { ...utils, onChange, onRunQuery, seen: svc.seen, datasource };
}

async function pick(label: string, option: string) {
  await userEvent.click(screen.getByLabelText(label));
  await userEvent.click(await screen.findByText(option));
}

describe('QueryEditor: each query type shows its own fields', () => {
  it.each<[QueryType, string[]]>([
    [QueryType.GetPropertyValue, ['Entity', 'Component', 'Properties']],
    [QueryType.EntityHistory, ['Entity', 'Component', 'Properties', 'Stream', 'Max results']],
    [QueryType.ComponentHistory, ['Component type', 'Properties', 'Stream', 'Max results']],
    [QueryType.GetEntity, ['Entity']],
    [QueryType.ListEntities, ['Has component type', 'Parent entity', 'Max results']],
    [QueryType.KnowledgeGraph, ['Query statement', 'Max results']],
    [QueryType.GetAlarms, ['Alarm status', 'Under entity', 'Stream', 'Max results']],
  ])('%s', async (queryType, labels) => {
    await setup({ queryType });
    for (const label of labels) expect(screen.getByLabelText(label)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText(/Loading/)).not.toBeInTheDocument());
  });

  it.each([
    [QueryType.ListWorkspaces, "Every workspace the data source's key can see"],
    [QueryType.ListScenes, 'Every scene of the workspace'],
  ])('%s says what it returns', async (queryType, text) => {
    await setup({ queryType });
    expect(screen.getByText(text)).toBeInTheDocument();
    expect(screen.queryByLabelText('Entity')).not.toBeInTheDocument();
  });

  it('Get Alarms starts on ACTIVE alarms; picking a state and an entity runs the query', async () => {
    const { onChange, onRunQuery } = await setup({ queryType: QueryType.EntityHistory, entityId: 'Mixer_0' });
    await pick('Query type', 'Get Alarms');
    const switched = onChange.mock.lastCall[0];
    expect(switched).toEqual(
      expect.objectContaining({ queryType: QueryType.GetAlarms, statuses: ['ACTIVE'], entityId: 'Mixer_0' }),
    );
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('Get Alarms: a status added to the filter is sent', async () => {
    const { onChange } = await setup({ queryType: QueryType.GetAlarms, statuses: ['ACTIVE'] });
    await pick('Alarm status', 'ACKNOWLEDGED');
    expect(onChange.mock.lastCall[0].statuses).toEqual(['ACTIVE', 'ACKNOWLEDGED']);
  });

  it('history by entity has filters and order', async () => {
    await setup({ queryType: QueryType.EntityHistory });
    expect(screen.getByText('Add filter')).toBeInTheDocument();
    expect(screen.getByText('Descending')).toBeInTheDocument();
  });
});

describe('QueryEditor: pickers fed by the service', () => {
  it('picks an entity from the workspace list and runs the query', async () => {
    const { onChange, onRunQuery } = await setup({
      queryType: QueryType.EntityHistory,
      componentName: 'Old',
      properties: ['x'],
    });
    await pick('Entity', 'Mixer 0');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        entityId: 'Mixer_0',
        componentName: undefined,
        properties: [],
        queryType: QueryType.EntityHistory,
      }),
    );
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers dashboard variables in the entity picker', async () => {
    const { onChange } = await setup({ queryType: QueryType.GetEntity });
    await pick('Entity', '$entity');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ entityId: '$entity' }));
  });

  it('lists the components of the chosen entity (variables resolved)', async () => {
    const { onChange, seen } = await setup({ queryType: QueryType.EntityHistory, entityId: '$entity' });
    await pick('Component', 'MixerComponent');
    expect(seen.some((s) => s.path === '/workspaces/cookiefactory/entities/Mixer_0')).toBe(true);
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ componentName: 'MixerComponent', properties: [] }),
    );
  });

  it('lists only time-series properties for history, with their data type', async () => {
    const { onChange } = await setup({
      queryType: QueryType.EntityHistory,
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
    });
    await userEvent.click(screen.getByLabelText('Properties'));
    expect(await screen.findByText('Temperature')).toBeInTheDocument();
    expect(screen.getByText('DOUBLE (°C)')).toBeInTheDocument();
    expect(screen.queryByText('telemetryAssetType')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('RPM'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ properties: ['RPM'] }));
  });

  it('lists component types for history by component type', async () => {
    const { onChange } = await setup({ queryType: QueryType.ComponentHistory });
    await pick('Component type', 'com.example.cookiefactory.mixer');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ componentTypeId: 'com.example.cookiefactory.mixer' }),
    );
  });
});

describe('QueryEditor: editing', () => {
  it('switching the query type keeps the entity and component', async () => {
    const { onChange } = await setup({
      queryType: QueryType.EntityHistory,
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
      properties: ['RPM'],
    });
    await pick('Query type', 'Get Property Value');
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: QueryType.GetPropertyValue,
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
      properties: ['RPM'],
      hide: undefined,
      datasource: undefined,
      maxResults: undefined,
    });
  });

  it('filter rows update while typing and run on blur', async () => {
    const { onChange, onRunQuery, rerender, datasource } = await setup({ queryType: QueryType.EntityHistory });
    await userEvent.click(screen.getByText('Add filter'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ filter: [{ name: '', op: '=', value: '' }] }));
    expect(onRunQuery).not.toHaveBeenCalled();
    const withRow = {
      refId: 'A',
      queryType: QueryType.EntityHistory,
      filter: [{ name: 'RPM', op: '>', value: '' }],
    } as DoppelQuery;
    rerender(<QueryEditor datasource={datasource} query={withRow} onChange={onChange} onRunQuery={onRunQuery} />);
    await userEvent.type(screen.getByLabelText('Filter 1 value'), '9');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filter: [{ name: 'RPM', op: '>', value: '9' }] }),
    );
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(onRunQuery).toHaveBeenCalled();
  });

  it.each([QueryType.EntityHistory, QueryType.ComponentHistory])(
    'the stream switch turns a %s query live',
    async (queryType) => {
      const { onChange } = await setup({ queryType });
      await userEvent.click(screen.getByLabelText('Stream'));
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ queryType, stream: true }));
    },
  );

  it('the order picks descending', async () => {
    const { onChange } = await setup({ queryType: QueryType.ComponentHistory });
    await userEvent.click(screen.getByText('Descending'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ order: 'DESCENDING' }));
  });

  it('max results takes a number when the field is left', async () => {
    const { onChange } = await setup({ queryType: QueryType.ComponentHistory });
    await userEvent.type(screen.getByLabelText('Max results'), '500');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ maxResults: 500 }));
  });

  it("max results shows the data source's default cap when empty", async () => {
    await setup({ queryType: QueryType.ComponentHistory });
    expect(screen.getByLabelText('Max results')).toHaveAttribute('placeholder', String(DEFAULT_MAX_RESULTS));
  });

  it('the knowledge-graph statement runs on blur', async () => {
    const { onChange, onRunQuery } = await setup({ queryType: QueryType.KnowledgeGraph });
    await userEvent.type(screen.getByLabelText('Query statement'), 'SELECT e FROM EntityGraph MATCH (e)');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ queryStatement: 'SELECT e FROM EntityGraph MATCH (e)' }),
    );
    expect(onRunQuery).toHaveBeenCalled();
  });
});

describe('QueryEditor: settings', () => {
  it('says when the data source has no workspace yet', () => {
    const svc = fakeService(cookieWorkspace());
    const datasource = new DoppelDataSource(
      { uid: 'ds1', url: '/x', jsonData: {} } as unknown as DataSourceInstanceSettings<DoppelOptions>,
      { transport: svc.transport, templateSrv: () => fakeTemplateSrv({}) },
    );
    render(
      <QueryEditor
        datasource={datasource}
        query={{ refId: 'A', queryType: QueryType.ListScenes }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
      />,
    );
    expect(screen.getByText('No workspace selected')).toBeInTheDocument();
  });
});

describe('changeQueryType', () => {
  it('clears what does not apply to the new type', () => {
    expect(
      changeQueryType(
        {
          refId: 'A',
          queryType: QueryType.EntityHistory,
          entityId: 'e',
          filter: [{ name: 'a', op: '=', value: '1' }],
          stream: true,
        },
        QueryType.ListScenes,
      ),
    ).toEqual({
      refId: 'A',
      queryType: QueryType.ListScenes,
      hide: undefined,
      datasource: undefined,
      maxResults: undefined,
    });
  });
});
