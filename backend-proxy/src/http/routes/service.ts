import { App } from '../app-type';

/** Operational endpoints: health, Prometheus metrics, the OpenAPI document, version. */
export async function serviceRoutes(app: App) {
  app.get('/healthz', { config: { operation: 'Health', access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/metrics',
    { config: { operation: 'Metrics', access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  );
  app.get('/openapi.json', { config: { operation: 'OpenApi', access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get('/doppel/version', { config: { operation: 'Version', access: 'any' }, schema: { hide: true } }, async () => ({
    service: 'doppel-proxy',
    version: app.serviceVersion,
    api: '2021-11-29',
  }));
}
