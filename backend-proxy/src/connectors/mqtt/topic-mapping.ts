import YAML from 'yaml';

const DATA_TYPES = ['DOUBLE', 'INTEGER', 'LONG', 'BOOLEAN', 'STRING'] as const;
export type ScalarType = (typeof DATA_TYPES)[number];

/** One mapping of the file: a topic filter with named wildcards, and where its values go. */
export interface TopicMapping {
  /** as written, e.g. `plant/+line/+machine/temperature` */
  topic: string;
  /** what is subscribed: named wildcards made plain (`plant/+/+/temperature`) */
  filter: string;
  workspaceId: string;
  /** templates: `${name}` is a named wildcard's segment */
  entityId: string;
  componentName: string;
  propertyName: string;
  /** path into a JSON payload (`reading.value`, `values[0]`); absent: the payload is the value */
  value?: string;
  /** path to the time (ISO string, or epoch ms / s); absent: the time of receipt */
  time?: string;
  /** how the value is written; by default DOUBLE for numbers, BOOLEAN for booleans, STRING for text */
  dataType?: ScalarType;
  /** segment index → wildcard name; `#name` binds the rest of the topic */
  names: { index: number; name: string; rest: boolean }[];
}

export interface MappingFile {
  mappings: TopicMapping[];
}

/** The series a message goes to, its templates filled. */
export interface MappedTarget {
  mapping: TopicMapping;
  workspaceId: string;
  entityId: string;
  componentName: string;
  propertyName: string;
}

/**
 * Reads an MQTT mapping file:
 * ```yaml
 * workspaceId: plant                    # default for every mapping
 * mappings:
 *   - topic: plant/+line/+machine/temperature
 *     entityId: ${machine}
 *     componentName: Sensors
 *     propertyName: temperature
 *     value: reading.value               # optional JSON path
 *     time: reading.ts                   # optional
 * ```
 * Throws an Error naming the mapping and field that are wrong.
 */
export function parseMappingFile(text: string, source: string): MappingFile {
  let doc: any;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new Error(`${source}: not YAML: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.mappings) || doc.mappings.length === 0) {
    throw new Error(`${source}: expected "mappings:", a list of topic mappings`);
  }
  const mappings = (doc.mappings as unknown[]).map((m, i) => mapping(m, doc.workspaceId, `${source}: mappings[${i}]`));
  return { mappings };
}

function mapping(m: any, defaultWorkspace: unknown, where: string): TopicMapping {
  if (!m || typeof m !== 'object') throw new Error(`${where} is not a map`);
  const text = (field: string, value: unknown, required: boolean): string | undefined => {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value === '') throw new Error(`${where}.${field} must be a non-empty string`);
    return value;
  };
  const topic = text('topic', m.topic, true)!;
  const segments = topic.split('/');
  const names: TopicMapping['names'] = [];
  const filter = segments
    .map((segment, index) => {
      if (segment.startsWith('+') || segment.startsWith('#')) {
        const rest = segment[0] === '#';
        if (rest && index !== segments.length - 1) throw new Error(`${where}.topic: # may only end the topic`);
        const name = segment.slice(1);
        if (name !== '') {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
            throw new Error(`${where}.topic: wildcard name ${name} is not a name`);
          names.push({ index, name, rest });
        }
        return segment[0];
      }
      if (segment.includes('+') || segment.includes('#')) {
        throw new Error(`${where}.topic: a wildcard takes a whole level (${segment})`);
      }
      return segment;
    })
    .join('/');
  const mapped: TopicMapping = {
    topic,
    filter,
    workspaceId: text('workspaceId', m.workspaceId ?? defaultWorkspace, true)!,
    entityId: text('entityId', m.entityId, true)!,
    componentName: text('componentName', m.componentName, true)!,
    propertyName: text('propertyName', m.propertyName, true)!,
    names,
  };
  const value = text('value', m.value, false);
  const time = text('time', m.time, false);
  if (value !== undefined) mapped.value = value;
  if (time !== undefined) mapped.time = time;
  if (m.dataType !== undefined) {
    if (!DATA_TYPES.includes(m.dataType)) throw new Error(`${where}.dataType must be one of ${DATA_TYPES.join(', ')}`);
    mapped.dataType = m.dataType;
  }
  for (const field of ['workspaceId', 'entityId', 'componentName', 'propertyName'] as const) {
    for (const [, name] of mapped[field].matchAll(/\$\{([^}]*)\}/g)) {
      if (!names.some((n) => n.name === name)) {
        throw new Error(`${where}.${field} uses \${${name}}, which the topic does not name (+${name} or #${name})`);
      }
    }
  }
  return mapped;
}

/** The first mapping a topic matches, its templates filled; undefined when none does. */
export function mapTopic(mappings: readonly TopicMapping[], topic: string): MappedTarget | undefined {
  const levels = topic.split('/');
  for (const mapping of mappings) {
    const bound = matchFilter(mapping, levels);
    if (!bound) continue;
    const fill = (template: string) => template.replace(/\$\{([^}]*)\}/g, (_, name: string) => bound.get(name) ?? '');
    return {
      mapping,
      workspaceId: fill(mapping.workspaceId),
      entityId: fill(mapping.entityId),
      componentName: fill(mapping.componentName),
      propertyName: fill(mapping.propertyName),
    };
  }
  return undefined;
}

function matchFilter(mapping: TopicMapping, levels: string[]): Map<string, string> | undefined {
  const filter = mapping.filter.split('/');
  const bound = new Map<string, string>();
  for (let i = 0; i < filter.length; i++) {
    const f = filter[i]!;
    if (f === '#') {
      const name = mapping.names.find((n) => n.index === i)?.name;
      if (name) bound.set(name, levels.slice(i).join('/'));
      return bound;
    }
    if (i >= levels.length) return undefined;
    if (f === '+') {
      const name = mapping.names.find((n) => n.index === i)?.name;
      if (name) bound.set(name, levels[i]!);
    } else if (f !== levels[i]) return undefined;
  }
  return levels.length === filter.length ? bound : undefined;
}
