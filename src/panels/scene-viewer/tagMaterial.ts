// One shader draws every tag: each instance is a camera-facing square of constant screen size
// (pixels, not metres), its icon picked from the atlas and tinted by its colour, on top of the
// models (TwinMaker's default: tags are not occluded). One draw call for all tags.
import { type CanvasTexture, ShaderMaterial, Vector2 } from 'three';

import { ICON_COUNT } from './tagIcons';

const vertexShader = /* glsl */ `
  attribute float aIcon;
  attribute float aHighlight;
  uniform vec2 uViewport;
  uniform float uSize;
  varying vec2 vUv;
  varying vec2 vLocal;
  varying vec3 vColor;
  varying float vHighlight;
  void main() {
    vec4 clip = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
    float size = uSize * (1.0 + 0.35 * aHighlight);
    // the square sits just above its point, like a pin
    vec2 offset = (position.xy + vec2(0.0, 0.5)) * size * 2.0 / uViewport;
    clip.xy += offset * clip.w;
    gl_Position = clip;
    vUv = vec2((uv.x + aIcon) / ${ICON_COUNT.toFixed(1)}, uv.y);
    vLocal = uv;
    vColor = instanceColor;
    vHighlight = aHighlight;
  }
`;

const fragmentShader = /* glsl */ `
  uniform sampler2D uAtlas;
  varying vec2 vUv;
  varying vec2 vLocal;
  varying vec3 vColor;
  varying float vHighlight;
  void main() {
    // a hovered or selected tag gets a white ring around its icon
    float d = length(vLocal - 0.5);
    if (vHighlight > 0.5 && d > 0.44 && d < 0.5) {
      gl_FragColor = vec4(1.0);
      #include <colorspace_fragment>
      return;
    }
    vec4 texel = texture2D(uAtlas, vUv);
    if (texel.a < 0.5) discard;
    gl_FragColor = vec4(vColor * texel.rgb, 1.0);
    #include <colorspace_fragment>
  }
`;

/** The tags' material; `uViewport` must follow the canvas size (CSS pixels). */
export function createTagMaterial(atlas: CanvasTexture, sizePx: number): ShaderMaterial {
  return new ShaderMaterial({
    uniforms: { uAtlas: { value: atlas }, uViewport: { value: new Vector2(1, 1) }, uSize: { value: sizePx } },
    vertexShader,
    fragmentShader,
    depthTest: false,
    depthWrite: false,
    transparent: false,
  });
}
