import { Value } from '@sinclair/typebox/value';
import { ConnectorEntry } from '../api/connectors';

const URL_SCHEMES: Record<string, string[]> = {
  lambda: ['http:', 'https:'],
  prometheus: ['http:', 'https:'],
  mqtt: ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:'],
};

/** `${NAME}` in a header value: the environment variable it is filled from when sent. */
const ENV_REFERENCE = /\$\{([^}]*)\}/g;

/**
 * What is wrong with one registry entry (a PUT body or a connectors.yaml item), in words that
 * name the field; undefined when it is good. The shape is checked by the schema; these are the
 * rules between fields.
 */
export function entryProblem(name: string, entry: unknown): string | undefined {
  if (!Value.Check(ConnectorEntry, entry)) {
    const first = Value.Errors(ConnectorEntry, entry).First();
    return `connector ${name}: ${first ? `${first.path || '/'} ${first.message}` : 'not an object'}`;
  }
  const kind = entry.type ?? 'lambda';
  let url: URL;
  try {
    url = new URL(entry.url);
  } catch {
    return `connector ${name}: url ${JSON.stringify(entry.url)} is not an absolute URL`;
  }
  if (!URL_SCHEMES[kind]!.includes(url.protocol)) {
    return `connector ${name}: a ${kind} connector's url must start with ${URL_SCHEMES[kind]!.map((s) => s + '//').join(' or ')}`;
  }
  if (url.username || url.password) {
    return `connector ${name}: put credentials in headers filled from environment variables, not in the url`;
  }
  if (kind === 'lambda' && (entry.arn === undefined) === (entry.arnPattern === undefined)) {
    return `connector ${name}: a lambda connector names exactly one of arn or arnPattern`;
  }
  if (kind !== 'lambda' && (entry.arn !== undefined || entry.arnPattern !== undefined)) {
    return `connector ${name}: arn and arnPattern belong to lambda connectors only`;
  }
  if (kind === 'mqtt' && entry.mapping === undefined) {
    return `connector ${name}: an mqtt connector needs mapping, the topic mapping file`;
  }
  if (kind !== 'mqtt' && (entry.mapping !== undefined || entry.clientId !== undefined)) {
    return `connector ${name}: mapping and clientId belong to mqtt connectors only`;
  }
  for (const [header, value] of Object.entries(entry.headers ?? {})) {
    for (const [, variable] of value.matchAll(ENV_REFERENCE)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable!)) {
        return `connector ${name}: headers.${header} refers to \${${variable}}, which is not an environment variable name`;
      }
    }
  }
  return undefined;
}

/** Does a Lambda ARN match a pattern whose `*` stands for any run of characters? */
export function arnMatches(pattern: string, arn: string): boolean {
  const parts = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('.*') + '$').test(arn);
}

/** An entry's headers as sent, and the values that must never appear in an error or a log. */
export interface ResolvedHeaders {
  headers: Record<string, string>;
  secrets: string[];
}

/**
 * Fills `${NAME}` from the environment. Every header value counts as secret (an Authorization
 * or API-key header is the point of having headers), and so does each variable's value alone,
 * in case a connector echoes only the token.
 */
export function resolveHeaders(entry: ConnectorEntry, env: NodeJS.ProcessEnv): ResolvedHeaders {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [header, template] of Object.entries(entry.headers ?? {})) {
    const value = template.replace(ENV_REFERENCE, (_, variable: string) => {
      const filled = env[variable] ?? '';
      if (filled.length >= 4) secrets.push(filled);
      return filled;
    });
    headers[header] = value;
    if (value.length >= 4) secrets.push(value);
  }
  // longest first, so a token inside a longer header value is masked with it
  return { headers, secrets: [...new Set(secrets)].sort((a, b) => b.length - a.length) };
}

/** The text with every secret replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}
