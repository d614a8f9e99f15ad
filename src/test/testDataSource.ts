import type { DataSourceInstanceSettings } from '@grafana/data';

import { DoppelDataSource, type DataSourceDeps } from '../datasource/datasource';
import type { DoppelOptions } from '../datasource/types';
import type { fakeService } from './fakeService';
import { fakeTemplateSrv } from './templateSrv';

/**
 * The data source as Grafana would create it for the uid `ds1` on the cookie-factory
 * workspace, talking to a fake service, with these dashboard variables.
 */
export function testDataSource(
  svc: ReturnType<typeof fakeService>,
  {
    variables = {},
    eventSource,
    valueStream,
  }: {
    variables?: Record<string, string | string[]>;
    eventSource?: DataSourceDeps['eventSource'];
    valueStream?: DataSourceDeps['valueStream'];
  } = {},
) {
  return new DoppelDataSource(
    {
      uid: 'ds1',
      url: '/api/datasources/proxy/uid/ds1',
      jsonData: { workspaceId: 'cookiefactory' },
    } as unknown as DataSourceInstanceSettings<DoppelOptions>,
    {
      transport: svc.transport,
      templateSrv: () => fakeTemplateSrv(variables),
      ...(eventSource && { eventSource }),
      ...(valueStream && { valueStream }),
    },
  );
}
