// Builds the test host's page bundle (tests/e2e/host/page → host/.build/host.js) with webpack.
// The bundle holds SystemJS + its AMD extra and the real shared packages (react, @grafana/*,
// rxjs …) that it registers under the names Grafana uses, so plugin AMD modules resolve to
// exactly one instance of each. A filesystem cache makes rebuilds take seconds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';

const HOST_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(HOST_DIR, '../../..');
export const BUILD_DIR = path.join(HOST_DIR, '.build');

// HOST_PAGE_MODE=development gives React's full error messages when a page breaks.
const MODE = process.env.HOST_PAGE_MODE === 'development' ? 'development' : 'production';

function config() {
  return {
    mode: MODE,
    context: HOST_DIR,
    entry: { host: './page/index.tsx' },
    devtool: false,
    cache: {
      type: 'filesystem',
      cacheDirectory: path.join(BUILD_DIR, `cache-${MODE}`),
      buildDependencies: { config: [fileURLToPath(import.meta.url)] },
    },
    output: {
      path: path.join(BUILD_DIR, 'public'),
      filename: '[name].js',
      chunkFilename: '[name].[contenthash].js',
      publicPath: '/public/host/',
    },
    // Fast builds matter more than bytes here; the page is only ever served locally.
    optimization: { minimize: false, splitChunks: false },
    performance: { hints: false },
    module: {
      rules: [
        // javascript/auto: @grafana/ui's .mjs files default-import CommonJS packages
        // (react-custom-scrollbars-2 …) that set __esModule; strict .mjs interop would hand
        // them the whole exports object instead of its default.
        { test: /\.m?js$/, type: 'javascript/auto', resolve: { fullySpecified: false } },
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2020',
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(png|jpe?g|gif|svg|woff2?|eot|ttf|otf)$/, type: 'asset/resource' },
      ],
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'],
      modules: ['node_modules', path.join(REPO_DIR, 'node_modules')],
      fallback: { fs: false, path: false, os: false, crypto: false, stream: false, buffer: false },
    },
    plugins: [new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify(MODE) })],
    stats: 'errors-warnings',
    infrastructureLogging: { level: 'error' },
  };
}

/** Builds the bundle (incrementally through the cache); resolves with the public dir. */
export function buildHostPage({ quiet = false } = {}) {
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    webpack(config(), (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true, colors: false })));
      if (!quiet) console.log(`host page built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(path.join(BUILD_DIR, 'public'));
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  buildHostPage().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
