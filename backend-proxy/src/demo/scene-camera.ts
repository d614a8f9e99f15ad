export type Vec3 = [number, number, number];

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const normalize = (a: Vec3): Vec3 => {
  const length = Math.hypot(...a);
  return [a[0] / length, a[1] / length, a[2] / length];
};
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * The rotation a scene node needs so that a camera on it, at `position`, looks at `target`
 * with Y up: Euler angles in radians, order XYZ, as TwinMaker scene files store them and
 * three.js reads them (a camera looks down its local -Z).
 */
export function lookAtRotation(position: Vec3, target: Vec3): Vec3 {
  const z = normalize(sub(position, target));
  const x = normalize(cross([0, 1, 0], z));
  const y = cross(z, x);
  // rotation matrix columns are x, y, z; m13 = z.x, m12 = y.x, m11 = x.x, m23 = z.y, m33 = z.z
  const m13 = Math.max(-1, Math.min(1, z[0]));
  const ry = Math.asin(m13);
  if (Math.abs(m13) < 0.9999999) return [round(Math.atan2(-z[1], z[2])), round(ry), round(Math.atan2(-y[0], x[0]))];
  return [round(Math.atan2(y[2], y[1])), round(ry), 0];
}
