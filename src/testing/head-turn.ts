/**
 * Synthetic liveness clips for tests and `npm run bench:liveness`: a face photo's FaceMesh (the server's own
 * landmarks, z included) textured with the photo and turned in 3-D (the genuine clip), and the same photo
 * held still, replayed frame for frame, or rotated and sheared in the plane (the attacks). Frames are RGB;
 * y4m.ts writes them for Chromium's fake camera.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../adapters/face/model-files.js';
import type { RgbImage } from '../adapters/image/rgb-image.js';
import type { LivenessStep } from '../domain/liveness.js';
import { seededRandom } from './idsim.js';

export interface MeshPoint3 { readonly x: number; readonly y: number; readonly z: number }

/** The photo a clip is made from and its 468 FaceMesh points in the photo's pixels. */
export interface HeadModel {
  readonly photo: RgbImage;
  readonly mesh: readonly MeshPoint3[];
}

export type ClipKind = 'genuine' | 'still' | 'replay' | 'flat-rotate' | 'flat-shear' | 'flat-tilt';
export const CLIP_KINDS: readonly ClipKind[] = ['genuine', 'still', 'replay', 'flat-rotate', 'flat-shear', 'flat-tilt'];

/** MediaPipe's triangulation of the 468 points, read from Human's source as shipped in its npm package. */
let triangles: Uint16Array | undefined;
export function meshTriangles(): Uint16Array {
  if (triangles) return triangles;
  const file = join(packageDir('@vladmandic/human'), 'src/face/facemeshcoords.ts');
  const match = /TRI468: number\[\] = \[([\s\S]*?)\]/.exec(readFileSync(file, 'utf8'));
  if (!match?.[1]) throw new Error('TRI468 not found in @vladmandic/human');
  triangles = Uint16Array.from(match[1].split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n)));
  return triangles;
}

/** Pose of one frame in degrees; yaw > 0 turns the face towards the image's right edge (the person's left). */
export interface Pose { readonly yaw: number; readonly pitch: number }

const STEP_POSE: Record<LivenessStep, Pose> = {
  turn_left: { yaw: 30, pitch: 0 },
  turn_right: { yaw: -30, pitch: 0 },
  look_up: { yaw: 0, pitch: 22 },
  look_down: { yaw: 0, pitch: -22 },
};

/**
 * The timeline every clip and the page share: `leadSeconds` facing the camera, then per step `stepSeconds`:
 * a turn, a hold at the extreme, a return; then facing the camera until the end.
 */
export const TIMELINE = { leadSeconds: 2, stepSeconds: 2, tailSeconds: 2 } as const;

export function clipSeconds(steps: readonly LivenessStep[]): number {
  return TIMELINE.leadSeconds + steps.length * TIMELINE.stepSeconds + TIMELINE.tailSeconds;
}

/** The head pose at time t of a genuine answer to `steps` (eased in and out of each extreme). */
export function poseAt(t: number, steps: readonly LivenessStep[]): Pose {
  const k = Math.floor((t - TIMELINE.leadSeconds) / TIMELINE.stepSeconds);
  const step = steps[k];
  if (t < TIMELINE.leadSeconds || step === undefined) return { yaw: 0, pitch: 0 };
  const u = (t - TIMELINE.leadSeconds - k * TIMELINE.stepSeconds) / TIMELINE.stepSeconds;
  // 0-0.2 turning, 0.2-0.75 held, 0.75-0.95 returning, then frontal.
  const w = u < 0.2 ? ease(u / 0.2) : u < 0.75 ? 1 : u < 0.95 ? 1 - ease((u - 0.75) / 0.2) : 0;
  return { yaw: STEP_POSE[step].yaw * w, pitch: STEP_POSE[step].pitch * w };
}

const ease = (x: number): number => 0.5 - 0.5 * Math.cos(Math.PI * x);

export interface ClipOptions {
  readonly kind: ClipKind;
  readonly steps: readonly LivenessStep[];
  readonly fps: number;
  readonly seed?: number;
}

/**
 * A head model from a photo: a 640x480 window around the face, scaled so the face is `faceWidth` px wide
 * (a laptop camera's framing), with the mesh the face engine finds in it; null when it finds none.
 */
