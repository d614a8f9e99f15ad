import { checkSceneDocument, looksLikeSceneDocument } from './check-scene';

const node = (extra: object = {}) => ({ name: 'n', transform: { position: [0, 0, 0] }, ...extra });
const scene = (extra: object = {}) => ({
  specVersion: '1.0',
  version: '1',
  nodes: [node()],
  rootNodeIndexes: [0],
  ...extra,
});

describe('scene format check', () => {
  it('accepts a minimal scene', () => {
    expect(checkSceneDocument(scene())).toMatchObject({ errors: [], warnings: [] });
  });

  it.each([
    [undefined, 'specVersion: is required'],
    ['1', 'private-beta'],
    ['2.0', 'major version 2'],
    ['one', 'not <major>.<minor>'],
  ])('refuses specVersion %j', (specVersion, message) => {
    expect(checkSceneDocument(scene({ specVersion })).errors[0]).toContain(message);
  });

  it('warns about a newer minor version', () => {
    const check = checkSceneDocument(scene({ specVersion: '1.3' }));
    expect(check.errors).toEqual([]);
    expect(check.warnings[0]).toContain('minor version 3');
  });

  it('names node index and field: unknown rule, camera out of range, child out of range', () => {
    const check = checkSceneDocument(
      scene({
        nodes: [
          node({ children: [1, 7] }),
          node({
            components: [
              { type: 'Tag', ruleBasedMapId: 'tempRule' },
              { type: 'Camera', cameraIndex: 2 },
            ],
          }),
        ],
        cameras: [{ cameraType: 'Perspective' }],
      }),
    );
    expect(check.errors).toEqual([
      'nodes[0].children[1]: no node 7 (the scene has 2)',
      'nodes[1].components[0].ruleBasedMapId: no rule "tempRule"',
      'nodes[1].components[1].cameraIndex: no camera 2 (the scene has 1)',
    ]);
  });

  it('finds cycles and nodes with two parents', () => {
    const cycle = checkSceneDocument(scene({ nodes: [node(), node({ children: [2] }), node({ children: [1] })] }));
    expect(cycle.errors.join()).toMatch(/its own ancestor/);
    const twoParents = checkSceneDocument(
      scene({ nodes: [node({ children: [2] }), node({ children: [2] }), node()], rootNodeIndexes: [0, 1] }),
    );
    expect(twoParents.errors).toEqual([
      'nodes[1].children[0]: node 2 is already a child of node 0; a node has one parent',
    ]);
    const rootChild = checkSceneDocument(scene({ nodes: [node({ children: [1] }), node()], rootNodeIndexes: [0, 1] }));
    expect(rootChild.errors).toEqual(['rootNodeIndexes[1]: node 1 is a child of node 0, not a root']);
  });

  it('checks binding shapes', () => {
    const check = checkSceneDocument(
      scene({
        nodes: [
          node({
            components: [
              { type: 'Tag', valueDataBinding: { dataBindingContext: { entityId: 5, propertyName: 'x' } } },
              { type: 'DataOverlay', subType: 'OverlayPanel', valueDataBindings: [{ valueDataBinding: {} }] },
            ],
          }),
        ],
      }),
    );
    expect(check.errors).toEqual([
      'nodes[0].components[0].valueDataBinding.dataBindingContext.entityId: must be a string',
      'nodes[0].components[0].valueDataBinding.dataBindingContext.componentName: is required with propertyName',
      'nodes[0].components[1].valueDataBindings[0].bindingName: must be a string',
    ]);
  });

  it('keeps unknown component types and members as warnings, once each', () => {
    const check = checkSceneDocument(
      scene({
        nodes: [
          node({
            components: [
              { type: 'Hologram', glow: 1 },
              { type: 'Tag', sparkle: true },
            ],
          }),
          node({ components: [{ type: 'Hologram' }, { type: 'Tag', sparkle: false }] }),
        ],
        rootNodeIndexes: [0, 1],
        futureTopLevel: {},
      }),
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([
      'futureTopLevel: unknown member, kept as it is',
      'Hologram: unknown component type, kept as it is',
      'Tag.sparkle: unknown component member, kept as it is',
    ]);
  });

  it('collects model references and counts', () => {
    const check = checkSceneDocument(
      scene({
        nodes: [node({ components: [{ type: 'ModelRef', uri: 'a.glb', modelType: 'GLB' }, { type: 'Tag' }] })],
        rules: { r: { statements: [{ expression: 'x > 1', target: 'iottwinmaker.common.icon:Error' }] } },
      }),
    );
    expect(check.references).toEqual([{ at: 'nodes[0].components[0].uri', uri: 'a.glb' }]);
    expect(check.counts).toEqual({ nodes: 1, tags: 1, models: 1, rules: 1, cameras: 0 });
  });

  it('caps what it reports, and walks a million-node chain without recursion', () => {
    const nodes = Array.from({ length: 1_000_000 }, (_, i) =>
      i < 999_999 ? { transform: { position: [0, 0, 0] }, children: [i + 1] } : { transform: { position: [0, 0, 0] } },
    );
    expect(checkSceneDocument({ specVersion: '1.0', nodes, rootNodeIndexes: [0] }).errors).toEqual([]);
    const broken = checkSceneDocument({ specVersion: '1.0', nodes: nodes.map(() => ({})), rootNodeIndexes: [0] });
    expect(broken.errors).toHaveLength(21);
    expect(broken.errors[20]).toBe('… and 999980 more errors');
  });

  it('tells scene documents from other JSON', () => {
    expect(looksLikeSceneDocument(scene())).toBe(true);
    expect(looksLikeSceneDocument({ asset: { version: '1.0' }, root: {} })).toBe(false);
    expect(looksLikeSceneDocument([])).toBe(false);
  });
});
