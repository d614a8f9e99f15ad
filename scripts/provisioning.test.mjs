// node --test scripts/provisioning.test.mjs — the Grafana provisioning files, docker-compose.yaml
// and backend-proxy/Dockerfile against what Grafana documents and what the repository holds.
// Runs in `npm run validate`, after `npm run build` (Grafana mounts the built dist/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
const yamlFiles = (dir) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));

// Grafana's documented fields (docs/sources/administration/provisioning/index.md)
const DOCUMENTED = {
  plugins: {
    top: ['apiVersion', 'apps'],
    item: ['type', 'org_id', 'org_name', 'disabled', 'jsonData', 'secureJsonData'],
  },
  datasources: {
    top: ['apiVersion', 'datasources', 'deleteDatasources', 'prune'],
    item: [
      'name',
      'type',
      'access',
      'orgId',
      'uid',
      'url',
      'user',
      'database',
      'basicAuth',
      'basicAuthUser',
      'withCredentials',
      'isDefault',
      'jsonData',
      'secureJsonData',
      'version',
      'editable',
    ],
  },
  dashboards: {
    top: ['apiVersion', 'providers'],
    item: [
      'name',
      'orgId',
      'folder',
      'folderUid',
      'type',
      'disableDeletion',
      'updateIntervalSeconds',
      'allowUiUpdates',
      'options',
    ],
    options: ['path', 'foldersFromFilesStructure'],
  },
};
const LIST_KEY = { plugins: 'apps', datasources: 'datasources', dashboards: 'providers' };

function unknownKeys(object, allowed) {
  return Object.keys(object).filter((k) => !allowed.includes(k));
}

/** Every plugin id the repository builds: the app and the plugin.json files it includes. */
function pluginIds() {
  const ids = new Map();
  const app = JSON.parse(read('src/plugin.json'));
  ids.set(app.id, app.type);
  for (const inc of app.includes.filter((i) => i.path?.endsWith('plugin.json'))) {
    const nested = JSON.parse(read(path.join('src', inc.path)));
    ids.set(nested.id, nested.type);
  }
  return ids;
}

// Grafana's own panel and data source ids a dashboard may use besides ours
const GRAFANA_PANELS = [
  'table',
  'timeseries',
  'stat',
  'gauge',
  'bargauge',
  'text',
  'row',
  'state-timeline',
  'barchart',
  'logs',
  'nodeGraph',
];
const GRAFANA_DATASOURCES = ['datasource', 'grafana', '-- Grafana --', '-- Dashboard --'];

for (const kind of Object.keys(DOCUMENTED)) {
  for (const file of yamlFiles(`provisioning/${kind}`)) {
    test(`${file} parses and uses only documented fields`, () => {
      const doc = YAML.parse(read(file));
      const spec = DOCUMENTED[kind];
      assert.equal(doc.apiVersion, 1);
      assert.deepEqual(unknownKeys(doc, spec.top), []);
      assert.ok(Array.isArray(doc[LIST_KEY[kind]]) && doc[LIST_KEY[kind]].length > 0);
      for (const item of doc[LIST_KEY[kind]]) {
        assert.deepEqual(unknownKeys(item, spec.item), [], `${file}: ${JSON.stringify(item)}`);
        if (spec.options) assert.deepEqual(unknownKeys(item.options ?? {}, spec.options), []);
      }
    });
  }
}

test('the provisioned app and data sources are plugins the repository builds', () => {
  const ids = pluginIds();
  for (const file of yamlFiles('provisioning/plugins')) {
    for (const app of YAML.parse(read(file)).apps) assert.equal(ids.get(app.type), 'app', app.type);
  }
  for (const file of yamlFiles('provisioning/datasources')) {
    for (const ds of YAML.parse(read(file)).datasources) assert.equal(ids.get(ds.type), 'datasource', ds.type);
  }
});

// the file shares the replicas' settings through YAML anchors and merge keys (`<<: *doppel-replica`)
const compose = () => YAML.parse(read('docker-compose.yaml'), { merge: true });

/** The host path a container path comes from, through the compose file's bind mounts. */
function hostPathOf(service, containerPath) {
  for (const volume of compose().services[service].volumes ?? []) {
    const [source, target] = volume.split(':');
    if (!source.startsWith('.')) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return path.join(root, source, containerPath.slice(target.length));
    }
  }
  throw new Error(`${containerPath} is not mounted into ${service}`);
}

function provisionedDashboards() {
  const files = [];
  for (const file of yamlFiles('provisioning/dashboards')) {
    for (const provider of YAML.parse(read(file)).providers) {
      const dir = hostPathOf('grafana', provider.options.path);
      assert.ok(fs.existsSync(dir), `${provider.options.path} → ${dir} missing (npm run build first)`);
      files.push(
        ...fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(dir, f)),
      );
    }
  }
  return files;
}

