/**
 * The TwinMaker scene format (specVersion 1.0) as far as the service checks it: the members
 * each part may carry (anything else is kept and reported as a warning) and the enums. From
 * iot-app-kit's `SceneModels.ts` (see reference/twinmaker-api.md §9).
 */
export const SCENE_MEMBERS = new Set([
  'specVersion',
  'version',
  'unit',
  'nodes',
  'rootNodeIndexes',
  'properties',
  'rules',
  'cameras',
  // legacy, still in the samples
  'defaultCameraIndex',
]);

export const NODE_MEMBERS = new Set([
  'name',
  'transform',
  'transformConstraint',
  'components',
  'children',
  'properties',
]);

export const DISTANCE_UNITS = new Set([
  'millimeters',
  'centimeters',
  'decimeters',
  'meters',
  'kilometers',
  'inches',
  'feet',
  'yards',
  'miles',
]);

/** component `type` → the members it may carry besides `type` */
export const COMPONENT_MEMBERS: Record<string, ReadonlySet<string>> = {
  ModelRef: new Set(['uri', 'modelType', 'unitOfMeasure', 'localScale', 'castShadow', 'receiveShadow']),
  SubModelRef: new Set(['parentRef', 'selector']),
  Animation: new Set(['uri', 'currentAnimations']),
  Tag: new Set(['icon', 'ruleBasedMapId', 'valueDataBinding', 'navLink', 'offset', 'chosenColor', 'customIcon']),
  ModelShader: new Set(['valueDataBinding', 'ruleBasedMapId']),
  MotionIndicator: new Set(['shape', 'valueDataBindings', 'config']),
  DataOverlay: new Set(['subType', 'dataRows', 'valueDataBindings', 'config']),
  Light: new Set(['lightType', 'lightSettings']),
  Camera: new Set(['cameraIndex']),
  EntityBinding: new Set(['valueDataBinding']),
  PlaneGeometry: new Set(['width', 'height', 'color', 'textureUri']),
};

export const MODEL_TYPES = new Set(['GLB', 'GLTF', 'Tiles3D']);
export const LIGHT_TYPES = new Set(['Ambient', 'Directional', 'Hemisphere', 'Point']);
export const CAMERA_TYPES = new Set(['Perspective', 'Orthographic']);
export const MOTION_SHAPES = new Set(['LinearPlane', 'LinearCylinder', 'CircularCylinder']);
export const OVERLAY_SUBTYPES = new Set(['TextAnnotation', 'OverlayPanel']);
