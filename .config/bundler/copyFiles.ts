import { getPluginJsonPaths } from './utils';

/**
 * What CopyWebpackPlugin copies from src/ to dist/. Unlike create-plugin's default (root
 * logos only), every nested plugin's img/ is copied too: Grafana and the validator look for
 * the logos each nested plugin.json names, relative to its own folder.
 */
export function getCopyPatterns() {
  const nestedDirs = getPluginJsonPaths()
    .map((p) => p.replace(/\/?plugin\.json$/, ''))
    .filter((d) => d !== '');
  return [
    { from: '../README.md', to: '.', force: true, noErrorOnMissing: true },
    { from: 'plugin.json', to: '.' },
    { from: '../LICENSE', to: '.', noErrorOnMissing: true },
    { from: '../CHANGELOG.md', to: '.', force: true, noErrorOnMissing: true },
    { from: '**/*.json', to: '.', globOptions: { ignore: ['**/*.test.*', '**/__fixtures__/**'] } },
    { from: '**/query_help.md', to: '.', noErrorOnMissing: true },
    { from: 'img/**/*', to: '.', noErrorOnMissing: true },
    ...nestedDirs.map((dir) => ({ from: `${dir}/img/**/*`, to: '.', noErrorOnMissing: true })),
    // three's Draco decoder (wasm + wrapper) beside the scene viewer's module.js: compressed
    // models must decode without a CDN (modelLoader.ts points DRACOLoader here)
    {
      from: '../node_modules/three/examples/jsm/libs/draco/draco_{decoder.wasm,wasm_wrapper.js,decoder.js}',
      to: 'panels/scene-viewer/draco/[name][ext]',
    },
  ];
}