test('provisioned dashboards have fixed uids and name only plugin ids and data source uids that exist', () => {
  const ids = pluginIds();
  const dsUids = yamlFiles('provisioning/datasources').flatMap((f) =>
    YAML.parse(read(f)).datasources.map((d) => d.uid),
  );
  const dashboards = provisionedDashboards();
  assert.ok(dashboards.length > 0, 'no dashboard provisioned');
  for (const file of dashboards) {
    const dashboard = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.match(dashboard.uid ?? '', /^[\w-]{1,40}$/, `${file}: fixed uid`);
    // a datasource-type variable stands for any data source of its plugin id
    const dsVariables = new Map(
      (dashboard.templating?.list ?? []).filter((v) => v.type === 'datasource').map((v) => [v.name, v.query]),
    );
    for (const [name, type] of dsVariables) assert.equal(ids.get(type), 'datasource', `variable ${name}: ${type}`);
    const checkRef = (ref, where) => {
      if (ref === undefined || ref === null) return;
      const uid = typeof ref === 'string' ? ref : ref.uid;
      if (typeof ref === 'object' && ref.type && !GRAFANA_DATASOURCES.includes(ref.type)) {
        assert.equal(ids.get(ref.type), 'datasource', `${where}: data source type ${ref.type}`);
      }
      const variable = /^\$\{?(\w+)\}?$/.exec(uid ?? '');
      if (variable) assert.ok(dsVariables.has(variable[1]), `${where}: variable ${uid} is not a data source variable`);
      else if (!GRAFANA_DATASOURCES.includes(uid)) assert.ok(dsUids.includes(uid), `${where}: data source uid ${uid}`);
    };
    const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const panel of panels) {
      const where = `${path.basename(file)} panel ${panel.id ?? panel.title}`;
      assert.ok(
        ids.get(panel.type) === 'panel' || GRAFANA_PANELS.includes(panel.type),
        `${where}: panel ${panel.type}`,
      );
      checkRef(panel.datasource, where);
      checkRef(panel.options?.datasource, where);
      for (const target of panel.targets ?? []) checkRef(target.datasource, where);
    }
    for (const v of dashboard.templating?.list ?? [])
      if (v.type === 'query') checkRef(v.datasource, `variable ${v.name}`);
  }
});

/** What `docker-compose config` makes of the file (anchors merged, variables filled in) with these profiles. */
function composeConfig(profiles, quiet = false) {
  const env = { ...process.env, DOPPEL_ACCESS_KEY_ID: 'k', DOPPEL_SECRET_ACCESS_KEY: 's' };
  delete env.DOPPEL_SERVICE_URL;
  delete env.COMPOSE_PROFILES;
  const args = ['--project-directory', root, '-f', path.join(root, 'docker-compose.yaml')];
  for (const profile of profiles) args.push('--profile', profile);
  const out = execFileSync('docker-compose', [...args, 'config', ...(quiet ? ['-q'] : [])], { env, stdio: 'pipe' });
  if (quiet) return undefined;
  // docker-compose 1.x prints every service whatever the profiles; keep those the profiles start
  const config = YAML.parse(out.toString());
  for (const [name, service] of Object.entries(config.services))
    if (service.profiles && !service.profiles.some((p) => profiles.includes(p))) delete config.services[name];
  return config;
}

test('docker-compose config accepts the compose file (and its postgres profile)', () => {
  composeConfig([], true);
  composeConfig(['postgres'], true);
  assert.equal(compose().services.postgres.profiles[0], 'postgres');
});

test('the default profile is one SQLite service and Grafana on it', () => {
  const { services } = composeConfig([]);
  assert.deepEqual(Object.keys(services).sort(), ['doppel', 'grafana']);
  assert.equal(services.doppel.environment.DOPPEL_STORE, 'sqlite');
  assert.equal(services.grafana.environment.DOPPEL_SERVICE_URL, 'http://doppel:8600');
});

