/*
 * create-plugin style webpack config (AMD output, Grafana's shared modules external), trimmed
 * to what this repo installs. On Node 20 run it with
 * TS_NODE_COMPILER_OPTIONS='{"module":"commonjs","moduleResolution":"node10"}' (see package.json).
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'node:path';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import type { Configuration } from 'webpack';
import VirtualModulesPlugin from 'webpack-virtual-modules';

import { DIST_DIR, SOURCE_DIR } from '../bundler/constants';
import { getCopyPatterns } from '../bundler/copyFiles';
import { externals } from '../bundler/externals';
import { getEntries, getPackageJson, getPluginJson } from '../bundler/utils';
import { publicPathModule } from './publicPath';

const pluginJson = getPluginJson();
const virtualPublicPath = new VirtualModulesPlugin({
  'node_modules/grafana-public-path.js': publicPathModule.replace('${PLUGIN_ID}', pluginJson.id),
});

export type Env = { [key: string]: true | string | undefined; production?: true; development?: true };

const config = async (env: Env): Promise<Configuration> => {
  const production = Boolean(env.production);
  return {
    cache: { type: 'filesystem', buildDependencies: { config: [__filename] } },
    context: path.join(process.cwd(), SOURCE_DIR),
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: getEntries(),
    externals,
    mode: production ? 'production' : 'development',
    module: {
      rules: [
        {
          // Every module.ts(x) gets the public-path prelude first.
          test: /src\/(?:.*\/)?module\.tsx?$/,
          use: [{ loader: 'imports-loader', options: { imports: `side-effects grafana-public-path` } }],
        },
        {
          exclude: /(node_modules)/,
          test: /\.[tj]sx?$/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                baseUrl: path.resolve(process.cwd(), SOURCE_DIR),
                // Grafana 13 runs on evergreen browsers; es2015 would turn every object spread into helper calls
                target: 'es2020',
                loose: false,
                parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
        {
          // DRACOLoader's default decoder URLs (new URL(…, import.meta.url)) would emit the decoders a
          // second time at dist/'s root, where no panel looks: the scene viewer sets its own path
          // to the copy beside its module.js (copyFiles.ts)
          test: /node_modules[\\/]three[\\/]examples[\\/]jsm[\\/]loaders[\\/]DRACOLoader\.js$/,
          parser: { url: false },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        {
          test: /\.(png|jpe?g|gif|svg)$/,
          type: 'asset/resource',
          generator: { filename: Boolean(env.production) ? '[hash][ext]' : '[file]' },
        },
        {
          test: /\.(woff|woff2|eot|ttf|otf)(\?v=\d+\.\d+\.\d+)?$/,
          type: 'asset/resource',
          generator: { filename: Boolean(env.production) ? '[hash][ext]' : '[file]' },
        },
      ],
    },
    optimization: { minimize: production },
    output: {
      clean: { keep: new RegExp(`(.*?_(amd64|arm(64)?)(.exe)?|go_plugin_build_manifest)`) },
      filename: '[name].js',
      chunkFilename: production ? '[name].js?_cache=[contenthash]' : '[name].js',
      library: { type: 'amd' },
      path: path.resolve(process.cwd(), DIST_DIR),
      publicPath: `public/plugins/${pluginJson.id}/`,
      uniqueName: pluginJson.id,
      crossOriginLoading: 'anonymous',
    },
    plugins: [
      virtualPublicPath,
      new CopyWebpackPlugin({ patterns: getCopyPatterns() }),
      // Replace build-time placeholders in every plugin.json (nested ones included) and README.
      new ReplaceInFileWebpackPlugin([
        {
          dir: DIST_DIR,
          test: [/(^|\/)plugin\.json$/, /(^|\/)README\.md$/],
          rules: [
            { search: /\%VERSION\%/g, replace: getPackageJson().version },
            { search: /\%TODAY\%/g, replace: new Date().toISOString().substring(0, 10) },
            { search: /\%PLUGIN_ID\%/g, replace: pluginJson.id },
          ],
        },
      ]),
    ],
    resolve: {
      extensions: ['.js', '.jsx', '.ts', '.tsx'],
      modules: [path.resolve(process.cwd(), 'src'), 'node_modules'],
      unsafeCache: true,
    },
    performance: { hints: false },
  };
};

export default config;