export async function headModel(photo: RgbImage, faceBox: { x: number; y: number; width: number; height: number },
  analyze: (image: RgbImage) => Promise<readonly { mesh?: readonly MeshPoint3[]; box: { x: number; y: number; width: number; height: number } }[]>,
  faceWidth = 200): Promise<HeadModel | null> {
  const s = faceWidth / faceBox.width;
  const cx = faceBox.x + faceBox.width / 2, cy = faceBox.y + faceBox.height / 2;
  // Output pixel (x, y) samples the photo at (cx + (x - 320) / s, cy + (y - 220) / s).
  const window = warpFlat(photo, [1 / s, 0, cx - 320 / s, 0, 1 / s, cy - 220 / s], 640, 480, true);
  const faces = await analyze(window);
  const face = [...faces].sort((a, b) => Math.hypot(a.box.x + a.box.width / 2 - 320, a.box.y - 120) - Math.hypot(b.box.x + b.box.width / 2 - 320, b.box.y - 120))[0];
  return face?.mesh === undefined ? null : { photo: window, mesh: face.mesh };
}

/**
 * When the capture page grabs a frame, in seconds from the start of the challenge: twice facing the camera,
 * then per step twice at the held extreme and once back facing the camera (2 + 3 x steps frames). The page
 * (public/capture/liveness.js) uses the same schedule.
 */
export function captureTimes(steps: readonly LivenessStep[]): number[] {
  const times = [TIMELINE.leadSeconds - 1, TIMELINE.leadSeconds - 0.4];
  steps.forEach((_, k) => {
    const start = TIMELINE.leadSeconds + k * TIMELINE.stepSeconds;
    times.push(start + 0.45 * TIMELINE.stepSeconds, start + 0.65 * TIMELINE.stepSeconds, start + 0.98 * TIMELINE.stepSeconds);
  });
  return times;
}

/** Every frame of a clip at `fps`, the size of the model's photo (for the y4m the browser plays). */
export function renderClip(model: HeadModel, options: ClipOptions): RgbImage[] {
  const count = Math.round(clipSeconds(options.steps) * options.fps);
  return renderAt(model, options, Array.from({ length: count }, (_, i) => i / options.fps));
}

/** The frames of a clip at the given times only (the benchmark renders just what the page would send). */
export function renderAt(model: HeadModel, options: Omit<ClipOptions, 'fps'>, times: readonly number[]): RgbImage[] {
  const random = seededRandom(options.seed ?? 7);
  const background = options.kind === 'genuine' ? boxBlur(model.photo, 25) : model.photo;
  const replayed = addNoise(model.photo, random, 3);
  return times.map((t) => {
    const pose = poseAt(t, options.steps);
    switch (options.kind) {
      case 'genuine': return addNoise(renderTurned(model, pose, background), random, 3);
      case 'still': return addNoise(model.photo, random, 3);
      case 'replay': return replayed;
      // The photo moved as a flat object in step with the asked movements: rotated, or sheared and squeezed.
      case 'flat-rotate': return addNoise(warpFlat(model.photo, flatMotion(pose, 'rotate', model)), random, 3);
      case 'flat-shear': return addNoise(warpFlat(model.photo, flatMotion(pose, 'shear', model)), random, 3);
      // The printed photo itself turned in depth (a perspective homography), by 1.5 times the asked angle.
      case 'flat-tilt': return addNoise(tiltFlat(model, { yaw: 1.5 * pose.yaw, pitch: 1.5 * pose.pitch }), random, 3);
    }
  });
}

