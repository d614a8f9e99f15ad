import { DemoModelFile } from './demo-models';
import { DEMO_OVEN_ALARM } from './demo-site';
import { lookAtRotation, Vec3 } from './scene-camera';
import { DemoMachine, SITE_LINES } from './signals';

/** The demo's scene: its id, and its document's key in the workspace bucket. */
export const DEMO_SCENE_ID = 'FactoryFloor';
export const DEMO_SCENE_KEY = 'scenes/FactoryFloor.json';
/** Folder of the scene document in the bucket: the models sit beside it, so their `uri` is the bare file name. */
export const DEMO_SCENE_FOLDER = 'scenes/';

const ICON = 'iottwinmaker.common.icon:';
const COLOR = 'iottwinmaker.common.color:';

/**
 * Rules of the scene (TwinMaker's `rules`, jexl expressions over the bound property's name).
 * Thresholds follow the demo's signals: ovens swing between about 197 and 213 °C (above 210
 * is running hot), and the oven of line 1 passes 240 °C while it overheats.
 */
const RULES = {
  // TwinMaker's sample alarm rule: the tag of line 1's oven alarm is red while ACTIVE
  alarmIcon: [
    { expression: "alarm_status == 'ACTIVE'", target: `${ICON}Error` },
    { expression: "alarm_status == 'ACKNOWLEDGED'", target: `${ICON}Warning` },
    { expression: "alarm_status == 'SNOOZE_DISABLED'", target: `${ICON}Warning` },
    { expression: "alarm_status == 'NORMAL'", target: `${ICON}Info` },
  ],
  statusIcon: [
    { expression: "status == 'ALARM'", target: `${ICON}Error` },
    { expression: "status == 'IDLE'", target: `${ICON}Warning` },
    { expression: "status == 'RUNNING'", target: `${ICON}Info` },
  ],
  ovenTemperatureIcon: [
    { expression: 'temperature >= 240', target: `${ICON}Error` },
    { expression: 'temperature >= 210', target: `${ICON}Warning` },
    { expression: 'temperature < 210', target: `${ICON}Info` },
  ],
  ovenTemperatureColor: [
    { expression: 'temperature >= 240', target: `${COLOR}#e02f2f` },
    { expression: 'temperature >= 210', target: `${COLOR}#f2a23a` },
  ],
  mixerTemperatureIcon: [
    { expression: 'temperature >= 30', target: `${ICON}Warning` },
    { expression: 'temperature < 30', target: `${ICON}Info` },
  ],
  mixerTemperatureColor: [{ expression: 'temperature >= 30', target: `${COLOR}#f2a23a` }],
  conveyorSpeedIcon: [
    { expression: 'speed < 0.5', target: `${ICON}Warning` },
    { expression: 'speed >= 0.5', target: `${ICON}Info` },
  ],
  // belt arrows move at twice the belt's speed in m/s, so a slowed belt is plain to see
  conveyorSpeed: [{ expression: 'speed * 2', target: 'iottwinmaker.common.number' }],
};
export type DemoRuleId = keyof typeof RULES;

/** Where each machine stands on its line (x of its centre) and which model draws it. */
const PLACEMENT: Record<DemoMachine['kind'], { x: number; model: DemoModelFile; tagHeight: number }> = {
  mixer: { x: -5, model: 'mixer.glb', tagHeight: 2.9 },
  conveyor: { x: -1.5, model: 'conveyor.glb', tagHeight: 1.6 },
  oven: { x: 2.5, model: 'oven.glb', tagHeight: 2.6 },
};
/** z of each line's axis: line 1 north of the walkway, line 2 south. */
const LINE_Z = [-3, 3];

interface SceneNode {
  name: string;
  transform: { position: Vec3; rotation: Vec3; scale: Vec3 };
  transformConstraint: Record<string, never>;
  components?: Record<string, unknown>[];
  children?: number[];
  properties: Record<string, never>;
}

const binding = (m: DemoMachine, propertyName: string) => ({
  dataBindingContext: { entityId: m.entityId, componentName: m.componentName, propertyName },
});

/**
 * The demo plant as a TwinMaker scene document (specVersion 1.0): the floor, the two lines
 * with a model per machine, tags on each machine's status and temperature (the conveyors
 * have a speed instead) with icon and colour rules, moving arrows on the belts, two cameras.
 */
