// A model's opacity set by a ModelShader rule, undone when the rule no longer applies.
import type { Material } from 'three';

interface OwnOpacity {
  opacity: number;
  transparent: boolean;
  depthWrite: boolean;
}

/**
 * Sets a material's opacity from a rule, or gives it back its own (kept in userData the first
 * time). A faded model stops writing depth so what is behind it still draws; changing
 * `transparent` switches shader programs, hence needsUpdate only then.
 */
export function fade(m: Material, opacity: number | undefined) {
  const own = (m.userData.doppelOwnOpacity ??= {
    opacity: m.opacity,
    transparent: m.transparent,
    depthWrite: m.depthWrite,
  } satisfies OwnOpacity) as OwnOpacity;
  const transparent = opacity !== undefined ? opacity < 1 || own.transparent : own.transparent;
  if (transparent !== m.transparent) m.needsUpdate = true;
  m.transparent = transparent;
  m.opacity = opacity ?? own.opacity;
  m.depthWrite = opacity !== undefined && opacity < 1 ? false : own.depthWrite;
}
