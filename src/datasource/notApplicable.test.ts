import { notApplicableReason } from './notApplicable';
import { type DoppelQuery, QueryType } from './types';

const history = (over: Partial<DoppelQuery> = {}) =>
  ({
    refId: 'A',
    queryType: QueryType.EntityHistory,
    entityId: '${entity}',
    componentName: '${comp}',
    properties: ['${property}'],
    ...over,
  }) as DoppelQuery;

describe('notApplicableReason', () => {
  it('names the entity when the component variable has no value (an entity without components)', () => {
    const concrete = [history({ entityId: 'Factory', componentName: undefined, properties: [] })];
    expect(notApplicableReason(history(), concrete)).toBe('Not applicable: Factory has no components.');
  });

  it('says no entity is selected when the entity variable is empty', () => {
    const concrete = [history({ entityId: undefined, componentName: undefined, properties: [] })];
    expect(notApplicableReason(history(), concrete)).toBe(
      'Not applicable: no entity is selected (${entity} has no value).',
    );
  });

  it('names entity and component when the property variable lists nothing', () => {
    const concrete = [history({ entityId: 'Oven_1', componentName: 'OverheatAlarm', properties: [] })];
    expect(notApplicableReason(history(), concrete)).toMatch(
      /^Not applicable: Oven_1 \/ OverheatAlarm has no properties/,
    );
  });

  it('applies when every id resolved', () => {
    const concrete = [history({ entityId: 'Oven_1', componentName: 'Oven', properties: ['temperature'] })];
    expect(notApplicableReason(history(), concrete)).toBeUndefined();
  });

  it('leaves ids left empty by hand to the "Pick …" error of the editor', () => {
    const typed = history({ entityId: 'Oven_1', componentName: '', properties: ['temperature'] });
    expect(notApplicableReason(typed, [typed])).toBeUndefined();
  });

  it('ignores query types without required ids', () => {
    const list = { refId: 'A', queryType: QueryType.ListEntities, parentEntityId: '${entity}' } as DoppelQuery;
    expect(notApplicableReason(list, [{ ...list, parentEntityId: undefined } as DoppelQuery])).toBeUndefined();
  });
});
