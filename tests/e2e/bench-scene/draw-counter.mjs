// Counts WebGL draw calls in a page, whoever makes them (three.js, the panel, anything):
// installed before the page's own scripts. A draw of at most 6 vertices (a quad: a sprite,
// an instanced tag square) or of points counts as a tag draw, since every model of the bench
// site is bigger than that (a box is 36 indices); the rest are model draws.
export function installDrawCounter() {
  const counter = { total: 0, tags: 0 };
  window.__drawCounter = counter;
  const POINTS = 0;
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const wrap = (name, countArg) => {
      const original = proto[name];
      if (!original) return;
      proto[name] = function (...args) {
        counter.total++;
        if (args[0] === POINTS || args[countArg] <= 6) counter.tags++;
        return original.apply(this, args);
      };
    };
    wrap('drawArrays', 2);
    wrap('drawElements', 1);
    wrap('drawArraysInstanced', 2);
    wrap('drawElementsInstanced', 1);
    wrap('drawRangeElements', 3);
  }
}
