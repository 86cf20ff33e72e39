import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assessFaceQuality, comparableFaces, greyCrop, innerLuma, interOcularDistance, measureFaceQuality, normalisedLaplacian, secondFaceRatio,
  type FaceQualityMeasures, type FaceQualityPolicy, type QualityFace, type QualityImage,
} from './face-quality.js';

const POLICY: FaceQualityPolicy = {
  rejectInterOcularPx: 18,
  warnInterOcularPx: 28,
  rejectSharpness: 0.1,
  warnSharpness: 0.15,
  rejectBrightnessBelow: 35,
  rejectBrightnessAbove: 230,
  warnBrightnessBelow: 60,
  warnBrightnessAbove: 210,
  rejectClippedFraction: 0.4,
  rejectYaw: 50,
  rejectPitch: 45,
  warnYaw: 30,
  warnPitch: 30,
  comparableFaceRatio: 0.7,
};

const GOOD: FaceQualityMeasures = {
  interOcularPx: 40, sharpness: 0.3, brightness: 120, clippedFraction: 0.01, yaw: 5, pitch: 5, comparableFaces: 0, secondFaceRatio: 0, otherFaces: 0,
};

/** An image filled by f(x, y) -> grey level. */
function image(width: number, height: number, f: (x: number, y: number) => number): QualityImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(Math.max(0, Math.min(255, Math.round(f(x, y)))), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data };
}

const face = (x: number, y: number, side: number, score = 0.95): QualityFace => ({
  box: { x, y, width: side, height: side },
  score,
  landmarks: { leftEye: { x: x + 0.3 * side, y: y + 0.4 * side }, rightEye: { x: x + 0.7 * side, y: y + 0.4 * side } },
  pose: { yaw: -12, pitch: 7, roll: 0 },
});

/** Deterministic pseudo-random texture (a "sharp" face stand-in). */
const texture = (x: number, y: number): number => 128 + 60 * Math.sin(x * 1.7 + Math.sin(y * 0.9) * 3) * Math.cos(y * 1.3 + x * 0.2);

describe('assessFaceQuality', () => {
  const cases: { name: string; change: Partial<FaceQualityMeasures>; role?: 'live' | 'id'; codes: string[] }[] = [
    { name: 'a good face has no issue', change: {}, codes: [] },
    { name: 'eyes 10 px apart: too small', change: { interOcularPx: 10 }, codes: ['FACE_TOO_SMALL'] },
    { name: 'eyes 20 px apart: small (warning)', change: { interOcularPx: 20 }, codes: ['FACE_SMALL'] },
    { name: 'the reject limit itself passes', change: { interOcularPx: 18 }, codes: ['FACE_SMALL'] },
    { name: 'heavy blur', change: { sharpness: 0.05 }, codes: ['FACE_TOO_BLURRED'] },
    { name: 'soft (warning)', change: { sharpness: 0.12 }, codes: ['FACE_SOFT'] },
    { name: 'too dark', change: { brightness: 20 }, codes: ['FACE_TOO_DARK'] },
    { name: 'dim (warning)', change: { brightness: 50 }, codes: ['FACE_DARK'] },
    { name: 'too bright', change: { brightness: 240 }, codes: ['FACE_TOO_BRIGHT'] },
    { name: 'bright (warning)', change: { brightness: 220 }, codes: ['FACE_BRIGHT'] },
    { name: 'half the face clipped white', change: { brightness: 200, clippedFraction: 0.5 }, codes: ['FACE_TOO_BRIGHT'] },
    { name: 'half the face clipped black', change: { brightness: 70, clippedFraction: 0.5 }, codes: ['FACE_TOO_DARK'] },
    { name: 'profile', change: { yaw: 70 }, codes: ['FACE_POSE'] },
    { name: 'looking down hard', change: { pitch: 50 }, codes: ['FACE_POSE'] },
    { name: 'turned (warning)', change: { yaw: 35 }, codes: ['FACE_TURNED'] },
    { name: 'second person in the selfie', change: { comparableFaces: 1, otherFaces: 1 }, codes: ['MULTIPLE_FACES'] },
    { name: 'small background face in the selfie (warning)', change: { otherFaces: 2 }, codes: ['OTHER_FACES'] },
    { name: 'ghost portrait on the ID is normal', change: { comparableFaces: 1, otherFaces: 1 }, role: 'id', codes: [] },
    { name: 'rejections come before warnings', change: { interOcularPx: 20, sharpness: 0.01 }, codes: ['FACE_TOO_BLURRED', 'FACE_SMALL'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const issues = assessFaceQuality({ ...GOOD, ...c.change }, POLICY, c.role ?? 'live');
      assert.deepEqual(issues.map((i) => i.code), c.codes);
      for (const i of issues) assert.equal(i.severity, /TOO_|POSE|MULTIPLE/.test(i.code) ? 'reject' : 'warn', i.code);
    });
  }

  test('reasons carry the measured value and the limit', () => {
    const [issue] = assessFaceQuality({ ...GOOD, interOcularPx: 9.6 }, POLICY, 'live');
    assert.equal(issue?.reason, 'eyes 10 px apart, at least 18 px needed');
  });
});

