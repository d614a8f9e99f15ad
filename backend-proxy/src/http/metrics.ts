import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one service instance (its own registry, so tests can run many). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'doppel_http_requests_total',
    help: 'HTTP requests by TwinMaker operation and status code',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'doppel_http_request_duration_seconds',
    help: 'HTTP request latency by TwinMaker operation',
    labelNames: ['operation'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'doppel_' });
  }

  observe(operation: string, status: number, seconds: number): void {
    this.requests.inc({ operation, status: String(status) });
    this.latency.observe({ operation }, seconds);
  }
}
