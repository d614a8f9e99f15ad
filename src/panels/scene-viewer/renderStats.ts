// Render statistics of a mounted viewer, published for the benchmark and the stats corner as
// window.__doppelSceneViewer[<panel id>]: counted around renderer.render() itself, so they see
// exactly the frames drawn (frameloop="demand" draws nothing while nothing changes).
import type { WebGLRenderer } from 'three';

/** The contract `npm run bench:scene` reads (arrays keep the last MAX_SAMPLES frames). */
export interface SceneViewerStats {
  renders: number;
  frameTimesMs: number[];
  renderCpuMs: number[];
  drawCalls: number;
  tagsDrawnAt: number | null;
  mountedAt: number;
  /** CSS pixel position of a tag on the canvas, for tests that look at its colour */
  tagScreenPosition?: (tagId: string) => { x: number; y: number } | undefined;
}

const MAX_SAMPLES = 2000;

declare global {
  interface Window {
    __doppelSceneViewer?: Record<string, SceneViewerStats>;
  }
}

function push(list: number[], value: number) {
  list.push(value);
  if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
}

/** Creates and publishes the stats of one panel; returns them and the function that unpublishes. */
export function publishStats(panelKey: string): { stats: SceneViewerStats; unpublish: () => void } {
  const stats: SceneViewerStats = {
    renders: 0,
    frameTimesMs: [],
    renderCpuMs: [],
    drawCalls: 0,
    tagsDrawnAt: null,
    mountedAt: performance.now(),
  };
  const registry = (window.__doppelSceneViewer ??= {});
  registry[panelKey] = stats;
  return {
    stats,
    unpublish: () => {
      if (registry[panelKey] === stats) delete registry[panelKey];
    },
  };
}

/**
 * Wraps renderer.render so every drawn frame is counted and timed. `tagsReady` says whether
 * every tag is in the GPU buffers; the first frame drawn after that sets tagsDrawnAt.
 */
export function instrumentRenderer(gl: WebGLRenderer, stats: SceneViewerStats, tagsReady: () => boolean) {
  const render = gl.render.bind(gl);
  let lastFrameAt: number | undefined;
  gl.render = (scene, camera) => {
    const start = performance.now();
    render(scene, camera);
    const end = performance.now();
    stats.renders++;
    push(stats.renderCpuMs, end - start);
    if (lastFrameAt !== undefined) push(stats.frameTimesMs, start - lastFrameAt);
    lastFrameAt = start;
    stats.drawCalls = gl.info.render.calls;
    if (stats.tagsDrawnAt === null && tagsReady()) stats.tagsDrawnAt = end;
  };
}

/** Median of the samples (0 when none). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
