import fs from 'node:fs';
import path from 'node:path';

import pluginJson from '../plugin.json';
import { QueryType, VariableQueryType } from '../datasource/types';

const dashboards = pluginJson.includes.filter((i) => i.type === 'dashboard');

describe('bundled dashboards', () => {
  it('are listed in the app plugin.json includes', () => {
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.json'));
    expect(dashboards.map((d) => path.basename(d.path)).sort()).toEqual(files.sort());
  });

  it.each(dashboards.map((d) => [d.path]))('%s uses only query and variable types the data source knows', (file) => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(__dirname, '..', file), 'utf8'));
    expect(dashboard.uid).toBeTruthy();
    const queryTypes = Object.values(QueryType) as string[];
    for (const panel of dashboard.panels) {
      expect(panel.gridPos).toEqual(expect.objectContaining({ h: expect.any(Number), w: expect.any(Number) }));
      for (const target of panel.targets ?? []) {
        expect(queryTypes).toContain(target.queryType);
        expect(target.datasource.type).toBe('doppel-twin-datasource');
      }
    }
    const variableTypes = Object.values(VariableQueryType) as string[];
    for (const v of dashboard.templating.list.filter((x: any) => x.type === 'query')) {
      expect(variableTypes).toContain(v.query.variableType);
    }
  });
});