describe('measures', () => {
  test('inter-ocular distance', () => {
    assert.equal(interOcularDistance({ landmarks: { leftEye: { x: 10, y: 10 }, rightEye: { x: 13, y: 14 } } }), 5);
  });

  test('comparable faces: both score and size must be comparable', () => {
    const main = face(100, 100, 100, 0.9);
    const cases: [QualityFace, number][] = [
      [face(0, 0, 80, 0.85), 1],
      [face(0, 0, 60, 0.85), 0], // smaller: a background face
      [face(0, 0, 100, 0.5), 0], // much weaker detection
      [face(0, 0, 140, 0.95), 1],
    ];
    for (const [other, expected] of cases) assert.equal(comparableFaces(main, [other], 0.7), expected);
    assert.equal(secondFaceRatio(main, [face(0, 0, 80, 0.85), face(0, 0, 60, 0.9)]), 0.8);
    assert.equal(secondFaceRatio(main, [face(0, 0, 100, 0.45)]), 0.5);
    assert.equal(secondFaceRatio(main, []), 0);
  });

  test('sharpness: texture is sharp, its blurred copy is not, and exposure does not change it', () => {
    const sharpAt = (scale: number, gain: number): number =>
      normalisedLaplacian(greyCrop(image(300, 300, (x, y) => 128 + gain * (texture(x / scale, y / scale) - 128)), { x: 50, y: 50, width: 200, height: 200 }, 96), 96);
    const blurred = normalisedLaplacian(greyCrop(image(300, 300, (x, y) => {
      let s = 0;
      for (let d = -6; d <= 6; d++) for (let e = -6; e <= 6; e++) s += texture(x + d, y + e);
      return s / 169;
    }), { x: 50, y: 50, width: 200, height: 200 }, 96), 96);
    const sharp = sharpAt(2, 1);
    assert.ok(sharp > 0.5, `sharp ${sharp}`);
    assert.ok(blurred < 0.2 * sharp, `blurred ${blurred} vs ${sharp}`);
    assert.ok(Math.abs(sharpAt(2, 0.3) - sharp) < 0.05 * sharp, 'exposure-independent');
  });

  test('sharpness of a flat patch is 0', () => {
    assert.equal(normalisedLaplacian(greyCrop(image(64, 64, () => 90), { x: 0, y: 0, width: 64, height: 64 }, 96), 96), 0);
  });

  test('brightness and clipping over the central 60% of the box', () => {
    // Dark frame (hair/background) around a bright centre: only the centre counts.
    const img = image(100, 100, (x, y) => (x >= 20 && x < 80 && y >= 20 && y < 80 ? 250 : 0));
    assert.deepEqual(innerLuma(img, { x: 0, y: 0, width: 100, height: 100 }), { mean: 250, clipped: 1 });
    const mid = innerLuma(image(100, 100, () => 100), { x: 0, y: 0, width: 100, height: 100 });
    assert.deepEqual(mid, { mean: 100, clipped: 0 });
  });

  test('greyCrop resamples any box to size x size, edge pixels outside', () => {
    const crop = greyCrop(image(10, 10, (x) => x * 10), { x: -5, y: 0, width: 20, height: 20 }, 4);
    assert.equal(crop.length, 16);
    assert.ok(crop[0]! <= crop[3]!);
  });

  test('measureFaceQuality rounds and takes |pose|', () => {
    const img = image(200, 200, texture);
    const m = measureFaceQuality(img, face(50, 50, 100), [face(0, 0, 30, 0.9)], POLICY);
    assert.equal(m.interOcularPx, 40);
    assert.deepEqual([m.yaw, m.pitch, m.comparableFaces, m.otherFaces], [12, 7, 0, 1]);
    assert.ok(m.sharpness > 0.3 && m.brightness > 60 && m.brightness < 200);
  });
});
