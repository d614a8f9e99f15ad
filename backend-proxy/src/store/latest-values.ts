import { LatestValuesResponse, PropertyRef, ReferenceError } from '../api/property-set-values';
import { isTwinMakerError, notTimeSeries } from '../errors';
import { historyQuery } from '../model/values/history-query';
import { ValueStore } from './values';

/** The earliest time a stored value may carry (TwinMaker's own lower bound is the epoch). */
const EPOCH = '1970-01-01T00:00:00Z';

/**
 * The last value at or before `at` (epoch ms; the newest when absent) of each reference, for a
 * viewer that binds many properties: one request instead of one per tag. Built on the store's
 * history read (newest first, one value), so it answers exactly what GetPropertyValueHistory
 * would for each; a reference the store refuses is reported by itself, the others still answer.
 */
export async function latestValues(
  store: ValueStore,
  workspaceId: string,
  refs: PropertyRef[],
  at: number | undefined,
): Promise<LatestValuesResponse> {
  // endTime is inclusive; live, a day ahead so a writer whose clock runs fast is still seen
  const endTime = new Date(at ?? Date.now() + 86_400_000).toISOString();
  const seen = new Set<string>();
  const values: LatestValuesResponse['values'] = [];
  const errors: ReferenceError[] = [];
  for (const ref of refs) {
    const key = `${ref.entityId}\u0000${ref.componentName}\u0000${ref.propertyName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const query = historyQuery({
        entityId: ref.entityId,
        componentName: ref.componentName,
        selectedProperties: [ref.propertyName],
        startTime: EPOCH,
        endTime,
        orderByTime: 'DESCENDING',
      });
      const page = await store.history(workspaceId, query, { limit: 1 });
      const stored = page.series[0]?.values;
      const point = stored && (JSON.parse(`[${stored.toString('utf8')}]`) as { time: string; value: unknown }[])[0];
      if (point) values.push({ ...ref, time: point.time, value: point.value });
    } catch (e) {
      if (!isTwinMakerError(e)) throw e;
      const staticValue = e.code === notTimeSeries.code ? await currentValue(store, workspaceId, ref) : undefined;
      if (staticValue) values.push(staticValue);
      else errors.push({ ...ref, errorCode: e.type, errorMessage: e.message });
    }
  }
  return { values, errors };
}

/**
 * A property without history (a static one, e.g. `telemetryAssetType`): its value now, as
 * GetPropertyValue answers it, dated at the epoch so it holds at every moment a viewer shows.
 */
async function currentValue(store: ValueStore, workspaceId: string, ref: PropertyRef) {
  const page = await store.latestValues(
    workspaceId,
    { selection: { entityId: ref.entityId, componentName: ref.componentName }, propertyNames: [ref.propertyName] },
    { limit: 1 },
  );
  const value = page.values.find((v) => v.propertyReference.propertyName === ref.propertyName)?.propertyValue;
  return value ? { ...ref, time: EPOCH, value } : undefined;
}
