/*
 * ESM-only packages that jest must transform (create-plugin's list): @grafana/* ship ESM that
 * imports them, and jest runs CommonJS.
 */
const grafanaESModules = [
  '.pnpm',
  '@grafana/schema',
  '@wojtekmaj/date-utils',
  'd3',
  'd3-color',
  'd3-force',
  'd3-interpolate',
  'd3-scale-chromatic',
  'get-user-locale',
  'marked',
  'memoize',
  'mimic-function',
  'ol',
  'react-calendar',
  'react-colorful',
  'rxjs',
  'uuid',
  // @grafana/ui 13 adds these ESM-only dependencies
  '@react-hookz',
  '@ver0',
];

const nodeModulesToTransform = (moduleNames) => `node_modules\/(?!.*(${moduleNames.join('|')})\/.*)`;

module.exports = { nodeModulesToTransform, grafanaESModules };
