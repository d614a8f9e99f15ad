import { compositeNotSupported, isTwinMakerError, tabularNotSupported, valueSelectionInvalid } from '../../errors';
import { refuseUnsupportedMembers, valueSelection } from './selection';

/** The code of the ValidationException a call throws. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isTwinMakerError(e) && e.type === 'ValidationException') return e.code;
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
  ['both forms', { entityId: 'e', componentName: 'c', componentTypeId: 't' }],
  ['an empty entityId', { entityId: '', componentName: 'c' }],
  ['an entity alone', { entityId: 'e' }],
  ['neither form', {}],
])('%s is refused', (_, request) => {
  expect(refusal(() => valueSelection(request))).toBe(valueSelectionInvalid.code);
});

test.each([
  ['propertyGroupName', { propertyGroupName: 'g' }, tabularNotSupported.code],
  ['tabularConditions', { tabularConditions: {} }, tabularNotSupported.code],
  ['componentPath', { componentPath: 'a/b' }, compositeNotSupported.code],
])('%s is not offered and says so', (_, request, code) => {
  expect(refusal(() => refuseUnsupportedMembers(request))).toBe(code);
});

test('a request without unsupported members passes', () => {
  expect(() => refuseUnsupportedMembers({})).not.toThrow();
});
