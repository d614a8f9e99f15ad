// /variables/edit[?ds=<uid>&query=<json>]: a query variable's editor as Grafana's variable
// settings show it — the data source's variable editor (CustomVariableSupport) and, each time
// the query changes, the "Preview of values" it yields.
import { CoreApp, type DataQuery, type DataSourceApi, type MetricFindValue } from '@grafana/data';
import { selectors } from '@grafana/e2e-selectors';
import { locationService } from '@grafana/runtime';
import { Alert, ErrorBoundaryAlert, Spinner } from '@grafana/ui';
import { useCallback, useEffect, useState } from 'react';
import { isObservable, lastValueFrom } from 'rxjs';

import { dataSourceSrv } from './plugins';
import { buildRequest } from './queryRunner';
import { currentRawRange, resolveRange } from './timeRange';

async function previewValues(ds: DataSourceApi, query: DataQuery): Promise<MetricFindValue[]> {
  const support = (ds as any).variables;
  const range = resolveRange(currentRawRange());
  if (support && typeof support.query === 'function') {
    const result = support.query(buildRequest({ ds, targets: [query], range, app: CoreApp.Dashboard }));
    const response = isObservable(result) ? await lastValueFrom(result) : await result;
    if (response.error) throw new Error(response.error.message);
    const frame = response.data?.[0];
    const text = frame?.fields?.find((f: any) => f.name === 'text') ?? frame?.fields?.[0];
    return (text?.values ?? []).map((t: unknown) => ({ text: String(t) }));
  }
  return ds.metricFindQuery ? ds.metricFindQuery(query, { range }) : [];
}

export function VariableEditPage() {
  const search = new URLSearchParams(locationService.getLocation().search);
  const [ds, setDs] = useState<DataSourceApi>();
  const [query, setQuery] = useState<DataQuery>({ refId: 'variable', ...JSON.parse(search.get('query') ?? '{}') });
  const [values, setValues] = useState<MetricFindValue[]>();
  const [error, setError] = useState<string>();

  const dsUid = search.get('ds');
  useEffect(() => {
    dataSourceSrv.get(dsUid).then(setDs, (e) => setError(e.message));
  }, [dsUid]);

  const run = useCallback(
    (q: DataQuery) => {
      if (!ds) return;
      setError(undefined);
      previewValues(ds, q).then(setValues, (e) => setError(e?.message ?? String(e)));
    },
    [ds],
  );
  // Preview the starting query once the data source is there (run changes only with ds).
  useEffect(() => run(query), [run]);

  if (!ds)
    return error ? (
      <Alert title="Could not load the data source" severity="error">
        {error}
      </Alert>
    ) : (
      <Spinner />
    );
  const Editor = (ds as any).variables?.editor ?? ds.components?.VariableQueryEditor;
  const onChange = (q: DataQuery) => {
    setQuery(q);
    run(q);
  };

  return (
    <div style={{ padding: 16 }} data-testid="variable-edit">
      <h1 style={{ fontSize: 18 }}>Variable query: {ds.name}</h1>
      <ErrorBoundaryAlert>
        {Editor ? (
          <Editor datasource={ds} query={query} onChange={onChange} onRunQuery={() => run(query)} />
        ) : (
          <Alert title="No variable editor" severity="warning" />
        )}
      </ErrorBoundaryAlert>
      {error && <Alert title={error} severity="error" data-testid="variable-query-error" />}
      <h2 style={{ fontSize: 14, marginTop: 16 }}>Preview of values</h2>
      <div
        data-testid="variable-preview"
        data-count={values?.length ?? -1}
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}
      >
        {(values ?? []).map((v, i) => (
          <span
            key={i}
            data-testid={selectors.pages.Dashboard.Settings.Variables.Edit.General.previewOfValuesOption}
            style={{ padding: '2px 8px', border: '1px solid #555', borderRadius: 2 }}
          >
            {v.text}
          </span>
        ))}
      </div>
    </div>
  );
}
