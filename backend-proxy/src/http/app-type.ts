import { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ConnectorRegistry } from '../connectors/connector-registry';
import type { ResourceLibrary } from '../resources/library';
import type { Store } from '../store/store';
import type { ServiceMetrics } from './metrics';

/**
 * The service's fastify instance as routes see it (TypeBox-typed, with the store, metrics and
 * version decorated on). A type of its own, so route plugins never import the app that
 * registers them.
 */
export type App = FastifyInstance<any, any, any, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    resources: ResourceLibrary;
    connectors: ConnectorRegistry;
    metrics: ServiceMetrics;
    serviceVersion: string;
  }
}
