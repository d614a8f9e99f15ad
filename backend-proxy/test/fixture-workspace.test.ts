import { loadCookieFactory } from './fixture-workspace';
import { startTestService, TestService } from './harness';
import { sqlValue } from './store-sql';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.close());

test('the cookie factory v3 workspace imports through the API with every type, entity and relationship', async () => {
  const loaded = await loadCookieFactory(svc, 'cookiefactory');
  expect(loaded).toEqual({ componentTypes: 15, entities: 132, relationships: 77 });
  const db = (svc.service as any).store.db;
  expect(await sqlValue(db, 'SELECT count(*) FROM entities')).toBe(132);
  expect(await sqlValue(db, 'SELECT count(*) FROM components')).toBe(187);
  expect(await sqlValue(db, 'SELECT count(*) FROM relationships WHERE target_entity_key IS NOT NULL')).toBe(77);
  expect(await sqlValue(db, 'SELECT count(*) FROM entities WHERE parent_key IS NOT NULL')).toBe(129);
});