test('the postgres profile: PostgreSQL, two replicas on one database and one library, a balancer', () => {
  const { services } = composeConfig(['postgres']);
  const replicas = ['doppel-replica-1', 'doppel-replica-2'];
  for (const name of ['postgres', ...replicas, 'doppel-lb']) assert.ok(services[name], `${name} runs`);
  // docker-compose 1.x writes `source:target:rw`, Compose v2 the long form
  const volumesOf = (name) =>
    services[name].volumes.map((v) =>
      typeof v === 'string' ? v.replace(/:rw$/, '') : `${v.source}:${v.target}${v.read_only ? ':ro' : ''}`,
    );
  const dataVolumes = new Set();
  for (const name of replicas) {
    const { environment: env, depends_on: deps, command } = services[name];
    assert.equal(env.DOPPEL_STORE, 'postgres', name);
    assert.match(env.DOPPEL_PG_URL, /^postgres:\/\/doppel:[^@]+@postgres:5432\/doppel$/, name);
    assert.equal(env.DOPPEL_RESOURCES_DIR, '/resources', name);
    assert.ok(env.DOPPEL_ACCESS_KEY_ID && env.DOPPEL_SECRET_ACCESS_KEY, `${name}: the shared admin credential`);
    assert.ok(volumesOf(name).includes('doppel-resources:/resources'), `${name} mounts the shared library`);
    const data = volumesOf(name).find((v) => v.endsWith(':/data'));
    assert.ok(data && !dataVolumes.has(data), `${name} has a data volume of its own`);
    dataVolumes.add(data);
    assert.equal(deps.postgres.condition, 'service_healthy', `${name} waits for PostgreSQL`);
    assert.ok(services[name].healthcheck, `${name} has a health check`);
    assert.equal(command.includes('--demo'), name === 'doppel-replica-1', `${name}: only the first runs the demo`);
  }
  assert.equal(services['doppel-replica-2'].depends_on['doppel-replica-1'].condition, 'service_healthy');
  for (const name of replicas)
    assert.equal(
      services[name].environment.DOPPEL_PROVISION_DIR,
      '/provisioning',
      `${name} reads the provisioned sites`,
    );

  const lb = services['doppel-lb'];
  for (const name of replicas) assert.equal(lb.depends_on[name].condition, 'service_healthy');
  const mount = volumesOf('doppel-lb').find(
    (v) => v.endsWith(':/etc/nginx/conf.d/default.conf:ro') || v.endsWith(':/etc/nginx/conf.d/default.conf'),
  );
  assert.ok(mount, 'the balancer mounts its config');
  const nginx = fs.readFileSync(mount.split(':')[0], 'utf8');
  const upstreams = [...nginx.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(
    upstreams,
    replicas.map((r) => `${r}:${services[r].environment.DOPPEL_PORT}`),
  );
  assert.match(nginx, /^\s*listen 8600;/m);
  // live streams pass through as written
  assert.match(nginx, /^\s*proxy_buffering off;/m);

  // Grafana on the balancer when .env says so (README, "Scale out")
  const env = {
    ...process.env,
    DOPPEL_ACCESS_KEY_ID: 'k',
    DOPPEL_SECRET_ACCESS_KEY: 's',
    DOPPEL_SERVICE_URL: 'http://doppel-lb:8600',
  };
  const withLb = YAML.parse(
    execFileSync(
      'docker-compose',
      ['--project-directory', root, '-f', path.join(root, 'docker-compose.yaml'), 'config'],
      { env },
    ).toString(),
  );
  assert.equal(withLb.services.grafana.environment.DOPPEL_SERVICE_URL, 'http://doppel-lb:8600');
  assert.ok(read('README.md').includes('DOPPEL_SERVICE_URL=http://doppel-lb:8600'));
});

test('every path the compose file mounts or builds from exists', () => {
  for (const [name, service] of Object.entries(compose().services)) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0];
      if (source.startsWith('.'))
        assert.ok(fs.existsSync(path.join(root, source)), `${name}: ${source} (npm run build first)`);
    }
    if (service.build) {
      assert.ok(fs.existsSync(path.join(root, service.build.context, service.build.dockerfile)), `${name}: Dockerfile`);
    }
  }
});

test("the Dockerfile's npm build steps are the README's steps without Docker", () => {
  const steps = read('backend-proxy/Dockerfile')
    .split('\n')
    .filter((l) => l.startsWith('RUN npm '))
    .map((l) => l.slice('RUN '.length).trim());
  assert.ok(steps.length >= 2);
  const readme = read('README.md');
  const section = readme.slice(
    readme.indexOf('## Run it with Grafana'),
    readme.indexOf('\n## ', readme.indexOf('## Run it with Grafana') + 5),
  );
  const readmeLines = section.split('\n').map((l) => l.trim());
  for (const step of steps) assert.ok(readmeLines.includes(step), `README lacks the step: ${step}`);
  const cmd = /^CMD \[(.*)\]$/m
    .exec(read('backend-proxy/Dockerfile'))[1]
    .split(',')
    .map((s) => JSON.parse(s.trim()))
    .join(' ');
  assert.ok(section.includes(cmd), `README lacks the start command: ${cmd}`);
});