/** The mesh rotated about its centre by `pose` and drawn over `background`, far triangles first. */
export function renderTurned(model: HeadModel, pose: Pose, background: RgbImage): RgbImage {
  const { photo, mesh } = model;
  const out = new Uint8Array(background.data);
  const cx = mean(mesh.map((p) => p.x)), cy = mean(mesh.map((p) => p.y)), cz = mean(mesh.map((p) => p.z));
  const yaw = (pose.yaw * Math.PI) / 180, pitch = (pose.pitch * Math.PI) / 180;
  // Human's pose.ts reads yaw > 0 when the face turns towards the image's right; FaceMesh z grows away from the camera.
  const projected = mesh.map((p) => {
    const x = p.x - cx, y = p.y - cy, z = p.z - cz;
    const x1 = x * Math.cos(yaw) - z * Math.sin(yaw), z1 = x * Math.sin(yaw) + z * Math.cos(yaw);
    const y2 = y * Math.cos(pitch) + z1 * Math.sin(pitch), z2 = -y * Math.sin(pitch) + z1 * Math.cos(pitch);
    return { x: cx + x1, y: cy + y2, z: z2 };
  });
  const tri = meshTriangles();
  const order = Array.from({ length: tri.length / 3 }, (_, i) => i);
  const depth = (i: number): number => ((projected[tri[3 * i] as number]?.z ?? 0) + (projected[tri[3 * i + 1] as number]?.z ?? 0) + (projected[tri[3 * i + 2] as number]?.z ?? 0)) / 3;
  order.sort((a, b) => depth(b) - depth(a));
  for (const i of order) {
    const a = tri[3 * i] as number, b = tri[3 * i + 1] as number, c = tri[3 * i + 2] as number;
    const src = [mesh[a], mesh[b], mesh[c]] as MeshPoint3[];
    const dst = [projected[a], projected[b], projected[c]] as MeshPoint3[];
    // Back faces (turned away from the camera) are skipped: their winding flips relative to the photo.
    if (Math.sign(area(dst)) !== Math.sign(area(src)) || Math.abs(area(dst)) < 0.01) continue;
    fillTriangle(out, background.width, background.height, photo, dst, src);
  }
  return { width: background.width, height: background.height, data: out };
}

/** A 2-D affine map (image -> image, 2x3 row-major) that moves the flat photo like the asked movement. */
function flatMotion(pose: Pose, style: 'rotate' | 'shear', model: HeadModel): number[] {
  const cx = mean(model.mesh.map((p) => p.x)), cy = mean(model.mesh.map((p) => p.y));
  const wy = pose.yaw / 30, wp = pose.pitch / 22;
  let m: number[];
  if (style === 'rotate') {
    const r = (-wy * 20 * Math.PI) / 180;
    m = [Math.cos(r), -Math.sin(r), 0, Math.sin(r), Math.cos(r), 0];
  } else {
    // A sideways turn faked by squeezing and shearing the picture, a nod by squeezing it vertically.
    m = [1 - 0.25 * Math.abs(wy), 0.35 * wy, 0, 0.1 * wy, 1 - 0.25 * Math.abs(wp), 0];
  }
  m[2] = cx - (m[0] as number) * cx - (m[1] as number) * cy;
  m[5] = cy - (m[3] as number) * cx - (m[4] as number) * cy;
  return m;
}

/** The photo moved by the affine map `m` (photo -> output), or sampled through `m` (output -> photo) when `inverse`. */
function warpFlat(photo: RgbImage, m: readonly number[], width = photo.width, height = photo.height, inverse = false): RgbImage {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const det = a * e - b * d;
  const inv = inverse ? [a, b, c, d, e, f] : [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
  const [i0, i1, i2, i3, i4, i5] = inv as [number, number, number, number, number, number];
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) sample(photo, i0 * x + i1 * y + i2, i3 * x + i4 * y + i5, out, (y * width + x) * 3);
  }
  return { width, height, data: out };
}

/**
 * The photo as a flat card turned by `pose` about its face centre, seen by a camera whose focal length equals
 * its distance to the card: the exact perspective image of a plane (a homography), with no parallax.
 */
function tiltFlat(model: HeadModel, pose: Pose): RgbImage {
  const { photo } = model;
  const cx = mean(model.mesh.map((p) => p.x)), cy = mean(model.mesh.map((p) => p.y));
  const d = 1.5 * photo.width;
  const ty = (pose.yaw * Math.PI) / 180, tp = (pose.pitch * Math.PI) / 180;
  const out = new Uint8Array(photo.data.length);
  for (let y = 0; y < photo.height; y++) {
    for (let x = 0; x < photo.width; x++) {
      // Back-project the pixel's ray onto the turned plane: solve for the card point (X, Y) it sees.
      const u = x - cx, v = y - cy;
      const cy_ = Math.cos(ty), sy = Math.sin(ty), cp = Math.cos(tp), sp = Math.sin(tp);
      // Card point (X, Y, 0) -> camera (X cy_, Y cp + X sy sp, d + X sy cp - Y sp) after yaw then pitch.
      // u = d (X cy_) / z, v = d (Y cp + X sy sp) / z, z = d + X sy cp - Y sp: linear in X, Y.
      const a11 = d * cy_ - u * sy * cp, a12 = u * sp, b1 = u * d;
      const a21 = d * sy * sp - v * sy * cp, a22 = d * cp + v * sp, b2 = v * d;
      const det = a11 * a22 - a12 * a21;
      const X = (b1 * a22 - a12 * b2) / det, Y = (a11 * b2 - a21 * b1) / det;
      sample(photo, cx + X, cy + Y, out, (y * photo.width + x) * 3);
    }
  }
  return { width: photo.width, height: photo.height, data: out };
}

