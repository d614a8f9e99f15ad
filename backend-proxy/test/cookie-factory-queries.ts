/**
 * The cookie-factory v3 sample's entity ids and the knowledge-graph queries real clients send
 * (reference/twinmaker-api.md §6.4) with the rows they should answer, shared by the ExecuteQuery
 * tests and the import tests. Expected rows were derived from the fixture files independently of
 * the service (a small graph walk over entities.json). Cells are compared in a short form:
 * entities as name + first 4 hex digits of their uuid (`FREEZER_TUNNEL_c726`), edges as
 * `source name target`, paths as entity chains.
 */

export const COOKIE_ID = {
  FREEZER_TUNNEL: 'FREEZER_TUNNEL_c726a21e-8fd4-4210-b71e-0ef9acc59d97',
  Equipment: 'Equipment_5c9e83d2-1880-4f83-affd-9a27f80d39f7',
  Spaces: 'Spaces_aae147fa-014f-41b0-adbe-1dd6802bfe48',
  COOKIE_FORMER: 'COOKIE_FORMER_e87acad2-1852-4f98-891f-c8f9a3eb7dd4',
  Mixers: 'Mixers_b1e081ee-e6a3-4636-82cb-6b6bce0786a7',
  Mixer_0: 'Mixer_0_cd81d9fd-3f74-437a-802b-9747ff240837',
  Forming: 'Forming_3a983424-4449-4895-b469-1e458a7c1dd6',
  COOKIE_LINE_1: 'COOKIE_LINE_1_70cde09c-2c2b-4aa2-9fc3-a91ff659e8f3',
  PROCESS_STEP: 'PROCESS_STEP_cbcc3ce7-e925-4c9b-b88f-8e8dbd16d9de',
  BOX_SEALER: 'BOX_SEALER_ad434a34-4363-4a36-8153-20bd7189951d',
};

const ID = COOKIE_ID;

export const shortId = (id: string) => id.replace(/_([0-9a-f]{4})[0-9a-f]{4}-[0-9a-f-]{27}$/, '_$1');

export function cellText(type: string, v: any): string {
  if (v === null || v === undefined) return 'null';
  if (type === 'NODE') return shortId(v.entityId);
  if (type === 'EDGE') return `${shortId(v.sourceEntityId)} ${v.relationshipName} ${shortId(v.targetEntityId)}`;
  if (type === 'PATH')
    return v.path
      .filter((s: any) => 'entityId' in s)
      .map((s: any) => shortId(s.entityId))
      .join(' > ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Exact rows (any order), or a count where listing every row would drown the point, and rows it must contain. */
export type ExpectedRows = { rows?: string[]; count?: number; contains?: string[] };

export function expectRows(answer: string[], expected: ExpectedRows): void {
  if (expected.rows) expect(answer).toEqual([...expected.rows].sort());
  if (expected.count !== undefined) expect(answer).toHaveLength(expected.count);
  for (const row of expected.contains ?? []) expect(answer).toContain(row);
}

export const SECTION_6_4: [string, string, ExpectedRows][] = [
  [
    'scene-composer descendant count, {1, 30}',
    `SELECT COUNT(e) FROM EntityGraph MATCH (e)-[:isChildOf]->{1, 30}(p) WHERE p.entityId = '${ID.Equipment}'`,
    { rows: ['107'] },
  ],
  [
    'scene-composer children',
    `select entity, r, e from EntityGraph match (e)<-[r]-(entity) where r.relationshipName = 'isChildOf' and e.entityId = '${ID.Mixers}'`,
    { count: 26, contains: ['Mixer_0_cd81 | Mixer_0_cd81 isChildOf Mixers_b1e0 | Mixers_b1e0'] },
  ],
  [
    'cookie-factory process steps and equipment',
    `SELECT processStep, r1, e, r2, equipment FROM EntityGraph MATCH (cookieLine)<-[:isChildOf]-(processStepParent)<-[:isChildOf]-(processStep)-[r1]-(e)-[r2]-(equipment), equipment.components AS c WHERE cookieLine.entityName = 'COOKIE_LINE' AND processStepParent.entityName = 'PROCESS_STEP' AND c.componentTypeId = 'com.example.cookiefactory.equipment'`,
    {
      count: 36,
      contains: [
        'Forming_fbec | COOKIE_FORMER_1955 belongTo Forming_fbec | COOKIE_FORMER_1955 | COOKIE_FORMER_1955 feed FREEZER_TUNNEL_e12e | FREEZER_TUNNEL_e12e',
      ],
    },
  ],
  [
    'cookie-factory step of one equipment',
    `SELECT processStep, r0, e0 FROM EntityGraph MATCH (cookieLine)<-[:isChildOf]-(processStepParent)<-[:isChildOf]-(processStep)-[r0]-(e0) WHERE cookieLine.entityName = 'COOKIE_LINE' AND processStepParent.entityName = 'PROCESS_STEP' AND r0.relationshipName != 'isChildOf' AND e0.entityId = '${ID.BOX_SEALER}'`,
    { rows: ['BoxSealing_78b1 | BOX_SEALER_ad43 belongTo BoxSealing_78b1 | BOX_SEALER_ad43'] },
  ],
  [
    'cookie-factory OR of ids',
    `SELECT entity FROM EntityGraph MATCH (entity) WHERE entity.entityId = '${ID.Mixer_0}' OR entity.entityId = '${ID.Mixers}'`,
    { rows: ['Mixer_0_cd81', 'Mixers_b1e0'] },
  ],
  [
    'cookie-factory bracketless {1,}',
    `SELECT root, e FROM EntityGraph MATCH (root)<-{1,}(e) WHERE root.entityId = '${ID.Spaces}'`,
    { count: 21, contains: ['Spaces_aae1 | Office_Room_H_f9bc', 'Spaces_aae1 | Factory_aa3d'] },
  ],
  [
    'assistant: properties of an entity',
    `SELECT e.entityId, c.componentName, p.propertyName, p.propertyValue FROM EntityGraph MATCH (e), e.components as c, c.properties as p WHERE e.entityId = '${ID.Mixer_0}'`,
    {
      count: 9,
      contains: [
        `${ID.Mixer_0} | MixerComponent | telemetryAssetType | Mixer`,
        `${ID.Mixer_0} | MixerComponent | RPM | null`,
      ],
    },
  ],
];