export function demoSceneDocument() {
  const nodes: SceneNode[] = [];
  const add = (
    node: Omit<SceneNode, 'transformConstraint' | 'properties' | 'transform'>,
    position: Vec3,
    more = {},
  ) => {
    nodes.push({
      ...node,
      transform: { position, rotation: [0, 0, 0], scale: [1, 1, 1], ...more },
      transformConstraint: {},
      properties: {},
    });
    return nodes.length - 1;
  };
  const tag = (name: string, position: Vec3, m: DemoMachine, propertyName: string, ruleBasedMapId: DemoRuleId) =>
    add(
      {
        name,
        components: [{ type: 'Tag', icon: `${ICON}Info`, ruleBasedMapId, valueDataBinding: binding(m, propertyName) }],
      },
      position,
    );

  const roots = [
    add({ name: 'Floor', components: [{ type: 'ModelRef', uri: 'floor.glb', modelType: 'GLB' }] }, [0, 0, 0]),
  ];
  roots.push(
    add(
      {
        name: 'Sun',
        components: [
          {
            type: 'Light',
            lightType: 'Directional',
            lightSettings: { color: 0xfff4e0, intensity: 1.2, castShadow: true },
          },
        ],
      },
      [-6, 14, 8],
    ),
    add(
      {
        name: 'Sky',
        components: [
          {
            type: 'Light',
            lightType: 'Hemisphere',
            lightSettings: { color: 0xdde8ff, groundColor: 0x55504a, intensity: 0.6 },
          },
        ],
      },
      [0, 10, 0],
    ),
  );

  for (const [i, line] of SITE_LINES.entries()) {
    const machineNodes = line.machines.map((m) => {
      const place = PLACEMENT[m.kind];
      const children: number[] = [tag(`${m.name} status`, [-0.35, place.tagHeight, 0], m, 'status', 'statusIcon')];
      const components: Record<string, unknown>[] = [
        { type: 'ModelRef', uri: place.model, modelType: 'GLB', castShadow: true, receiveShadow: true },
        { type: 'EntityBinding', valueDataBinding: { dataBindingContext: { entityId: m.entityId } } },
      ];
      if (m.kind === 'conveyor') {
        children.push(tag(`${m.name} speed`, [0.35, place.tagHeight, 0], m, 'speed', 'conveyorSpeedIcon'));
        children.push(
          add(
            {
              name: `${m.name} belt motion`,
              components: [
                {
                  type: 'MotionIndicator',
                  shape: 'LinearPlane',
                  valueDataBindings: {
                    speed: { valueDataBinding: binding(m, 'speed'), ruleBasedMapId: 'conveyorSpeed' },
                  },
                  config: {
                    numOfRepeatInY: 1,
                    backgroundColorOpacity: 0.2,
                    defaultForegroundColor: '#4fd18b',
                    defaultSpeed: 1,
                  },
                },
              ],
            },
            [0, 0.94, 0],
            { scale: [3.9, 1, 0.6] },
          ),
        );
      } else {
        const kind = m.kind === 'oven' ? 'oven' : 'mixer';
        children.push(
          tag(`${m.name} temperature`, [0.35, place.tagHeight, 0], m, 'temperature', `${kind}TemperatureIcon`),
        );
        components.push({
          type: 'ModelShader',
          valueDataBinding: binding(m, 'temperature'),
          ruleBasedMapId: `${kind}TemperatureColor`,
        });
      }
      if (m.entityId === DEMO_OVEN_ALARM.entityId) {
        const alarm = add(
          {
            name: `${m.name} alarm`,
            components: [
              {
                type: 'Tag',
                icon: `${ICON}Info`,
                ruleBasedMapId: 'alarmIcon',
                valueDataBinding: { dataBindingContext: { ...DEMO_OVEN_ALARM, propertyName: 'alarm_status' } },
              },
            ],
          },
          [0, place.tagHeight + 0.45, 0],
        );
        children.push(alarm);
      }
      if (m.kind === 'oven')
        children.push(
          add(
            {
              name: `${m.name} readings`,
              components: [
                {
                  type: 'DataOverlay',
                  subType: 'OverlayPanel',
                  dataRows: [
                    {
                      rowType: 'Markdown',
                      content: `**${m.name}**\n\nTemperature: \${temperature} °C\n\nPower: \${power} kW`,
                    },
                  ],
                  valueDataBindings: [
                    { bindingName: 'temperature', valueDataBinding: binding(m, 'temperature') },
                    { bindingName: 'power', valueDataBinding: binding(m, 'power') },
                  ],
                },
              ],
            },
            [1.2, 2.2, 0.6],
          ),
        );
      return add({ name: m.name, components, children }, [place.x, 0, 0]);
    });
    roots.push(
      add(
        {
          name: line.name,
          components: [
            { type: 'EntityBinding', valueDataBinding: { dataBindingContext: { entityId: line.entityId } } },
          ],
          children: machineNodes,
        },
        [0, 0, LINE_Z[i]!],
      ),
    );
  }

  const camera = (name: string, cameraIndex: number, position: Vec3, target: Vec3) =>
    add({ name, components: [{ type: 'Camera', cameraIndex }] }, position, {
      rotation: lookAtRotation(position, target),
    });
  roots.push(
    camera('Overview', 0, [-9, 11, 13], [0, 0, 0]),
    camera('Oven 1 close-up', 1, [6.5, 3.2, -0.5], [2.5, 1, -3]),
  );

  const [line1] = SITE_LINES;
  const oven1 = line1!.machines[2]!;
  return {
    specVersion: '1.0',
    version: '1',
    unit: 'meters',
    properties: {
      environmentPreset: 'neutral',
      dataBindingConfig: {
        fieldMapping: { entityId: ['sel_entity'], componentName: ['sel_comp'] },
        template: { sel_entity: oven1.entityId, sel_comp: oven1.componentName },
      },
      componentSettings: { Tag: { autoRescale: false, scale: 1 } },
      sceneBackgroundSettings: { color: '#d9dde3' },
    },
    nodes,
    rootNodeIndexes: roots,
    cameras: [
      { cameraType: 'Perspective', fov: 53.13, near: 0.1, far: 1000, zoom: 1 },
      { cameraType: 'Perspective', fov: 45, near: 0.1, far: 1000, zoom: 1 },
    ],
    rules: Object.fromEntries(Object.entries(RULES).map(([id, statements]) => [id, { statements }])),
  };
}