function fillTriangle(out: Uint8Array, width: number, height: number, photo: RgbImage, dst: MeshPoint3[], src: MeshPoint3[]): void {
  const [p0, p1, p2] = dst as [MeshPoint3, MeshPoint3, MeshPoint3];
  const [s0, s1, s2] = src as [MeshPoint3, MeshPoint3, MeshPoint3];
  const x0 = Math.max(0, Math.floor(Math.min(p0.x, p1.x, p2.x))), x1 = Math.min(width - 1, Math.ceil(Math.max(p0.x, p1.x, p2.x)));
  const y0 = Math.max(0, Math.floor(Math.min(p0.y, p1.y, p2.y))), y1 = Math.min(height - 1, Math.ceil(Math.max(p0.y, p1.y, p2.y)));
  const d = (p1.y - p2.y) * (p0.x - p2.x) + (p2.x - p1.x) * (p0.y - p2.y);
  if (Math.abs(d) < 1e-9) return;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5, py = y + 0.5;
      const l0 = ((p1.y - p2.y) * (px - p2.x) + (p2.x - p1.x) * (py - p2.y)) / d;
      const l1 = ((p2.y - p0.y) * (px - p2.x) + (p0.x - p2.x) * (py - p2.y)) / d;
      const l2 = 1 - l0 - l1;
      // A little overlap closes the hairline gaps between neighbouring triangles.
      if (l0 < -0.02 || l1 < -0.02 || l2 < -0.02) continue;
      sample(photo, l0 * s0.x + l1 * s1.x + l2 * s2.x - 0.5, l0 * s0.y + l1 * s1.y + l2 * s2.y - 0.5, out, (y * width + x) * 3);
    }
  }
}

/** Bilinear sample of `image` at (x, y) into out[o..o+2]; edge pixels repeat outside. */
function sample(image: RgbImage, x: number, y: number, out: Uint8Array, o: number): void {
  const cx = Math.min(image.width - 1.001, Math.max(0, x)), cy = Math.min(image.height - 1.001, Math.max(0, y));
  const ix = Math.floor(cx), iy = Math.floor(cy), fx = cx - ix, fy = cy - iy;
  const i00 = (iy * image.width + ix) * 3, i10 = i00 + 3, i01 = i00 + image.width * 3, i11 = i01 + 3;
  for (let ch = 0; ch < 3; ch++) {
    const v = (image.data[i00 + ch] as number) * (1 - fx) * (1 - fy) + (image.data[i10 + ch] as number) * fx * (1 - fy) +
      (image.data[i01 + ch] as number) * (1 - fx) * fy + (image.data[i11 + ch] as number) * fx * fy;
    out[o + ch] = Math.round(v);
  }
}

function addNoise(image: RgbImage, random: () => number, amplitude: number): RgbImage {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((image.data[i] as number) + (random() + random() - 1) * amplitude)));
  return { width: image.width, height: image.height, data: out };
}

/** Separable box blur, radius r: the face melts into a background blob, so only the turned mesh reads as a face. */
function boxBlur(image: RgbImage, r: number): RgbImage {
  const { width, height } = image;
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const dst = new Uint8Array(src.length);
    const len = horizontal ? width : height, lines = horizontal ? height : width;
    for (let line = 0; line < lines; line++) {
      for (let ch = 0; ch < 3; ch++) {
        const at = (i: number): number => (horizontal ? (line * width + i) * 3 : (i * width + line) * 3) + ch;
        let sum = 0;
        for (let i = -r; i <= r; i++) sum += src[at(Math.min(len - 1, Math.max(0, i)))] as number;
        for (let i = 0; i < len; i++) {
          dst[at(i)] = Math.round(sum / (2 * r + 1));
          sum += (src[at(Math.min(len - 1, i + r + 1))] as number) - (src[at(Math.max(0, i - r))] as number);
        }
      }
    }
    return dst;
  };
  return { width, height, data: pass(pass(pass(pass(image.data, true), false), true), false) };
}

function area(t: MeshPoint3[]): number {
  const [a, b, c] = t as [MeshPoint3, MeshPoint3, MeshPoint3];
  return ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}
