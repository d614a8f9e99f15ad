import { FastifyBaseLogger } from 'fastify';
import mqtt, { IPublishPacket, MqttClient } from 'mqtt';
import { Counter, Registry } from 'prom-client';
import { ValueStore } from '../../store/values';
import { readPayload } from './payload';
import { mapTopic, TopicMapping } from './topic-mapping';

/** What happened to a message, as counted in /metrics. */
export type MessageResult = 'stored' | 'malformed' | 'unmapped' | 'rejected';

const counters = new WeakMap<Registry, Counter<'connector' | 'result'>>();

/** `doppel_mqtt_messages_total{connector, result}` on a registry, created once per registry. */
export function mqttMessageCounter(registry: Registry): Counter<'connector' | 'result'> {
  let counter = counters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'doppel_mqtt_messages_total',
      help: 'MQTT messages received, by connector and result (stored, malformed, unmapped, rejected by validation)',
      labelNames: ['connector', 'result'] as const,
      registers: [registry],
    });
    counters.set(registry, counter);
  }
  return counter;
}

export interface MqttIngestOptions {
  /** the connector's name in logs and metrics */
  name: string;
  url: string;
  /** fixed, so the broker keeps the session (and queues QoS 1 messages) while the service is down */
  clientId: string;
  mappings: TopicMapping[];
  values: Pick<ValueStore, 'bulkPut'>;
  metrics: Registry;
  log?: FastifyBaseLogger;
  /** first reconnect delay; doubled on each failure up to 30 s */
  reconnectMs?: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * MQTT ingestion: subscribes to the mapping's topics with QoS 1 in a persistent session
 * (fixed clientId, clean: false), so what is published while the service is down is delivered
 * when it is back. Each message is mapped to a series and stored through the value store's
 * bulk write — validated like BatchPut, seen by live streams and alarms as any other write —
 * and acknowledged only once stored: a message is never acknowledged and then lost. Malformed,
 * unmapped or refused messages are acknowledged (redelivery would not change them), counted
 * and logged with their topic. A store failure leaves the message unacknowledged and
 * reconnects, so the broker delivers it again.
 */
export class MqttIngest {
  private readonly client: MqttClient;
  private readonly counter: Counter<'connector' | 'result'>;
  private backoffMs: number;

  constructor(private readonly options: MqttIngestOptions) {
    this.counter = mqttMessageCounter(options.metrics);
    this.backoffMs = options.reconnectMs ?? 500;
    for (const result of ['stored', 'malformed', 'unmapped', 'rejected'] as const) {
      this.counter.inc({ connector: options.name, result }, 0);
    }
    this.client = mqtt.connect(options.url, {
      clientId: options.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: this.backoffMs,
      connectTimeout: 10_000,
      resubscribe: true,
    });
    // called one message at a time; the PUBACK goes out when `done` is called
    this.client.handleMessage = (packet, done) =>
      void this.ingest(packet).then(
        () => done(),
        () => undefined,
      );
    this.client.on('connect', () => {
      this.backoffMs = options.reconnectMs ?? 500;
      this.client.options.reconnectPeriod = this.backoffMs;
      const filters = [...new Set(options.mappings.map((m) => m.filter))];
      this.client.subscribe(Object.fromEntries(filters.map((f) => [f, { qos: 1 as const }])), (error) => {
        if (error) options.log?.error({ connector: options.name }, `MQTT subscribe failed: ${error.message}`);
        else options.log?.info({ connector: options.name, topics: filters }, 'MQTT subscribed');
      });
    });
    this.client.on('close', () => {
      // exponential backoff: the library reads reconnectPeriod when it schedules the next try
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.client.options.reconnectPeriod = this.backoffMs;
    });
    this.client.on('error', (error) =>
      options.log?.warn({ connector: options.name }, `MQTT ${options.url}: ${error.message}`),
    );
  }

  /** Resolves once the first connection is up (tests and the bench wait for it). */
  connected(): Promise<void> {
    if (this.client.connected) return Promise.resolve();
    return new Promise((resolve) => this.client.once('connect', () => resolve()));
  }

  /** Disconnects, keeping the session: the broker queues what comes meanwhile. */
  async close(): Promise<void> {
    await this.client.endAsync();
  }

  private async ingest(packet: IPublishPacket): Promise<void> {
    const { name, log } = this.options;
    const topic = packet.topic;
    const target = mapTopic(this.options.mappings, topic);
    if (!target) return this.count('unmapped', topic, 'no mapping matches the topic');
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const reading = readPayload(target.mapping, payload, Date.now());
    if ('problem' in reading) return this.count('malformed', topic, reading.problem);
    let result;
    try {
      result = await this.options.values.bulkPut(target.workspaceId, [
        {
          entityId: target.entityId,
          componentName: target.componentName,
          propertyName: target.propertyName,
          time: reading.time,
          value: reading.value,
        },
      ]);
    } catch (e) {
      log?.error(
        { connector: name, topic },
        `MQTT value not stored, reconnecting for redelivery: ${(e as Error).message}`,
      );
      this.client.stream?.destroy();
      throw e;
    }
    if (result.rejected > 0) return this.count('rejected', topic, result.errors[0]?.errorMessage ?? 'refused');
    this.counter.inc({ connector: name, result: 'stored' });
  }

  private count(result: MessageResult, topic: string, why: string): void {
    this.counter.inc({ connector: this.options.name, result });
    this.options.log?.warn({ connector: this.options.name, topic, result }, `MQTT message ${result}: ${why}`);
  }
}
