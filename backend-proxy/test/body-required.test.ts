import { errorOf, startTestService, TestService } from './harness';

/** A POST/PUT whose operation takes a JSON body but arrives without one says so, not "Value at 'request' …". */
let svc: TestService;
const ws = 'bodies';

beforeAll(async () => {
  svc = await startTestService();
  expect((await svc.call('POST', `/workspaces/${ws}`, {})).status).toBe(200);
  expect((await svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'e1', entityName: 'E1' })).status).toBe(200);
});
afterAll(() => svc.close());

const bodyRequired = { status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_BODY_REQUIRED' };

test.each([
  ['POST', '/workspaces/another'],
  ['POST', `/workspaces/${ws}/entities`],
  ['PUT', `/workspaces/${ws}/entities/e1`],
  ['POST', `/workspaces/${ws}/entity-properties`],
  ['POST', `/workspaces/${ws}/entity-properties/history`],
  ['POST', '/queries/execution'],
])('%s %s without a body answers 400 "request body is required"', async (method, path) => {
  const res = await svc.call(method, path);
  expect(errorOf(res)).toEqual(bodyRequired);
  expect(res.body.message).toMatch(/request body is required \(JSON object\)/);
});

test('an empty body sent as application/json is a missing body too', async () => {
  const res = await svc.call('POST', `/workspaces/${ws}/entities`, undefined, {
    rawBody: '',
    headers: { 'content-type': 'application/json' },
  });
  expect(errorOf(res)).toEqual(bodyRequired);
});

test('a body that lacks a member still names the member', async () => {
  const res = await svc.call('POST', `/workspaces/${ws}/entities`, { entityId: 'e2' });
  expect(errorOf(res)).toEqual({ status: 400, type: 'ValidationException', code: 'DOPPEL_ERR_REQUEST_INVALID' });
  expect(res.body.message).toMatch(/entityName/);
});

test('a body-less request is authenticated first: no credentials answer 401', async () => {
  const res = await svc.call('POST', `/workspaces/${ws}/entities`, undefined, { credentials: null });
  expect(res.status).toBe(401);
});
