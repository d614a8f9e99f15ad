// Field config defaults and overrides reach the frames as Grafana applies them (the host used
// to skip them all: applyFieldOverrides without the standard registry applies nothing).
import { describe, expect, it } from '@jest/globals';
import { createTheme, FieldType, MappingType, toDataFrame } from '@grafana/data';

import { corePanelPlugin } from './corePanelPlugins';
import { processPanelData } from './fieldConfig';

const theme = createTheme();
const replaceVariables = (s: string) => s;

function history(name: string) {
  return toDataFrame({
    name,
    fields: [
      { name: 'time', type: FieldType.time, values: [1000, 2000] },
      { name, type: FieldType.number, values: [20.123, 85.5] },
    ],
  });
}

describe('processPanelData', () => {
  it('gives time series distinct colours from the classic palette by default', () => {
    const { series } = processPanelData({
      plugin: corePanelPlugin('timeseries'),
      frames: [history('temperature'), history('power')],
      theme,
      replaceVariables,
    });
    const colours = series.map((f) => f.fields[1]!.display!(f.fields[1]!.values[0]).color);
    expect(series.map((f) => f.fields[1]!.config.color?.mode)).toEqual(['palette-classic', 'palette-classic']);
    expect(new Set(colours).size).toBe(2);
  });

  it('applies unit, decimals and value mappings from defaults, and an override by name', () => {
    const { series } = processPanelData({
      plugin: corePanelPlugin('timeseries'),
      frames: [history('temperature'), history('power')],
      fieldConfig: {
        defaults: {
          unit: 'celsius',
          decimals: 1,
          mappings: [{ type: MappingType.ValueToText, options: { '85.5': { text: 'hot' } } }],
        },
        overrides: [{ matcher: { id: 'byName', options: 'power' }, properties: [{ id: 'unit', value: 'kwatt' }] }],
      },
      theme,
      replaceVariables,
    });
    const [temperature, power] = series.map((f) => f.fields[1]!);
    expect(temperature!.config.unit).toBe('celsius');
    expect(temperature!.display!(20.123).text).toBe('20.1');
    expect(temperature!.display!(20.123).suffix).toBe(' °C');
    expect(temperature!.display!(85.5).text).toBe('hot');
    expect(power!.config.unit).toBe('kwatt');
    expect(power!.display!(2).suffix).toBe(' kW');
  });

  it('colours by thresholds where the panel says so, and sets table column widths from overrides', () => {
    const { series, options } = processPanelData({
      plugin: corePanelPlugin('table'),
      frames: [history('temperature')],
      options: { cellHeight: 'md' },
      fieldConfig: {
        defaults: {
          thresholds: {
            mode: 'absolute' as any,
            steps: [
              { value: -Infinity, color: 'green' },
              { value: 50, color: 'red' },
            ],
          },
        },
        overrides: [{ matcher: { id: 'byName', options: 'time' }, properties: [{ id: 'custom.width', value: 180 }] }],
      },
      theme,
      replaceVariables,
    });
    const [time, temperature] = series[0]!.fields;
    expect(time!.config.custom.width).toBe(180);
    expect(temperature!.config.custom.width).toBeUndefined();
    expect(temperature!.config.custom.align).toBe('auto');
    expect(temperature!.display!(85.5).color).toBe(theme.visualization.getColorByName('red'));
    expect(temperature!.display!(20).color).toBe(theme.visualization.getColorByName('green'));
    // panel options keep the dashboard's and gain the panel's defaults
    expect(options).toEqual(expect.objectContaining({ cellHeight: 'md', showHeader: true, frameIndex: 0 }));
  });

  it('builds data links whose macros read the clicked row', () => {
    const frame = toDataFrame({
      name: 'entities',
      fields: [
        {
          name: 'entityId',
          type: FieldType.string,
          values: ['Oven_1', 'Mixer_1'],
          config: {
            links: [{ title: 'Open', url: '/a/app/workspaces?entity=${__value.raw}&name=${__data.fields.entityName}' }],
          },
        },
        { name: 'entityName', type: FieldType.string, values: ['Oven 1', 'Mixer 1'] },
      ],
    });
    // the host's templateSrv resolves the macros; here a stand-in that only knows __value.raw's row
    const { series } = processPanelData({
      plugin: corePanelPlugin('table'),
      frames: [frame],
      theme,
      replaceVariables: (text, scopedVars) => {
        const ctx = scopedVars?.__dataContext?.value;
        if (!ctx || ctx.rowIndex === undefined) return text;
        return text
          .replace('${__value.raw}', String(ctx.field.values[ctx.rowIndex]))
          .replace('${__data.fields.entityName}', String(ctx.frame.fields[1]!.values[ctx.rowIndex]));
      },
    });
    const field = series[0]!.fields[0]!;
    expect(field.getLinks!({ valueRowIndex: 1 })[0]!.href).toBe('/a/app/workspaces?entity=Mixer_1&name=Mixer 1');
  });
});
