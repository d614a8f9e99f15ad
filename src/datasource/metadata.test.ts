import { DoppelClient } from '../common/client';
import { cookieWorkspace, fakeService } from '../test/fakeService';
import { MetadataCache } from './metadata';

const cache = () =>
  new MetadataCache(
    new DoppelClient('/api/datasources/proxy/uid/ds1/doppel', fakeService(cookieWorkspace()).transport),
  );

describe('MetadataCache', () => {
  it('shares one paged read of the entity list between pickers', async () => {
    const svc = fakeService(cookieWorkspace());
    const cache = new MetadataCache(new DoppelClient('/api/datasources/proxy/uid/ds1/doppel', svc.transport));
    const [a, b] = await Promise.all([cache.entityList('cookiefactory'), cache.entityList('cookiefactory')]);
    expect(a.map((e) => e.entityId)).toEqual(['Factory', 'Mixer_0', 'Mixer_1']);
    expect(b).toBe(a);
    expect(svc.seen.filter((s) => s.path.endsWith('/entities-list'))).toHaveLength(2); // two pages, once
  });

  it('forgets a failed read so the next picker tries again', async () => {
    const svc = fakeService(cookieWorkspace());
    const cache = new MetadataCache(new DoppelClient('/api/datasources/proxy/uid/ds1/doppel', svc.transport));
    await expect(cache.entity('cookiefactory', 'Nope')).rejects.toThrow('Entity Nope not found');
    await expect(cache.entity('cookiefactory', 'Nope')).rejects.toThrow();
    expect(svc.seen.filter((s) => s.path.endsWith('/entities/Nope'))).toHaveLength(2);
  });

  it("gives the property definitions of an entity's component", async () => {
    const byEntity = await cache().definitions('cookiefactory', {
      entityId: 'Mixer_0',
      componentName: 'MixerComponent',
    });
    expect(byEntity!.RPM!.dataType.unitOfMeasure).toBe('rpm');
  });

  it('gives the property definitions of a component type', async () => {
    const byType = await cache().definitions('cookiefactory', { componentTypeId: 'com.example.cookiefactory.mixer' });
    expect(Object.keys(byType!)).toEqual(['RPM', 'Temperature', 'telemetryAssetType']);
  });

  it('gives no definitions for an entity it cannot read (frames then go without them)', async () => {
    expect(await cache().definitions('cookiefactory', { entityId: 'Nope', componentName: 'x' })).toBeUndefined();
  });
});
