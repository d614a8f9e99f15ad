// Data links are interpolated the Grafana way: macros read the clicked cell through the
// __dataContext that applyFieldOverrides' link supplier passes, dashboard variables and the
// time range come from the dashboard.
import { describe, expect, it } from '@jest/globals';
import { createTheme, dateTime, FieldType, toDataFrame } from '@grafana/data';

import { processPanelData } from './fieldConfig';
import { corePanelPlugin } from './corePanelPlugins';
import { HostTemplateSrv } from './templateSrv';

function linkedFrame(url: string) {
  return toDataFrame({
    name: 'children',
    refId: 'A',
    fields: [
      {
        name: 'entityId',
        type: FieldType.string,
        values: ['Oven_1', 'Mixer 1'],
        config: { links: [{ title: 'Open', url }] },
      },
      { name: 'temperature', type: FieldType.number, values: [205.25, 30], config: { unit: 'celsius', decimals: 1 } },
    ],
  });
}

function setup(url: string) {
  const srv = new HostTemplateSrv();
  srv.setVariables([{ name: 'ws', type: 'textbox', options: [], current: { value: 'demo-factory' } }]);
  srv.updateTimeRange({ from: dateTime(1000), to: dateTime(2000), raw: { from: 'now-1h', to: 'now' } });
  const { series } = processPanelData({
    plugin: corePanelPlugin('table'),
    frames: [linkedFrame(url)],
    theme: createTheme(),
    replaceVariables: (text, scopedVars, format) => srv.replace(text, scopedVars, format as string | undefined),
  });
  const field = series[0]!.fields[0]!;
  return (row: number) => field.getLinks!({ valueRowIndex: row })[0]!;
}

describe('data link interpolation', () => {
  it('reads ${__value.raw} of the clicked row', () => {
    const link = setup('/a/doppel-twin-app/workspaces?ws=${ws}&entity=${__value.raw}');
    expect(link(0).href).toBe('/a/doppel-twin-app/workspaces?ws=demo-factory&entity=Oven_1');
    // encoded for the URL (Grafana's sanitizeUrl then hands it back decoded; the browser re-encodes)
    expect(new URL(link(1).href, 'http://host').searchParams.get('entity')).toBe('Mixer 1');
  });

  it('reads other fields of the row through ${__data.fields…}, raw or as displayed', () => {
    const link = setup(
      '/d?var-e=${__data.fields.entityId}&t=${__data.fields[1]}&n=${__data.fields.temperature.numeric}',
    );
    // as in Grafana, __data is not URL-encoded (its value is written as it reads)
    expect(link(0).href).toBe('/d?var-e=Oven_1&t=205.3 °C&n=205.25');
  });

  it('adds the dashboard range as Grafana writes it to URLs, and the frame name', () => {
    const link = setup('/d?${__url_time_range}&s=${__series.name}&f=${__field.name}');
    expect(link(0).href).toBe('/d?from=now-1h&to=now&s=children&f=entityId');
  });

  it('leaves a macro without a data context as written, for a later pass', () => {
    const srv = new HostTemplateSrv();
    expect(srv.replace('x=${__value.raw}&y=${__data.fields.a}')).toBe('x=${__value.raw}&y=${__data.fields.a}');
  });

  it('lists every dashboard variable for ${__all_variables}', () => {
    const srv = new HostTemplateSrv();
    srv.setVariables([
      { name: 'a', type: 'textbox', options: [], current: { value: 'x y' } },
      { name: 'b', type: 'custom', multi: true, options: [], current: { value: ['1', '2'] } },
    ]);
    expect(srv.replace('/d?${__all_variables}')).toBe('/d?var-a=x%20y&var-b=1&var-b=2');
  });
});
