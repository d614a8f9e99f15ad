import { DoppelApiError, DoppelClient, type Request } from '../common/client';
import { cookieWorkspace, fakeService } from '../test/fakeService';
import { checkConnection } from './testConnection';

const base = '/api/datasources/proxy/uid/ds1/doppel';
const configured = { serviceUrl: 'http://svc:8600', accessKeyId: 'AKID', workspaceId: 'cookiefactory' };

function client(answer: (req: Request) => unknown) {
  return new DoppelClient(base, async (req) => {
    const out = answer(req);
    if (out instanceof Error) throw out;
    return out as any;
  });
}

describe('testDatasource (checkConnection)', () => {
  it('succeeds with the service version and workspace', async () => {
    const svc = fakeService({ ...cookieWorkspace(), version: '1.2.3' });
    const res = await checkConnection(new DoppelClient(base, svc.transport), configured, 'cookiefactory');
    expect(res).toEqual({
      status: 'success',
      message: 'Connected to Doppel 1.2.3: workspace "cookiefactory" is ready.',
    });
  });

  it.each<[string, Partial<typeof configured>, RegExp]>([
    ['the service URL', { accessKeyId: 'A' }, /Enter the service URL/],
    ['the access key', { serviceUrl: 'http://x' }, /Enter the access key id and secret/],
  ])('asks for %s before calling anything', async (_, settings, message) => {
    const calls: Request[] = [];
    const res = await checkConnection(
      client((r) => calls.push(r)),
      settings,
      'w',
    );
    expect(res.message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['a proxy 502', new DoppelApiError('Bad Gateway', 502, undefined, true)],
    ['a network failure', new DoppelApiError('Failed to fetch', 0, undefined, true)],
  ])('reports an unreachable service (%s)', async (_, failure) => {
    const res = await checkConnection(
      client(() => failure),
      configured,
      'cookiefactory',
    );
    expect(res.status).toBe('error');
    expect(res.message).toBe(
      'Cannot reach the Doppel service at http://svc:8600. Check the URL and that the service is running and reachable from the Grafana server.',
    );
  });

  it('reports a refused credential', async () => {
    const res = await checkConnection(
      client((r) =>
        r.url.endsWith('/healthz')
          ? { status: 'ok' }
          : new DoppelApiError(
              'The access key id or secret is not valid, or the key was revoked',
              403,
              'UnrecognizedClientException',
            ),
      ),
      configured,
      'cookiefactory',
    );
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/refused the access key "AKID"/);
    expect((res.details as any).message).toMatch(/not valid/);
  });

  it('reports an unknown workspace and lists the ones the key can see', async () => {
    const svc = fakeService(cookieWorkspace());
    const res = await checkConnection(
      new DoppelClient(base, svc.transport),
      { ...configured, workspaceId: 'nope' },
      'nope',
    );
    expect(res.status).toBe('error');
    expect(res.message).toBe(
      'Workspace "nope" does not exist or this key cannot see it. Workspaces this key can see: cookiefactory, other, third.',
    );
  });

  it('connects without a workspace but says to pick one', async () => {
    const svc = fakeService(cookieWorkspace());
    const res = await checkConnection(
      new DoppelClient(base, svc.transport),
      { ...configured, workspaceId: undefined },
      '',
    );
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/Connected to Doppel 0.1.0, but no workspace is selected/);
  });
});
