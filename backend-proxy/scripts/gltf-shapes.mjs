// Boxes and cylinders for hand-composed glTF models (@gltf-transform/core): each shape's
// geometry is written once per document and shared by every part that uses it, so a model
// of twenty parts stays a few KB. Parts are sized and placed by their node's transform.

/** Unit box (1 × 1 × 1, centred): 24 vertices so each face has its own flat normal. */
function boxArrays() {
  const positions = [];
  const normals = [];
  const indices = [];
  const faces = [
    // normal, u axis, v axis: u × v = normal, so triangles wind counter-clockwise from outside
    [
      [1, 0, 0],
      [0, 0, -1],
      [0, 1, 0],
    ],
    [
      [-1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ],
    [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, -1],
    ],
    [
      [0, -1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ],
    [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ],
    [
      [0, 0, -1],
      [-1, 0, 0],
      [0, 1, 0],
    ],
  ];
  for (const [n, u, v] of faces) {
    const base = positions.length / 3;
    for (const [su, sv] of [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ])
      for (let k = 0; k < 3; k++) positions.push(0.5 * (n[k] + su * u[k] + sv * v[k]));
    for (let i = 0; i < 4; i++) normals.push(...n);
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return { positions, normals, indices };
}

/** Unit cylinder along Y (radius 0.5, height 1, centred), smooth sides and flat caps. */
function cylinderArrays(segments) {
  const positions = [];
  const normals = [];
  const indices = [];
  for (let i = 0; i <= segments; i++) {
    const a = (2 * Math.PI * i) / segments;
    const [x, z] = [Math.cos(a), Math.sin(a)];
    positions.push(0.5 * x, -0.5, 0.5 * z, 0.5 * x, 0.5, 0.5 * z);
    normals.push(x, 0, z, x, 0, z);
  }
  for (let i = 0; i < segments; i++) {
    const b = 2 * i;
    indices.push(b, b + 1, b + 3, b, b + 3, b + 2);
  }
  for (const y of [0.5, -0.5]) {
    const centre = positions.length / 3;
    positions.push(0, y, 0);
    normals.push(0, Math.sign(y), 0);
    for (let i = 0; i < segments; i++) {
      const a = (2 * Math.PI * i) / segments;
      positions.push(0.5 * Math.cos(a), y, 0.5 * Math.sin(a));
      normals.push(0, Math.sign(y), 0);
    }
    for (let i = 0; i < segments; i++) {
      const [p, q] = [centre + 1 + i, centre + 1 + ((i + 1) % segments)];
      // the top cap faces +Y, the bottom one -Y: opposite windings
      if (y > 0) indices.push(centre, q, p);
      else indices.push(centre, p, q);
    }
  }
  return { positions, normals, indices };
}

const SHAPES = { box: () => boxArrays(), cylinder: () => cylinderArrays(20) };

/**
 * A model under construction: `part(name, shape, material, {translation, rotation, scale})`
 * adds a named node (so a scene's SubModelRef can select it) under the model's root node.
 */
export function modelBuilder(document, rootName) {
  const buffer = document.createBuffer();
  const geometry = new Map();
  const meshes = new Map();
  const root = document.createNode(rootName);
  document.createScene(rootName).addChild(root);

  const shapeAccessors = (shape) => {
    if (!geometry.has(shape)) {
      const { positions, normals, indices } = SHAPES[shape]();
      const accessor = (type, array) => document.createAccessor().setType(type).setArray(array).setBuffer(buffer);
      geometry.set(shape, {
        position: accessor('VEC3', new Float32Array(positions)),
        normal: accessor('VEC3', new Float32Array(normals)),
        indices: accessor('SCALAR', new Uint16Array(indices)),
      });
    }
    return geometry.get(shape);
  };

  return {
    root,
    /** A PBR material: base colour as sRGB hex, metalness and roughness. */
    material(name, hex, metallic = 0, roughness = 0.6) {
      const rgb = [16, 8, 0].map((shift) => ((hex >> shift) & 0xff) / 255);
      // glTF base colours are linear; rounded to 6 decimals (far below a colour step) because
      // `**` may differ in the last bit between V8 versions, and the checked-in models must be
      // the same bytes whichever Node makes them
      const linear = rgb.map((c) => {
        const exact = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        return Math.round(exact * 1e6) / 1e6;
      });
      return document
        .createMaterial(name)
        .setBaseColorFactor([...linear, 1])
        .setMetallicFactor(metallic)
        .setRoughnessFactor(roughness);
    },
    part(name, shape, material, { translation = [0, 0, 0], rotation, scale = [1, 1, 1] } = {}) {
      const key = `${shape}/${material.getName()}`;
      if (!meshes.has(key)) {
        const { position, normal, indices } = shapeAccessors(shape);
        const primitive = document
          .createPrimitive()
          .setAttribute('POSITION', position)
          .setAttribute('NORMAL', normal)
          .setIndices(indices)
          .setMaterial(material);
        meshes.set(key, document.createMesh(key).addPrimitive(primitive));
      }
      const node = document.createNode(name).setMesh(meshes.get(key)).setTranslation(translation).setScale(scale);
      if (rotation) node.setRotation(rotation);
      root.addChild(node);
      return node;
    },
  };
}

/** Quaternion of a rotation by `angle` radians about the X or Z axis (a cylinder laid down). */
export const aboutX = (angle) => [Math.sin(angle / 2), 0, 0, Math.cos(angle / 2)];
export const aboutZ = (angle) => [0, 0, Math.sin(angle / 2), Math.cos(angle / 2)];
