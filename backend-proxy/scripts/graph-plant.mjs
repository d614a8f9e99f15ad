// The graph benchmark's plant: `entities` entities in a hierarchy 5 deep (plant → 10 halls →
// 100 lines → 1,000 cells → machines) with relationships `feed` (machine → next machine of its
// cell), `powers` (line → 10 machines of its cells) and `monitors` (30 % of machines → a random
// machine anywhere), written with raw SQL into the service's tables.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { openDatabase } = require(path.join(root, 'dist/store/sqlite/database.js'));

// deterministic pseudo-random numbers, so every run builds the same plant
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (n) => Math.floor(random() * n);

/**
 * Writes the plant into a new service database at `file` with raw SQL; the same plant every
 * time. Answers the counts of entities, properties and edges.
 */
export function generatePlant(file, { entities: ENTITIES, workspaceId: WS }) {
  const db = openDatabase(file);
  const now = Date.now() / 1000;
  const arn = (id) => `arn:aws:iottwinmaker:us-east-1:000000000000:workspace/${WS}/entity/${id}`;
  db.prepare('INSERT INTO workspaces (workspace_id, arn, creation_time, update_time) VALUES (?, ?, ?, ?)').run(
    WS,
    `arn:aws:iottwinmaker:us-east-1:000000000000:workspace/${WS}`,
    now,
    now,
  );
  const entity = db.prepare(
    'INSERT INTO entities (workspace_id, entity_id, entity_name, description, parent_key, arn, creation_time, update_time) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)',
  );
  const component = db.prepare(
    "INSERT INTO components (entity_key, component_name, component_type_id) VALUES (?, 'equipment', 'com.example.machine')",
  );
  const property = db.prepare(
    'INSERT INTO properties (component_key, property_name, definition_json, value_json, plain_value_json) VALUES (?, ?, ?, ?, ?)',
  );
  const relationship = db.prepare(
    'INSERT INTO relationships (property_key, source_entity_key, relationship_name, list_index, target_entity_key, target_entity_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const def = (type) =>
    JSON.stringify({ dataType: { type }, isTimeSeries: false, isRequiredInEntity: false, isExternalId: false });
  const listDef = JSON.stringify({ dataType: { type: 'LIST', nestedType: { type: 'RELATIONSHIP' } } });

  const levels = [1, 10, 100, 1000];
  levels.push(ENTITIES - levels.reduce((a, b) => a + b, 0));
  const names = ['plant', 'hall', 'line', 'cell', 'machine'];
  const byLevel = [];
  const ids = new Map(); // key → id
  const componentOf = new Map();
  db.transaction(() => {
    for (let level = 0; level < levels.length; level++) {
      const keys = [];
      for (let i = 0; i < levels[level]; i++) {
        const id = `${names[level]}-${i}`;
        const parent = level === 0 ? null : byLevel[level - 1][i % levels[level - 1]];
        const key = Number(entity.run(WS, id, id, parent, arn(id), now, now).lastInsertRowid);
        const c = Number(component.run(key).lastInsertRowid);
        property.run(
          c,
          'serial',
          def('STRING'),
          JSON.stringify({ stringValue: `SN-${id}` }),
          JSON.stringify(`SN-${id}`),
        );
        const status = ['ok', 'ok', 'ok', 'warn', 'fault'][pick(5)];
        property.run(c, 'status', def('STRING'), JSON.stringify({ stringValue: status }), JSON.stringify(status));
        const rating = pick(100);
        property.run(c, 'rating', def('INTEGER'), JSON.stringify({ integerValue: rating }), String(rating));
        keys.push(key);
        ids.set(key, id);
        componentOf.set(key, c);
      }
      byLevel.push(keys);
    }
    const machines = byLevel[4];
    const cells = levels[3];
    const relate = (source, name, targets) => {
      const value = { listValue: targets.map((t) => ({ relationshipValue: { targetEntityId: ids.get(t) } })) };
      const plain = targets.map((t) => ({ targetEntityId: ids.get(t) }));
      const p = Number(
        property.run(componentOf.get(source), name, listDef, JSON.stringify(value), JSON.stringify(plain))
          .lastInsertRowid,
      );
      targets.forEach((t, i) => relationship.run(p, source, name, i, t, ids.get(t)));
    };
    // machines i and i + cells share a cell (machines are dealt round-robin to cells)
    for (let i = 0; i + cells < machines.length; i++) relate(machines[i], 'feed', [machines[i + cells]]);
    for (const line of byLevel[2])
      relate(
        line,
        'powers',
        Array.from({ length: 10 }, () => machines[pick(machines.length)]),
      );
    for (const m of machines) if (random() < 0.3) relate(m, 'monitors', [machines[pick(machines.length)]]);
  })();
  const counts = {
    entities: db.prepare('SELECT count(*) FROM entities').pluck().get(),
    properties: db.prepare('SELECT count(*) FROM properties').pluck().get(),
    edges: db.prepare('SELECT count(*) FROM graph_edges').pluck().get(),
  };
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return counts;
}
