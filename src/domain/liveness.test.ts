import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawSteps, judgeLiveness, labelPose, type LivenessFrame, type LivenessPolicy, type LivenessReason, type LivenessStep } from './liveness.js';
import { fitHomography, homographyResidual, probeResidual, apply, type Point2 } from './homography.js';

const POLICY: LivenessPolicy = {
  turnYaw: 15, tiltPitch: 10, frontalWithin: 7, maxFrontalPose: 15, duplicateDifference: 0.1, minParallax: 0.2, sameIdentity: 0.6,
};

/** A face-like point cloud: an ellipse of cheek/brow points at depth 0 and a nose ridge standing out towards the camera. */
const RIM = 16;
const HEAD: readonly [number, number, number][] = [
  ...Array.from({ length: RIM }, (_, i): [number, number, number] => {
    const a = (i / RIM) * 2 * Math.PI;
    return [60 * Math.cos(a), 80 * Math.sin(a), -30 * Math.abs(Math.cos(a))];
  }),
  [0, -10, 25], [0, 10, 40], [0, 20, 30], // nose ridge, tip, base
];

/** Projects the head turned by yaw/pitch degrees (orthographic, centred at 320,240). */
function project(yaw: number, pitch: number): Point2[] {
  const y = (yaw * Math.PI) / 180, p = (pitch * Math.PI) / 180;
  return HEAD.map(([x0, y0, z0]) => {
    const x1 = x0 * Math.cos(y) + z0 * Math.sin(y), z1 = -x0 * Math.sin(y) + z0 * Math.cos(y);
    const y2 = y0 * Math.cos(p) - z1 * Math.sin(p);
    return { x: 320 + x1, y: 240 + y2 };
  });
}

let serial = 0;
function frame(yaw: number, pitch: number, points = project(yaw, pitch), similarity = 0.9): LivenessFrame {
  serial += 1;
  return { face: { yaw, pitch, rim: points.slice(0, RIM), probe: points.slice(RIM), interOcular: 50, similarity }, thumbnail: Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + serial * 13) % 256) };
}

/** The frontal picture moved as a flat object: every point through one homography. */
function flat(points: readonly Point2[], h: number[]): Point2[] {
  return points.map((p) => apply(h, p));
}
const ROTATE_15 = (() => {
  const c = Math.cos(0.26), s = Math.sin(0.26);
  return [c, -s, 320 - 320 * c + 240 * s, s, c, 240 - 320 * s - 240 * c, 0, 0, 1];
})();
const SHEAR = [1, 0.3, -72, 0, 1, 0, 0, 0, 1];
const TILT = [0.8, 0, 40, 0, 1, 0, 0.0006, 0, 1];

const cases: [string, () => LivenessFrame[], LivenessStep[], LivenessReason[]][] = [
  ['a head turning left then right', () => [frame(0, 0), frame(25, 0), frame(0, 0), frame(-25, 0)], ['turn_left', 'turn_right'], []],
  ['left, up, down with frames in between', () => [frame(1, -2), frame(10, 0), frame(24, 2), frame(3, 0), frame(0, 18), frame(0, -16)],
    ['turn_left', 'look_up', 'look_down'], []],
  ['steps in the wrong order', () => [frame(0, 0), frame(-25, 0), frame(25, 0)], ['turn_left', 'turn_right'], ['LIVENESS_STEPS_NOT_FOLLOWED']],
  ['a step missing', () => [frame(0, 0), frame(25, 0), frame(2, 0)], ['turn_left', 'turn_right'], ['LIVENESS_STEPS_NOT_FOLLOWED']],
  ['an extra movement', () => [frame(0, 0), frame(25, 0), frame(0, 20), frame(-25, 0)], ['turn_left', 'turn_right'], ['LIVENESS_STEPS_NOT_FOLLOWED']],
  ['a still picture', () => [frame(0, 0), frame(0, 0), frame(0, 0)], ['turn_left', 'turn_right'], ['LIVENESS_STEPS_NOT_FOLLOWED']],
  ['too few frames', () => [frame(0, 0), frame(25, 0)], ['turn_left', 'turn_right'], ['LIVENESS_TOO_FEW_FRAMES', 'LIVENESS_STEPS_NOT_FOLLOWED']],
  ['someone else in one frame', () => [frame(0, 0), frame(25, 0, undefined, 0.3), frame(-25, 0)], ['turn_left', 'turn_right'], ['LIVENESS_IDENTITY_CHANGED']],
  ['a frame without a face', () => [frame(0, 0), frame(25, 0), { face: null, thumbnail: new Uint8Array(1024) }, frame(-25, 0)],
    ['turn_left', 'turn_right'], ['LIVENESS_FACE_MISSING']],
  ['no frame faces the camera', () => [frame(30, 0), frame(50, 0), frame(32, 0)], ['turn_left'], ['LIVENESS_NO_FRONTAL_FRAME']],
  ['starting turned away, then the steps relative to that', () => [frame(25, 0), frame(0, 0), frame(50, 0)], ['turn_right', 'turn_left'], []],
  ['a flat photo rotated in the plane while yaw reads as a turn', () => {
    const base = project(0, 0);
    return [frame(0, 0, base), frame(25, 0, flat(base, ROTATE_15)), frame(-25, 0, flat(base, SHEAR))];
  }, ['turn_left', 'turn_right'], ['LIVENESS_FLAT_MOTION']],
  ['a flat photo tilted in depth (perspective)', () => {
    const base = project(0, 0);
    return [frame(0, 0, base), frame(25, 0, flat(base, TILT)), frame(-25, 0, flat(base, [1.2, 0, -64, 0, 1, 0, -0.0006, 0, 1]))];
  }, ['turn_left', 'turn_right'], ['LIVENESS_FLAT_MOTION']],
];

