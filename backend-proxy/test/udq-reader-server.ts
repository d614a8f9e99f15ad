import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { fixturesDir } from './fixture-workspace';

/** One telemetry row of the samples' CSV: epochMillis, TelemetryAssetType, TelemetryAssetId, measure_name, measure_value, valueType. */
export interface TelemetryRow {
  ms: number;
  assetType: string;
  assetId: string;
  measure: string;
  value: string;
  valueType: 'DOUBLE' | 'VARCHAR';
}

export function sampleTelemetry(): TelemetryRow[] {
  const text = fs.readFileSync(path.join(fixturesDir, 'cookiefactory-v1', 'telemetry-head300.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [ms, assetType, assetId, measure, value, valueType] = line.trim().split(',');
      return {
        ms: Number(ms),
        assetType: assetType!,
        assetId: assetId!,
        measure: measure!,
        value: value!,
        valueType: valueType as 'DOUBLE',
      };
    });
}

/** What the server saw and can be told to do. */
export interface UdqServer {
  url: string;
  rows: TelemetryRow[];
  /** every event received, in order */
  events: any[];
  /** request headers of the last event */
  lastHeaders: http.IncomingHttpHeaders;
  close(): Promise<void>;
}

/**
 * The samples' Timestream UDQ data reader (udq_data_reader.py with udq_utils) re-hosted as a
 * small HTTP server over the samples' telemetry rows, the way a TwinMaker Lambda connector is
 * put behind HTTP: POST /udq takes the Lambda event and returns what the handler returns.
 * - an entity request (`entityId` in the event) reads `properties.telemetryAssetType` and
 *   `properties.telemetryAssetId` values and names its series by entity and component;
 * - a component-type request reads the type's `telemetryAssetType` default and names each
 *   series by external id (`alarm_key` for alarms, as the sample does, else telemetryAssetId);
 * - values go out string-encoded (`{"doubleValue": "100"}`), as udq_utils sends them;
 * - maxResults pages with an opaque nextToken, `null` on the last page.
 * Faults for the error tests: /slow never answers in time, /fail answers 500 echoing the
 * Authorization header (as careless servers do), /garbage answers HTML, /bad-shape a reply
 * whose time is not a time.
 */
export async function startUdqServer(): Promise<UdqServer> {
  const state: UdqServer = {
    url: '',
    rows: sampleTelemetry(),
    events: [],
    lastHeaders: {},
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      state.lastHeaders = req.headers;
      const send = (status: number, payload: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (req.url === '/slow') {
        const timer = setTimeout(() => send(200, { propertyValues: [] }), 2_000);
        return void res.on('close', () => clearTimeout(timer));
      }
      if (req.url === '/fail')
        return send(500, `upstream refused credentials ${req.headers.authorization}`, 'text/plain');
      if (req.url === '/garbage') return send(200, '<html>Bad gateway</html>', 'text/html');
      const event = JSON.parse(body);
      state.events.push(event);
      if (req.url === '/bad-shape') {
        return send(200, {
          propertyValues: [
            {
              entityPropertyReference: { propertyName: event.selectedProperties[0] },
              values: [{ time: 'yesterday', value: { doubleValue: '1' } }],
            },
          ],
        });
      }
      send(200, readerHandler(event, state.rows));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

/** The sample reader's logic over the rows. */
function readerHandler(event: any, rows: TelemetryRow[]) {
  const from = Date.parse(event.startTime);
  const to = Date.parse(event.endTime);
  const selected: string[] = event.selectedProperties;
  const single = 'entityId' in event;
  const assetType: string = event.properties.telemetryAssetType.value.stringValue;
  const assetId: string | undefined = single ? event.properties.telemetryAssetId.value.stringValue : undefined;
  let matching = rows.filter(
    (r) =>
      r.assetType === assetType &&
      (assetId === undefined || r.assetId === assetId) &&
      selected.includes(r.measure) &&
      r.ms >= from &&
      r.ms <= to,
  );
  matching = matching.sort((a, b) => (event.orderByTime === 'DESCENDING' ? b.ms - a.ms : a.ms - b.ms));
  const offset = event.nextToken ? Number(Buffer.from(event.nextToken, 'base64').toString()) : 0;
  const page = matching.slice(offset, offset + (event.maxResults ?? 100));
  const end = offset + page.length;
  const groups = new Map<string, { entityPropertyReference: any; values: any[] }>();
  for (const r of page) {
    const reference = single
      ? { entityId: event.entityId, componentName: event.componentName, propertyName: r.measure }
      : {
          externalIdProperty: { [assetType === 'Alarm' ? 'alarm_key' : 'telemetryAssetId']: r.assetId },
          propertyName: r.measure,
        };
    const key = JSON.stringify(reference);
    const group = groups.get(key) ?? { entityPropertyReference: reference, values: [] };
    group.values.push({
      time: new Date(r.ms).toISOString(),
      value: r.valueType === 'DOUBLE' ? { doubleValue: r.value } : { stringValue: r.value },
    });
    groups.set(key, group);
  }
  return {
    propertyValues: [...groups.values()],
    nextToken: end < matching.length ? Buffer.from(String(end)).toString('base64') : null,
  };
}
