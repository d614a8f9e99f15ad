// The scene's hierarchy flattened once: each node's world matrix and the things the viewer
// draws in bulk (tags) or by kind (models, lights, cameras) with their world placement, so no
// React tree per node is needed and per-frame code never walks the document.
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';

import type {
  CameraComponent,
  DataOverlayComponent,
  DistanceUnit,
  LightComponent,
  ModelRefComponent,
  ModelShaderComponent,
  MotionIndicatorComponent,
  PlaneGeometryComponent,
  SceneModel,
  SceneNode,
  TagComponent,
  ValueDataBinding,
} from './types';

const METERS: Record<DistanceUnit, number> = {
  millimeters: 0.001,
  centimeters: 0.01,
  decimeters: 0.1,
  meters: 1,
  kilometers: 1000,
  inches: 0.0254,
  feet: 0.3048,
  yards: 0.9144,
  miles: 1609.344,
};

/** Factor that turns a length in `from` into the scene's `to` unit. */
export const unitScale = (from: DistanceUnit, to: DistanceUnit) => METERS[from] / METERS[to];

export interface PlacedTag {
  /** `<node index>:<component index>`, stable for a document */
  id: string;
  nodeIndex: number;
  name: string;
  tag: TagComponent;
  /** world position (node world matrix applied to the tag's offset) */
  position: [number, number, number];
}

export interface PlacedModel {
  nodeIndex: number;
  name: string;
  model: ModelRefComponent;
  matrix: Matrix4;
  shader?: ModelShaderComponent;
  /** the node's entity binding, so clicking the model selects its entity */
  binding?: ValueDataBinding;
  /** SubModelRef children: named parts of this model, with their own shaders and bindings */
  parts: Array<{ nodeIndex: number; selector: string; shader?: ModelShaderComponent; binding?: ValueDataBinding }>;
}

export interface Placed<T> {
  nodeIndex: number;
  name: string;
  component: T;
  matrix: Matrix4;
}

export interface SceneLayout {
  worldMatrices: Matrix4[];
  tags: PlacedTag[];
  models: PlacedModel[];
  lights: Array<Placed<LightComponent>>;
  cameras: Array<Placed<CameraComponent>>;
  motionIndicators: Array<Placed<MotionIndicatorComponent>>;
  overlays: Array<Placed<DataOverlayComponent> & { position: [number, number, number] }>;
  planes: Array<Placed<PlaneGeometryComponent>>;
}

const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();
const euler = new Euler();

function localMatrix(node: SceneNode): Matrix4 {
  euler.set(node.rotation[0], node.rotation[1], node.rotation[2], 'XYZ');
  quaternion.setFromEuler(euler);
  return new Matrix4().compose(position.fromArray(node.position), quaternion, scale.fromArray(node.scale));
}

function find<T extends SceneNode['components'][number]['type']>(node: SceneNode, type: T) {
  return node.components.find((c) => c.type === type) as
    Extract<SceneNode['components'][number], { type: T }> | undefined;
}

/** Flattens the document: world matrices by node index and every drawable with its placement. */
export function layoutScene(model: SceneModel): SceneLayout {
  const worldMatrices: Matrix4[] = model.nodes.map(() => new Matrix4());
  const layout: SceneLayout = {
    worldMatrices,
    tags: [],
    models: [],
    lights: [],
    cameras: [],
    motionIndicators: [],
    overlays: [],
    planes: [],
  };
  const modelsByNode = new Map<number, PlacedModel>();

  const visit = (index: number, parentMatrix: Matrix4 | undefined, owner: PlacedModel | undefined) => {
    const node = model.nodes[index]!;
    const world = worldMatrices[index]!.copy(localMatrix(node));
    if (parentMatrix) world.premultiply(parentMatrix);
    const entityBinding = find(node, 'EntityBinding')?.valueDataBinding;
    const shader = find(node, 'ModelShader');
    let ownerForChildren = owner;
    node.components.forEach((c, i) => {
      const placed = { nodeIndex: index, name: node.name, matrix: world };
      switch (c.type) {
        case 'Tag': {
          const p = new Vector3().fromArray(c.offset).applyMatrix4(world);
          layout.tags.push({
            id: `${index}:${i}`,
            nodeIndex: index,
            name: node.name,
            tag: c,
            position: [p.x, p.y, p.z],
          });
          break;
        }
        case 'ModelRef': {
          const m: PlacedModel = {
            ...placed,
            model: c,
            shader,
            binding: entityBinding ?? shader?.valueDataBinding,
            parts: [],
          };
          layout.models.push(m);
          modelsByNode.set(index, m);
          ownerForChildren = m;
          break;
        }
        case 'SubModelRef':
          owner?.parts.push({
            nodeIndex: index,
            selector: c.selector,
            shader,
            binding: entityBinding ?? shader?.valueDataBinding,
          });
          break;
        case 'Light':
          layout.lights.push({ ...placed, component: c });
          break;
        case 'Camera':
          layout.cameras.push({ ...placed, component: c });
          break;
        case 'MotionIndicator':
          layout.motionIndicators.push({ ...placed, component: c });
          break;
        case 'PlaneGeometry':
          layout.planes.push({ ...placed, component: c });
          break;
        case 'DataOverlay': {
          const p = new Vector3().setFromMatrixPosition(world);
          layout.overlays.push({ ...placed, component: c, position: [p.x, p.y, p.z] });
          break;
        }
        default:
          break;
      }
    });
    node.children.forEach((child) => visit(child, world, ownerForChildren));
  };
  model.rootNodeIndexes.forEach((r) => visit(r, undefined, undefined));
  return layout;
}
