// The typed model of a TwinMaker scene document (specVersion 1.0), as parseScene builds it.
// Field names follow iot-app-kit's SceneModels.ts so a document maps one to one; what the
// viewer derives (world transforms, flattened tags) lives beside it in sceneLayout.ts.

export type Vec3 = [number, number, number];

export const DISTANCE_UNITS = [
  'millimeters',
  'centimeters',
  'decimeters',
  'meters',
  'kilometers',
  'inches',
  'feet',
  'yards',
  'miles',
] as const;
export type DistanceUnit = (typeof DISTANCE_UNITS)[number];

/** What a binding names: one property of a component, or only an entity (EntityBinding). */
export interface DataBindingContext {
  entityId: string;
  componentName?: string;
  propertyName?: string;
}

export interface ValueDataBinding {
  dataBindingContext?: DataBindingContext;
  isStaticData?: boolean;
}

export interface RuleStatement {
  expression: string;
  target: string;
}

export interface Rule {
  statements: RuleStatement[];
}

export const TAG_ICONS = ['Info', 'Warning', 'Error', 'Video', 'Custom'] as const;
export type TagIcon = (typeof TAG_ICONS)[number];

export interface TagComponent {
  type: 'Tag';
  icon: TagIcon;
  ruleBasedMapId?: string;
  valueDataBinding?: ValueDataBinding;
  offset: Vec3;
  chosenColor?: string;
  navLink?: { destination?: string; params?: Record<string, string> };
}

export interface ModelRefComponent {
  type: 'ModelRef';
  uri: string;
  modelType: 'GLB' | 'GLTF' | 'Tiles3D';
  unitOfMeasure?: DistanceUnit;
  localScale?: Vec3;
  castShadow: boolean;
  receiveShadow: boolean;
}

export interface SubModelRefComponent {
  type: 'SubModelRef';
  selector: string;
}

export interface ModelShaderComponent {
  type: 'ModelShader';
  valueDataBinding?: ValueDataBinding;
  ruleBasedMapId?: string;
}

export interface RuleBinding {
  valueDataBinding?: ValueDataBinding;
  ruleBasedMapId?: string;
}

export interface MotionIndicatorComponent {
  type: 'MotionIndicator';
  shape: 'LinearPlane' | 'LinearCylinder' | 'CircularCylinder';
  valueDataBindings: { speed?: RuleBinding; foregroundColor?: RuleBinding; backgroundColor?: RuleBinding };
  config: {
    numOfRepeatInY: number;
    backgroundColorOpacity: number;
    defaultBackgroundColor?: string;
    defaultForegroundColor?: string;
    defaultSpeed?: number;
  };
}

export interface DataOverlayComponent {
  type: 'DataOverlay';
  subType: 'TextAnnotation' | 'OverlayPanel';
  dataRows: Array<{ rowType: string; content: string }>;
  valueDataBindings: Array<{ bindingName: string; valueDataBinding?: ValueDataBinding }>;
}

export type LightType = 'Ambient' | 'Directional' | 'Hemisphere' | 'Point';

export interface LightComponent {
  type: 'Light';
  lightType: LightType;
  color: string;
  intensity: number;
  castShadow: boolean;
  distance?: number;
  decay?: number;
  groundColor?: string;
}

export interface CameraComponent {
  type: 'Camera';
  cameraIndex: number;
}

export interface EntityBindingComponent {
  type: 'EntityBinding';
  valueDataBinding?: ValueDataBinding;
}

export interface PlaneGeometryComponent {
  type: 'PlaneGeometry';
  width: number;
  height: number;
  color?: string;
}

export type SceneComponent =
  | TagComponent
  | ModelRefComponent
  | SubModelRefComponent
  | ModelShaderComponent
  | MotionIndicatorComponent
  | DataOverlayComponent
  | LightComponent
  | CameraComponent
  | EntityBindingComponent
  | PlaneGeometryComponent;

export interface SceneNode {
  index: number;
  name: string;
  position: Vec3;
  /** Euler angles in radians, XYZ order (three.js default, as TwinMaker writes them) */
  rotation: Vec3;
  scale: Vec3;
  components: SceneComponent[];
  children: number[];
  parent?: number;
}

export interface SceneCamera {
  cameraType: 'Perspective' | 'Orthographic';
  fov: number;
  near: number;
  far: number;
  zoom: number;
}

export interface SceneSettings {
  environmentPreset?: string;
  fog?: { color: string; near: number; far: number };
  background?: { color: string };
  ground?: { color: string; opacity: number };
  /** template variables of `dataBindingConfig`: sel_entity, sel_comp and their defaults */
  bindingTemplate: Record<string, string>;
  tagScale: number;
  /** DataOverlay OverlayPanels shown without a click (componentSettings.DataOverlay) */
  overlayPanelVisible: boolean;
}

export interface SceneModel {
  specVersion: string;
  unit: DistanceUnit;
  nodes: SceneNode[];
  rootNodeIndexes: number[];
  rules: Record<string, Rule>;
  cameras: SceneCamera[];
  settings: SceneSettings;
  /** non-fatal findings (e.g. a newer minor specVersion), shown in the panel */
  warnings: string[];
}
