import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { cookieWorkspace, fakeService } from '../../test/fakeService';
import { settle } from '../../test/settle';
import { testDataSource } from '../../test/testDataSource';
import { type DoppelVariableQuery, VariableQueryType } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

async function setup(query: Partial<DoppelVariableQuery>) {
  const svc = fakeService(cookieWorkspace());
  const datasource = testDataSource(svc);
  const onChange = jest.fn();
  render(
    <VariableQueryEditor
      datasource={datasource}
      query={{ refId: 'v', ...query } as DoppelVariableQuery}
      onChange={onChange}
      onRunQuery={jest.fn()}
    />,
  );
  await settle();
  return { onChange };
}

describe('VariableQueryEditor', () => {
  it('lists entities by default, optionally under a parent or with a component type', async () => {
    await setup({});
    expect(screen.getByText('Entities')).toBeInTheDocument();
    expect(screen.getByLabelText('Parent entity')).toBeInTheDocument();
    expect(screen.getByLabelText('Has component type')).toBeInTheDocument();
  });

  it('property names need an entity and a component', async () => {
    await setup({ variableType: VariableQueryType.PropertyNames });
    expect(screen.getByLabelText('Entity')).toBeInTheDocument();
    expect(screen.getByLabelText('Component')).toBeInTheDocument();
  });

  it('property names can be narrowed to time-series or static ones', async () => {
    const { onChange } = await setup({ variableType: VariableQueryType.PropertyNames, entityId: 'Mixer_0' });
    await userEvent.click(screen.getByLabelText('Time series'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ propertyKind: 'timeSeries' }));
  });

  it('switching what to list clears the other fields', async () => {
    const { onChange } = await setup({ variableType: VariableQueryType.Entities, entityId: 'Factory' });
    await userEvent.click(screen.getByLabelText('List'));
    await userEvent.click(await screen.findByText('Scenes'));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        variableType: VariableQueryType.Scenes,
        entityId: undefined,
        componentTypeId: undefined,
      }),
    );
  });
});