for (const [label, frames, steps, reasons] of cases) {
  test(`judgeLiveness: ${label}`, () => {
    const judgement = judgeLiveness(frames(), steps, POLICY);
    assert.deepEqual([...judgement.reasons].sort(), [...reasons].sort(), `labels ${judgement.labels.join(',')} parallax ${judgement.parallax}`);
    assert.equal(judgement.passed, reasons.length === 0);
  });
}

test('judgeLiveness: the same picture sent twice is a duplicate', () => {
  const a = frame(0, 0);
  const judgement = judgeLiveness([a, frame(25, 0), { ...a }, frame(-25, 0)], ['turn_left', 'turn_right'], POLICY);
  assert.deepEqual(judgement.reasons, ['LIVENESS_DUPLICATE_FRAMES']);
});

test('judgeLiveness: the most frontal frame is the selfie; poses are read relative to the first frame', () => {
  const judgement = judgeLiveness([frame(-9, -12), frame(12, -12), frame(-4, -6), frame(-30, -12)], ['turn_left', 'turn_right'], POLICY);
  assert.equal(judgement.frontalIndex, 2);
  assert.deepEqual(judgement.labels, ['frontal', 'turn_left', 'frontal', 'turn_right']);
  assert.ok((judgement.parallax ?? 0) > POLICY.minParallax);
});

const labelCases: [number, number, string][] = [
  [0, 0, 'frontal'], [7, -7, 'frontal'], [15, 0, 'turn_left'], [-15, 3, 'turn_right'], [2, 10, 'look_up'], [0, -12, 'look_down'],
  [10, 0, 'between'], [20, 25, 'look_up'], [25, 20, 'turn_left'],
];
for (const [yaw, pitch, expected] of labelCases) {
  test(`labelPose(${yaw}, ${pitch}) = ${expected}`, () => assert.equal(labelPose(yaw, pitch, POLICY), expected));
}

test('drawSteps: 2 or 3 distinct steps, and every step reachable', () => {
  let seed = 1;
  const random = (): number => { seed = (seed * 16807) % 2147483647; return (seed - 1) / 2147483646; };
  const seen = new Set<string>();
  const counts = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const steps = drawSteps(random);
    counts.add(steps.length);
    assert.equal(new Set(steps).size, steps.length);
    steps.forEach((s) => seen.add(s));
  }
  assert.deepEqual([...counts].sort(), [2, 3]);
  assert.equal(seen.size, 4);
});

test('homography: recovers a perspective map exactly; residual 0 for flat motion, > 0 for depth', () => {
  const base = project(0, 0);
  const h = fitHomography(base, flat(base, TILT));
  assert.ok(h !== null);
  for (let i = 0; i < 9; i++) assert.ok(Math.abs((h[i] as number) - (TILT[i] as number)) < 1e-6, `h[${i}]`);
  assert.ok(homographyResidual(base, flat(base, SHEAR), 50) < 1e-6);
  assert.ok(homographyResidual(base, project(25, 0), 50) > 0.05);
  assert.equal(homographyResidual(base.slice(0, 3), base.slice(0, 3), 50), Infinity);
  const rimOf = (p: Point2[]) => p.slice(0, RIM), noseOf = (p: Point2[]) => p.slice(RIM);
  assert.ok(probeResidual(rimOf(base), rimOf(flat(base, TILT)), noseOf(base), noseOf(flat(base, TILT)), 50) < 1e-6);
  assert.ok(probeResidual(rimOf(base), rimOf(project(25, 0)), noseOf(base), noseOf(project(25, 0)), 50) > 0.2);
  assert.equal(probeResidual(rimOf(base), rimOf(base), [], [], 50), Infinity);
  assert.equal(fitHomography([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }], base.slice(0, 4)), null);
});
