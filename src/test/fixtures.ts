/**
 * Real TwinMaker sample data (../shared/fixtures/twinmaker-samples) shaped as service
 * responses, for plugin unit tests.
 */
import fs from 'node:fs';
import path from 'node:path';

import type {
  GetComponentTypeResponse,
  GetPropertyValueHistoryResponse,
  PropertyValueHistory,
} from '../common/twinmaker';

export const SAMPLES = path.resolve(__dirname, '../../../shared/fixtures/twinmaker-samples');

export function componentType(file: string): GetComponentTypeResponse {
  const raw = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'cookiefactory-v3/component_types', file), 'utf8'));
  return {
    workspaceId: 'cookiefactory',
    arn: `arn:aws:iottwinmaker:us-east-1:0:workspace/cookiefactory/component-type/${raw.componentTypeId}`,
    creationDateTime: 1,
    updateDateTime: 1,
    ...raw,
  };
}

export interface TelemetryRow {
  epochMillis: number;
  assetType: string;
  assetId: string;
  measure: string;
  value: string;
  valueType: string;
}

export function telemetry(): TelemetryRow[] {
  return fs
    .readFileSync(path.join(SAMPLES, 'cookiefactory-v1/telemetry-head300.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [epochMillis, assetType, assetId, measure, value, valueType] = line.trim().split(',');
      return {
        epochMillis: Number(epochMillis),
        assetType: assetType!,
        assetId: assetId!,
        measure: measure!,
        value: value!,
        valueType: valueType!,
      };
    });
}

/** The telemetry CSV as GetPropertyValueHistory pages (entity = asset id, component by asset type). */
export function telemetryHistoryPages(pageSize: number): GetPropertyValueHistoryResponse[] {
  const series = new Map<string, PropertyValueHistory>();
  for (const row of telemetry()) {
    const key = `${row.assetId}/${row.measure}`;
    let s = series.get(key);
    if (!s) {
      s = {
        entityPropertyReference: {
          entityId: row.assetId,
          componentName: `${row.assetType}Component`,
          propertyName: row.measure,
        },
        values: [],
      };
      series.set(key, s);
    }
    s.values!.push({
      time: new Date(row.epochMillis).toISOString(),
      value: row.valueType === 'DOUBLE' ? { doubleValue: Number(row.value) } : { stringValue: row.value },
    });
  }
  // split every series into pages of pageSize values, as the service pages
  const pages: GetPropertyValueHistoryResponse[] = [];
  let current: PropertyValueHistory[] = [];
  let count = 0;
  for (const s of series.values()) {
    for (let i = 0; i < s.values!.length; i++) {
      const last = current[current.length - 1];
      if (!last || last.entityPropertyReference !== s.entityPropertyReference) {
        current.push({ entityPropertyReference: s.entityPropertyReference, values: [] });
      }
      current[current.length - 1]!.values!.push(s.values![i]!);
      if (++count === pageSize) {
        pages.push({ propertyValues: current, nextToken: `p${pages.length + 1}` });
        current = [];
        count = 0;
      }
    }
  }
  pages.push({ propertyValues: current });
  return pages;
}
