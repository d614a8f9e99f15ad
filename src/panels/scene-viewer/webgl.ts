let available: boolean | undefined;

/** Whether this browser can draw WebGL at all (checked once: a context costs memory). */
export function webglAvailable(): boolean {
  if (available === undefined) {
    try {
      const canvas = document.createElement('canvas');
      available = Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
    } catch {
      available = false;
    }
  }
  return available;
}
