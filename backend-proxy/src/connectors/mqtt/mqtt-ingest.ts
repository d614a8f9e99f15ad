import { FastifyBaseLogger } from 'fastify';
import mqtt, { IPublishPacket, MqttClient } from 'mqtt';
import { Counter, Registry } from 'prom-client';
import { BulkPoint } from '../../api/values';
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

/** largest batch written at once: every refused point of a batch is then named by bulkPut (it lists 100) */
const MAX_BATCH = 100;

/** A received message waiting for its batch to be written, and its PUBACK. */
interface Received {
  packet: IPublishPacket;
  /** the connection it came on: an acknowledgement never goes out on a later one */
  connection: number;
}

/**
 * MQTT ingestion: subscribes to the mapping's topics with QoS 1 in a persistent session
 * (fixed clientId, clean: false), so what is published while the service is down is delivered
 * when it is back. Messages are mapped to series and stored in batches through the value
 * store's bulk write (validated like BatchPut, seen by live streams and alarms as any other
 * write): while one batch is being written the next one gathers, so a busy broker is served
 * one transaction per batch instead of one per message, and a quiet one waits for nothing.
 * Each QoS 1 message is acknowledged only once its batch is stored, in the order received: a
 * message is never acknowledged and then lost. Malformed, unmapped or refused messages are
 * acknowledged with their batch (redelivery would not change them), counted and logged with
 * their topic. A store failure leaves the batch unacknowledged and reconnects, so the broker
 * delivers it again (the store's writes are idempotent per series and time).
 *
 * mqtt.js reads the next packet only after a message's PUBACK is sent, which would make a
 * batch of one. So the client's PUBACKs for messages being batched are held back (the read
 * goes on) and sent by us once their batch commits; an acknowledgement held when the
 * connection drops is discarded, never sent on the next connection, where its packet id may
 * name another message.
 */
export class MqttIngest {
  private readonly client: MqttClient;
  private readonly counter: Counter<'connector' | 'result'>;
  private backoffMs: number;
  /** messages received and not yet written, in order */
  private gathering: Received[] = [];
  private writing = false;
  /** counts connections: acknowledgements belong to the one their message came on */
  private connection = 0;
  /** packet ids whose PUBACK waits for their batch */
  private readonly held = new Set<number>();
  private sendAck: (messageId: number) => void = () => undefined;

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
    this.holdAcks();
    this.client.handleMessage = (packet, done) => {
      if (packet.qos > 0 && packet.messageId !== undefined) this.held.add(packet.messageId);
      this.gathering.push({ packet, connection: this.connection });
      if (!this.writing) setImmediate(() => void this.writeBatches());
      // the client sends its PUBACK now (held back, see holdAcks) and reads the next packet
      done();
    };
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
      // what was held is for the broker to deliver again on the next connection
      this.connection++;
      this.held.clear();
      // exponential backoff: the library reads reconnectPeriod when it schedules the next try
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.client.options.reconnectPeriod = this.backoffMs;
    });
    this.client.on('error', (error) =>
      options.log?.warn({ connector: options.name }, `MQTT ${options.url}: ${error.message}`),
    );
  }

  /**
   * Wraps the client's packet sender so that a PUBACK of a message still being batched is
   * not sent (its callback, which reads on, still runs); `sendAck` sends one ourselves.
   */
  private holdAcks(): void {
    const client = this.client as unknown as {
      _sendPacket(packet: { cmd: string; messageId?: number }, cb?: () => void, ...rest: unknown[]): void;
    };
    const send = client._sendPacket.bind(client);
    client._sendPacket = (packet, cb, ...rest) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined && this.held.has(packet.messageId)) {
        cb?.();
        return;
      }
      send(packet, cb, ...rest);
    };
    this.sendAck = (messageId) => send({ cmd: 'puback', messageId });
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

  /** Writes what has gathered, batch after batch, until nothing is left. */
  private async writeBatches(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.gathering.length > 0) {
        const batch = this.gathering.splice(0, MAX_BATCH);
        try {
          await this.write(batch);
        } catch (e) {
          this.options.log?.error(
            { connector: this.options.name, topic: batch[0]!.packet.topic, messages: batch.length },
            `MQTT values not stored, reconnecting for redelivery: ${(e as Error).message}`,
          );
          // nothing of this batch (nor what gathered after it) is acknowledged: the broker sends it again
          this.gathering = [];
          this.client.stream?.destroy();
          return;
        }
        for (const { packet, connection } of batch) {
          const id = packet.messageId;
          if (packet.qos === 0 || id === undefined || connection !== this.connection || !this.held.has(id)) continue;
          this.held.delete(id);
          this.sendAck(id);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Maps, checks and stores one batch (one bulk write per workspace); counts every message. */
  private async write(batch: Received[]): Promise<void> {
    const { name } = this.options;
    const now = Date.now();
    const byWorkspace = new Map<string, { points: BulkPoint[]; topics: string[] }>();
    for (const { packet } of batch) {
      const topic = packet.topic;
      const target = mapTopic(this.options.mappings, topic);
      if (!target) {
        this.count('unmapped', topic, 'no mapping matches the topic');
        continue;
      }
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      const reading = readPayload(target.mapping, payload, now);
      if ('problem' in reading) {
        this.count('malformed', topic, reading.problem);
        continue;
      }
      const group = byWorkspace.get(target.workspaceId) ?? { points: [], topics: [] };
      group.points.push({
        entityId: target.entityId,
        componentName: target.componentName,
        propertyName: target.propertyName,
        time: reading.time,
        value: reading.value,
      });
      group.topics.push(topic);
      byWorkspace.set(target.workspaceId, group);
    }
    for (const [workspaceId, { points, topics }] of byWorkspace) {
      const result = await this.options.values.bulkPut(workspaceId, points);
      for (const error of result.errors) this.count('rejected', topics[error.index] ?? '?', error.errorMessage);
      // bulkPut names the first 100 refusals; a batch holds at most that many points
      const unnamed = result.rejected - result.errors.length;
      if (unnamed > 0) this.counter.inc({ connector: name, result: 'rejected' }, unnamed);
      if (result.accepted > 0) this.counter.inc({ connector: name, result: 'stored' }, result.accepted);
    }
  }

  private count(result: MessageResult, topic: string, why: string): void {
    this.counter.inc({ connector: this.options.name, result });
    this.options.log?.warn({ connector: this.options.name, topic, result }, `MQTT message ${result}: ${why}`);
  }
}
