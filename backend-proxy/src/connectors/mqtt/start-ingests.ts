import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FastifyBaseLogger } from 'fastify';
import { Registry } from 'prom-client';
import { ServiceConfig } from '../../config';
import { ValueStore } from '../../store/values';
import { ConnectorRegistry } from '../connector-registry';
import { MqttIngest } from './mqtt-ingest';
import { parseMappingFile } from './topic-mapping';

export const DEFAULT_MAPPING_FILE = 'mqtt-mapping.yaml';

/**
 * The MQTT ingests a service runs: `serve --mqtt URL` (its mapping file from
 * `--mqtt-mapping`, else mqtt-mapping.yaml in the data dir) and every `type: mqtt` entry of the
 * connector registry. A mapping file that does not parse stops the start, naming the field.
 * The default client id is derived from the data dir, so the same instance resumes its session
 * after a restart and two instances never take each other's.
 */
export function startMqttIngests(
  config: Pick<ServiceConfig, 'dataDir' | 'mqttUrl' | 'mqttMapping' | 'mqttClientId'>,
  registry: ConnectorRegistry,
  values: Pick<ValueStore, 'bulkPut'>,
  metrics: Registry,
  log?: FastifyBaseLogger,
): MqttIngest[] {
  const stableId = (suffix: string) =>
    `doppel-${crypto.createHash('sha256').update(`${config.dataDir}\u0000${suffix}`).digest('hex').slice(0, 16)}`;
  const ingests: { name: string; url: string; clientId: string; mappingFile: string }[] = [];
  if (config.mqttUrl) {
    ingests.push({
      name: 'cli',
      url: config.mqttUrl,
      clientId: config.mqttClientId ?? stableId('cli'),
      mappingFile: path.resolve(config.mqttMapping ?? path.join(config.dataDir, DEFAULT_MAPPING_FILE)),
    });
  }
  for (const c of registry.list()) {
    if (c.entry.type !== 'mqtt') continue;
    ingests.push({
      name: c.name,
      url: c.entry.url,
      clientId: c.entry.clientId ?? stableId(c.name),
      mappingFile: path.resolve(c.folder, c.entry.mapping!),
    });
  }
  const mappings = ingests.map((i) => {
    if (!fs.existsSync(i.mappingFile)) {
      throw new Error(
        `MQTT ${i.name}: mapping file ${i.mappingFile} not found (--mqtt-mapping or the entry's mapping)`,
      );
    }
    return parseMappingFile(fs.readFileSync(i.mappingFile, 'utf8'), i.mappingFile).mappings;
  });
  return ingests.map(
    (i, n) =>
      new MqttIngest({ name: i.name, url: i.url, clientId: i.clientId, mappings: mappings[n]!, values, metrics, log }),
  );
}
