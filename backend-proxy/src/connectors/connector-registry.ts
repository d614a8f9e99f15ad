import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConnectorEntry, ConnectorResponse } from '../api/connectors';
import { connectorConfigInvalid, connectorNotFound, connectorProvisioned } from '../errors';
import { arnMatches, entryProblem } from './connector-entry';

export const REGISTRY_FILE = 'connectors.yaml';

/** One registry entry with its name and the file it came from. */
export interface RegisteredConnector {
  name: string;
  source: 'data' | 'provisioning';
  entry: ConnectorEntry;
  /** the folder of its file: relative paths in the entry (an MQTT mapping) start there */
  folder: string;
}

/**
 * The connector registry: which HTTP endpoint serves a Lambda ARN, which Prometheus server
 * or MQTT broker a name stands for. Entries come from `connectors.yaml` in the data dir
 * (changed through /doppel/connectors, rewritten atomically) and, read-only, from the
 * provisioning folder's `connectors.yaml`. A file that does not parse stops the service at
 * start with the file and field named, rather than serving with connectors missing.
 */
export class ConnectorRegistry {
  private readonly data = new Map<string, RegisteredConnector>();
  private readonly provisioned = new Map<string, RegisteredConnector>();

  constructor(
    private readonly dataDir: string,
    provisionDir?: string,
  ) {
    for (const c of readRegistryFile(dataDir, 'data')) this.data.set(c.name, c);
    if (provisionDir) for (const c of readRegistryFile(provisionDir, 'provisioning')) this.provisioned.set(c.name, c);
  }

  /** Every entry, provisioned first, each name once (a provisioned entry hides a data one of its name). */
  list(): RegisteredConnector[] {
    const all = [...this.provisioned.values()];
    for (const c of this.data.values()) if (!this.provisioned.has(c.name)) all.push(c);
    return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): RegisteredConnector | undefined {
    return this.provisioned.get(name) ?? this.data.get(name);
  }

  /** The lambda connector serving an ARN: an entry naming it exactly, else the first matching pattern. */
  lambdaFor(arn: string): RegisteredConnector | undefined {
    const lambdas = this.list().filter((c) => (c.entry.type ?? 'lambda') === 'lambda');
    return lambdas.find((c) => c.entry.arn === arn) ?? lambdas.find((c) => arnMatches(c.entry.arnPattern ?? '', arn));
  }

  /** Creates or replaces a data-dir entry; the file is rewritten before the change is seen. */
  put(name: string, entry: ConnectorEntry): RegisteredConnector {
    if (this.provisioned.has(name)) throw connectorProvisioned(name);
    const problem = entryProblem(name, entry);
    if (problem) throw connectorConfigInvalid(problem);
    const next = new Map(this.data);
    next.set(name, { name, source: 'data', entry, folder: this.dataDir });
    this.save(next);
    return next.get(name)!;
  }

  delete(name: string): void {
    if (this.provisioned.has(name)) throw connectorProvisioned(name);
    if (!this.data.has(name)) throw connectorNotFound(name);
    const next = new Map(this.data);
    next.delete(name);
    this.save(next);
  }

  private save(next: Map<string, RegisteredConnector>): void {
    const file = path.join(this.dataDir, REGISTRY_FILE);
    const connectors = Object.fromEntries([...next.values()].map((c) => [c.name, c.entry]));
    const text =
      '# Doppel connector registry (see README "Connectors"); changed by PUT/DELETE /doppel/connectors/{name}\n' +
      YAML.stringify({ connectors });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
    this.data.clear();
    for (const [k, v] of next) this.data.set(k, v);
  }
}

/** The wire shape of an entry. */
export function connectorResponse(c: RegisteredConnector): ConnectorResponse {
  return { name: c.name, source: c.source, ...c.entry };
}

function readRegistryFile(folder: string, source: RegisteredConnector['source']): RegisteredConnector[] {
  const file = path.join(folder, REGISTRY_FILE);
  if (!fs.existsSync(file)) return [];
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return [];
  const connectors = (doc as { connectors?: unknown }).connectors;
  if (typeof doc !== 'object' || connectors === null || typeof connectors !== 'object' || Array.isArray(connectors)) {
    throw new Error(`${file}: expected a map "connectors:" of name → entry`);
  }
  return Object.entries(connectors as Record<string, unknown>).map(([name, entry]) => {
    const problem = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)
      ? entryProblem(name, entry)
      : `connector name ${JSON.stringify(name)} must be 1-64 letters, digits, _ . -`;
    if (problem) throw new Error(`${file}: ${problem}`);
    return { name, source, entry: entry as ConnectorEntry, folder };
  });
}
