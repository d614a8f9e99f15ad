import swagger from '@fastify/swagger';
import { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { FastifyBaseLogger, LogController } from 'fastify';
import crypto from 'node:crypto';
import { sharedSchemas } from '../api/common';
import { authenticate } from '../auth/authenticate';
import { authorize } from '../auth/caller';
import { ServiceConfig } from '../config';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { adminOnly, bodyNotJson, TwinMakerError, unknownOperation, urlInvalid, workspaceRequired } from '../errors';
import { ResourceLibrary } from '../resources/library';
import { Store } from '../store/store';
import { App } from './app-type';
import { errorHandler, sendError } from './error-handler';
import { ServiceMetrics } from './metrics';
import { operationSummaries } from './operation-summaries';
import './route-config';
import { registerRoutes } from './routes';
import { requireWorkspaceExists } from './workspace-guard';

export interface AppOptions {
  store: Store;
  /** models, scene documents and other files, by bucket */
  resources: ResourceLibrary;
  /** where component types' Lambda ARNs, Prometheus servers and MQTT brokers are reached */
  connectors: ConnectorRegistry;
  config: Pick<ServiceConfig, 'bodyLimit' | 'region' | 'accountId'>;
  logger?: FastifyBaseLogger | boolean;
  version?: string;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bodyNotJson((e as Error).message);
  }
}

/** The service's HTTP app: TwinMaker routes by method and path only, whatever the Host. */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    // one line per request, written by our onResponse hook with the operation name
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.config.bodyLimit,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, useDefaults: false } },
    routerOptions: { maxParamLength: 4096 },
    // e.g. a malformed percent-escape in the path: answer in TwinMaker's shape, not fastify's
    frameworkErrors: (error, _request, reply) => sendError(reply, urlInvalid(error.message)),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Clients that send a whole upload and then close their side (ffmpeg's HLS muxer PUTting
  // segments, as NVRs do) would otherwise have a body not yet read by the handler destroyed by
  // Node as "aborted": with half-open sockets the request ends normally and the answer is sent.
  (app.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;

  app.decorate('store', options.store);
  app.decorate('resources', options.resources);
  app.decorate('connectors', options.connectors);
  app.decorate('metrics', new ServiceMetrics());
  app.decorate('serviceVersion', options.version ?? '0.0.0');

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    const type = String(request.headers['content-type'] ?? '');
    // bodies that are not JSON (e.g. NDJSON bulk uploads) reach their route as text
    if (type && !/json/i.test(type) && text.trim() !== '') return done(null, text);
    if (/ndjson/i.test(type)) return done(null, text);
    try {
      done(null, parseJson(text));
    } catch (e) {
      done(e as TwinMakerError, undefined);
    }
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, unknownOperation(request.method, request.url.split('?')[0] ?? '')),
  );

  app.addHook('onRequest', async (request, reply) => {
    request.startedAt = process.hrtime.bigint();
    reply.header('x-amzn-RequestId', request.id);
  });

  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public' || access === 'self') return;
    const params = request.params as Record<string, unknown> | undefined;
    const body = request.body as Record<string, unknown> | undefined;
    const named = params?.workspaceId ?? (body && typeof body === 'object' ? body.workspaceId : undefined);
    const workspaceId = typeof named === 'string' && named !== '' ? named : undefined;
    const workspaceRoute = access === 'read' || access === 'write';
    request.caller = await authenticate(
      {
        method: request.method,
        url: request.url,
        headers: request.headers,
        // a streamed body is still unread here: its route checks the signed payload hash as it reads
        rawBody: request.routeOptions.config.streamedBody ? undefined : (request.rawBody ?? ''),
      },
      app.store.keys,
      'iottwinmaker',
      workspaceRoute ? workspaceId : undefined,
    );
    if (access === 'any') return;
    if (access === 'admin') {
      if (!request.caller.isAdmin) throw adminOnly(request.routeOptions.config.operation ?? request.url);
      return;
    }
    if (workspaceId !== undefined) {
      authorize(request.caller, workspaceId, access);
      // the one existence check: handlers and stores of workspace routes take the workspace as given
      await requireWorkspaceExists(app.store, workspaceId, request.caller.workspaceExists);
    } else if (!request.caller.isAdmin) throw workspaceRequired();
  });

  app.addHook('onResponse', async (request, reply) => {
    const seconds = Number(process.hrtime.bigint() - (request.startedAt ?? process.hrtime.bigint())) / 1e9;
    const operation = request.routeOptions.config.operation ?? 'Unknown';
    app.metrics.observe(operation, reply.statusCode, seconds);
    // request.log already carries reqId: naming it again wrote the key twice on every line
    request.log.info(
      {
        op: operation,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(seconds * 1e6) / 1e3,
        key: request.caller?.accessKeyId,
      },
      'request',
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Doppel twin service',
        description: 'AWS IoT TwinMaker-compatible REST API (restJson1) plus Doppel extensions under /doppel',
        version: options.version ?? '0.0.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: '<accessKeyId>:<secret>' },
          sigv4: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'AWS SigV4, service iottwinmaker',
          },
        },
      },
      security: [{ bearer: [] }, { sigv4: [] }],
    },
    // fastify spells a literal colon `::` (e.g. `values::bulk`); the OpenAPI formatter would read
    // it as a parameter, so it travels as %3A through formatting and comes back as ':'
    // operationId and summary from the operation each route declares, so generated clients and
    // Swagger UI read TwinMaker's names (a route without a summary fails its test, not here)
    transform: ({ schema, url, route }) => {
      const operation = route.config?.operation;
      const named = operation
        ? {
            // S3's operations are named `S3:GetObject` in metrics; an operationId is an identifier
            operationId: operation.replace(/[^A-Za-z0-9]/g, ''),
            summary: schema?.summary ?? operationSummaries[operation],
          }
        : {};
      return { schema: { ...schema, ...named }, url: url.replace(/::/g, '%3A') };
    },
    transformObject: (document) => {
      const openapi = 'openapiObject' in document ? document.openapiObject : {};
      const paths = Object.entries(openapi.paths ?? {}).map(([path, item]) => [path.replace(/%3A/g, ':'), item]);
      return { ...openapi, paths: Object.fromEntries(paths) };
    },
  });
  for (const schema of sharedSchemas) app.addSchema(schema);
  await registerRoutes(app);
  return app;
}
