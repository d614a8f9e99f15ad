import { isTwinMakerError } from '../../errors';
import { refuseUnsupportedMembers, valueSelection } from './selection';

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isTwinMakerError(e) && e.type === 'ValidationException') return e.message;
    throw e;
  }
  throw new Error('expected a ValidationException');
}

test('entityId and componentName select one component', () => {
  expect(valueSelection({ entityId: 'e', componentName: 'c' })).toEqual({ entityId: 'e', componentName: 'c' });
});

test('componentTypeId alone selects every component of the type', () => {
  expect(valueSelection({ componentTypeId: 't' })).toEqual({ componentTypeId: 't' });
});

test.each([
  ['both forms', { entityId: 'e', componentName: 'c', componentTypeId: 't' }, /not both/],
  ['an empty entityId', { entityId: '', componentName: 'c' }, /go together/],
  ['an entity alone', { entityId: 'e' }, /go together/],
  ['neither form', {}, /Specify entityId and componentName/],
])('%s is refused', (_, request, message) => {
  expect(refusal(() => valueSelection(request))).toMatch(message);
});

test.each([
  ['propertyGroupName', { propertyGroupName: 'g' }, /tabular property groups/],
  ['tabularConditions', { tabularConditions: {} }, /tabular property groups/],
  ['componentPath', { componentPath: 'a/b' }, /composite components/],
])('%s is not offered and says so', (_, request, message) => {
  expect(refusal(() => refuseUnsupportedMembers(request))).toMatch(message);
});

test('a request without unsupported members passes', () => {
  expect(() => refuseUnsupportedMembers({})).not.toThrow();
});
