// bench:scene's baseline, in the browser: the same scene document drawn with three.js alone,
// no React — each model node a clone of its GLB (geometry and materials shared, one draw per
// mesh, as a viewer draws it), every tag in one instanced draw (camera-facing squares of
// constant screen size, icon picked from an atlas), lights from the document, values from
// the service's stream applied to the tags' icons, and a frame drawn only when something
// changed (OrbitControls moved or a value crossed a threshold).
// Publishes window.__bareScene with the same statistics the panel publishes.
import {
  AmbientLight,
  Box3,
  CanvasTexture,
  Color,
  DirectionalLight,
  Euler,
  InstancedBufferAttribute,
  InstancedMesh,
  Matrix4,
  PerspectiveCamera,
  PlaneGeometry,
  Quaternion,
  Scene,
  ShaderMaterial,
  SRGBColorSpace,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';

const ICONS = ['Info', 'Warning', 'Error'];
const ICON_COLORS = ['#3d71d9', '#f2a23a', '#e02f2f'];
const TAG_SIZE_PX = 28;
const MAX_SAMPLES = 4000;

const stats = {
  renders: 0,
  frameTimesMs: [],
  renderCpuMs: [],
  drawCalls: 0,
  modelDrawCalls: 0,
  tagDrawCalls: 0,
  allDrawnAt: null,
  valuesApplied: 0,
  streamOpen: false,
  error: null,
};
window.__bareScene = stats;

/** One texture with the three icons side by side: a filled disc in the icon's colour with its sign. */
function iconAtlas() {
  const size = 64;
  const canvas = document.createElement('canvas');
  canvas.width = size * ICONS.length;
  canvas.height = size;
  const g = canvas.getContext('2d');
  ICONS.forEach((icon, i) => {
    g.fillStyle = ICON_COLORS[i];
    g.beginPath();
    g.arc(i * size + size / 2, size / 2, size / 2 - 2, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = `bold ${size * 0.6}px sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(icon === 'Info' ? 'i' : '!', i * size + size / 2, size / 2 + 2);
  });
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}

function tagMesh(positions, viewport) {
  const geometry = new PlaneGeometry(1, 1);
  const icon = new InstancedBufferAttribute(new Float32Array(positions.length), 1);
  geometry.setAttribute('aIcon', icon);
  const material = new ShaderMaterial({
    uniforms: { uAtlas: { value: iconAtlas() }, uViewport: { value: viewport }, uSize: { value: TAG_SIZE_PX } },
    vertexShader: `
      attribute float aIcon;
      uniform vec2 uViewport;
      uniform float uSize;
      varying vec2 vUv;
      void main() {
        vec4 clip = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
        clip.xy += (position.xy + vec2(0.0, 0.5)) * uSize * 2.0 / uViewport * clip.w;
        gl_Position = clip;
        vUv = vec2((uv.x + aIcon) / ${ICONS.length}.0, uv.y);
      }`,
    fragmentShader: `
      uniform sampler2D uAtlas;
      varying vec2 vUv;
      void main() {
        vec4 texel = texture2D(uAtlas, vUv);
        if (texel.a < 0.5) discard;
        gl_FragColor = vec4(texel.rgb, 1.0);
        #include <colorspace_fragment>
      }`,
    depthTest: false,
    depthWrite: false,
  });
  const mesh = new InstancedMesh(geometry, material, positions.length);
  mesh.frustumCulled = false;
  mesh.renderOrder = 10;
  const m = new Matrix4();
  positions.forEach((p, i) => mesh.setMatrixAt(i, m.makeTranslation(p.x, p.y, p.z)));
  return { mesh, icon };
}

/** World matrices of every node, by walking the document's hierarchy from its roots. */
function worldMatrices(doc) {
  const worlds = new Array(doc.nodes.length);
  const visit = (index, parent) => {
    const { position, rotation = [0, 0, 0], scale = [1, 1, 1] } = doc.nodes[index].transform;
    const local = new Matrix4().compose(
      new Vector3(...position),
      new Quaternion().setFromEuler(new Euler(...rotation)),
      new Vector3(...scale),
    );
    worlds[index] = parent ? parent.clone().multiply(local) : local;
    for (const child of doc.nodes[index].children ?? []) visit(child, worlds[index]);
  };
  for (const root of doc.rootNodeIndexes) visit(root, undefined);
  return worlds;
}

async function main() {
  const config = await (await fetch('/bench/config.json')).json();
  const { width, height } = config.canvas;
  const renderer = new WebGLRenderer({ antialias: true });
  renderer.setPixelRatio(window.devicePixelRatio);
  renderer.setSize(width, height);
  document.body.appendChild(renderer.domElement);
  const scene = new Scene();
  scene.background = new Color('#1f2024');
  const camera = new PerspectiveCamera(75, width / height, 0.1, 2000);
  const controls = new OrbitControls(camera, renderer.domElement);

  const doc = await (await fetch(config.documentUrl)).json();
  const worlds = worldMatrices(doc);
  const uris = [
    ...new Set(doc.nodes.flatMap((n) => (n.components ?? []).filter((c) => c.type === 'ModelRef').map((c) => c.uri))),
  ];
  const loader = new GLTFLoader();
  const gltfs = new Map(
    await Promise.all(uris.map(async (uri) => [uri, await loader.loadAsync(config.modelsBase + uri)])),
  );
  const tagPositions = [];
  const tagKeys = new Map(); // "entityId/componentName/propertyName" → tag index
  doc.nodes.forEach((node, i) => {
    for (const c of node.components ?? []) {
      if (c.type === 'ModelRef') {
        const model = gltfs.get(c.uri).scene.clone();
        model.applyMatrix4(worlds[i]);
        scene.add(model);
      } else if (c.type === 'Tag') {
        const { entityId, componentName, propertyName } = c.valueDataBinding.dataBindingContext;
        tagKeys.set(`${entityId}/${componentName}/${propertyName}`, tagPositions.length);
        tagPositions.push(new Vector3().setFromMatrixPosition(worlds[i]));
      } else if (c.type === 'Light') {
        const { color, intensity } = c.lightSettings;
        const light =
          c.lightType === 'Ambient' ? new AmbientLight(color, intensity) : new DirectionalLight(color, intensity);
        light.position.setFromMatrixPosition(worlds[i]);
        scene.add(light);
      }
    }
  });
  // the panel's home view, so both sides fill the same pixels: the box round every tag and
  // model origin grown by 1.5 m, seen from (0.6, 0.5, 0.8) at the distance that fits it
  const bounds = new Box3();
  for (const p of tagPositions) bounds.expandByPoint(p);
  doc.nodes.forEach((n, i) => {
    if ((n.components ?? []).some((c) => c.type === 'ModelRef'))
      bounds.expandByPoint(new Vector3().setFromMatrixPosition(worlds[i]));
  });
  bounds.expandByScalar(1.5);
  const center = bounds.getCenter(new Vector3());
  const distance = bounds.getSize(new Vector3()).length() / 2 / Math.sin(camera.fov * (Math.PI / 360));
  camera.position.copy(center).add(new Vector3(0.6, 0.5, 0.8).normalize().multiplyScalar(distance));
  camera.near = Math.max(0.01, distance / 1000);
  camera.far = distance * 20;
  camera.updateProjectionMatrix();
  controls.target.copy(center);
  controls.update();

  const viewport = new Vector2(width, height);
  const tags = tagMesh(tagPositions, viewport);
  scene.add(tags.mesh);

  let lastFrameAt;
  let pending = false;
  const draw = () => {
    pending = false;
    controls.update();
    const start = performance.now();
    renderer.render(scene, camera);
    const end = performance.now();
    stats.renders++;
    stats.renderCpuMs.push(end - start);
    if (lastFrameAt !== undefined) stats.frameTimesMs.push(start - lastFrameAt);
    for (const list of [stats.renderCpuMs, stats.frameTimesMs])
      if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
    lastFrameAt = start;
    stats.drawCalls = renderer.info.render.calls;
    stats.allDrawnAt ??= end;
  };
  const requestDraw = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(draw);
    }
  };
  controls.addEventListener('change', requestDraw);

  // how many draws the tags take: one frame without them, off screen (not counted)
  tags.mesh.visible = false;
  renderer.render(scene, camera);
  stats.modelDrawCalls = renderer.info.render.calls;
  tags.mesh.visible = true;
  draw();
  stats.tagDrawCalls = stats.drawCalls - stats.modelDrawCalls;

  // values: one stream over every component of the type, each value's icon by the rule thresholds
  const stream = new EventSource(config.streamUrl);
  stream.addEventListener('open', () => (stats.streamOpen = true));
  const { Error: errorAt, Warning: warningAt } = config.thresholds;
  stream.addEventListener('value', (event) => {
    const v = JSON.parse(event.data);
    const index = tagKeys.get(`${v.entityId}/${v.componentName}/${v.propertyName}`);
    if (index === undefined) return;
    const value = v.value.doubleValue;
    const icon = value >= errorAt ? 2 : value >= warningAt ? 1 : 0;
    stats.valuesApplied++;
    if (tags.icon.getX(index) !== icon) {
      tags.icon.setX(index, icon);
      tags.icon.needsUpdate = true;
      requestDraw();
    }
  });
}

main().catch((e) => {
  stats.error = String(e?.stack ?? e);
  console.error(e);
});
