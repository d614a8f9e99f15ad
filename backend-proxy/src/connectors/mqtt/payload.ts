import { DataValue } from '../../api/common';
import { formatTime } from '../../model/values/time';
import { ScalarType, TopicMapping } from './topic-mapping';

/** A message's value and time, or what is wrong with it. */
export type PayloadReading = { value: DataValue; time: string } | { problem: string };

/**
 * Reads one message by its mapping: the payload is JSON (an object whose `value`/`time`
 * paths are read) or, without a value path, a plain number, `true`/`false` or text. The time
 * is an ISO-8601 string or epoch milliseconds (seconds when below 10^11), else the time of
 * receipt. Checks here are about the message; the value's fit to the property is the
 * store's (validated like BatchPut).
 */
export function readPayload(mapping: TopicMapping, payload: Buffer, receivedAt: number): PayloadReading {
  const text = payload.toString('utf8').trim();
  let doc: unknown;
  let parsed = true;
  try {
    doc = JSON.parse(text);
  } catch {
    parsed = false;
    doc = text;
  }
  if ((mapping.value !== undefined || mapping.time !== undefined) && !parsed) {
    return { problem: 'the payload is not JSON, but the mapping reads paths in it' };
  }
  const raw = mapping.value !== undefined ? at(doc, mapping.value) : doc;
  if (raw === undefined || raw === null)
    return { problem: `the payload has no value at ${mapping.value ?? '(payload)'}` };
  const value = dataValue(raw, mapping.dataType);
  if (typeof value === 'string') return { problem: value };
  let time = formatTime(receivedAt);
  if (mapping.time !== undefined) {
    const t = at(doc, mapping.time);
    if (typeof t === 'string') time = t;
    else if (typeof t === 'number' && Number.isFinite(t)) time = formatTime(Math.round(t < 1e11 ? t * 1000 : t));
    else return { problem: `the payload has no time (ISO-8601 or epoch ms) at ${mapping.time}` };
  }
  return { value, time };
}

function dataValue(raw: unknown, dataType: ScalarType | undefined): DataValue | string {
  const type =
    dataType ??
    (typeof raw === 'number'
      ? 'DOUBLE'
      : typeof raw === 'boolean'
        ? 'BOOLEAN'
        : typeof raw === 'string'
          ? 'STRING'
          : undefined);
  switch (type) {
    case 'DOUBLE': {
      const n = typeof raw === 'string' ? Number(raw) : raw;
      return typeof n === 'number' && Number.isFinite(n) && raw !== ''
        ? { doubleValue: n }
        : `${show(raw)} is not a number`;
    }
    case 'INTEGER':
    case 'LONG': {
      const n = typeof raw === 'string' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n) || raw === '') return `${show(raw)} is not a whole number`;
      return type === 'INTEGER' ? { integerValue: n } : { longValue: n };
    }
    case 'BOOLEAN':
      if (typeof raw === 'boolean') return { booleanValue: raw };
      if (raw === 'true' || raw === 'false') return { booleanValue: raw === 'true' };
      return `${show(raw)} is not true or false`;
    case 'STRING':
      return typeof raw === 'string' ? { stringValue: raw } : { stringValue: JSON.stringify(raw) };
    default:
      return `${show(raw)} is not a number, boolean or text: point the mapping's value at one`;
  }
}

/** `a.b[0].c` inside a parsed JSON document. */
function at(doc: unknown, path: string): unknown {
  let node: any = doc;
  for (const part of path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[/^\d+$/.test(part) && Array.isArray(node) ? Number(part) : part];
  }
  return node;
}

function show(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 60 ? text.slice(0, 60) + '…' : text;
}
