import type { MeshPoint } from './face-mesh.js';

/**
 * Head pose in degrees; 0 is frontal. Signs: yaw > 0 face turned towards the image's right edge, pitch > 0 chin
 * raised, roll > 0 clockwise as seen in the image. Approximate: derived from mesh geometry, not calibrated
 * against ground truth (frontal faces read a few degrees of negative pitch).
 */
export interface HeadPose { readonly yaw: number; readonly pitch: number; readonly roll: number }

type Vec3 = [number, number, number];

const sub = (a: MeshPoint, b: MeshPoint): Vec3 => [a.x - b.x, a.y - b.y, a.z - b.z];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (v: Vec3): Vec3 => {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
};
const deg = (rad: number): number => (rad * 180) / Math.PI;

/**
 * Head pose from four FaceMesh points (forehead 10, chin 152, cheeks 234 and 454), as Human's angles.ts does
 * but with x, y and z in the same pixel units, so the result does not depend on image or box size.
 */
export function poseFromMesh(mesh: readonly MeshPoint[]): HeadPose {
  const top = mesh[10], chin = mesh[152], left = mesh[234], right = mesh[454];
  if (!top || !chin || !left || !right) return { yaw: 0, pitch: 0, roll: 0 };
  const yAxis = unit(sub(chin, top));
  let xAxis = unit(sub(right, left));
  const zAxis = unit(cross(xAxis, yAxis));
  xAxis = cross(yAxis, zAxis);
  const roll = Math.atan2(xAxis[1], xAxis[0]);
  const yaw = Math.atan2(-zAxis[0], zAxis[2]);
  const pitch = Math.atan2(zAxis[1], Math.hypot(zAxis[0], zAxis[2]));
  return { yaw: deg(yaw), pitch: deg(pitch), roll: deg(roll) };
}
