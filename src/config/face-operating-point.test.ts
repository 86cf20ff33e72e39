import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FACE_CALIBRATION, FAR_TABLE, thresholdForFar, type FarPoint } from '../adapters/face/calibration.js';

const TABLE: FarPoint[] = [
  { threshold: 0.88, falseAccepts: 100, negatives: 1000, tar: 0.99 },
  { threshold: 0.90, falseAccepts: 10, negatives: 1000, tar: 0.98 },
  { threshold: 0.92, falseAccepts: 1, negatives: 1000, tar: 0.95 },
  { threshold: 0.95, falseAccepts: 0, negatives: 1000, tar: 0.70 },
];

test('thresholdForFar: exact table points', () => {
  for (const [far, threshold] of [[0.1, 0.88], [0.01, 0.90], [0.001, 0.92]] as const) {
    const p = thresholdForFar(far, TABLE);
    assert.equal(p.threshold, threshold, `far ${far}`);
    assert.equal(p.far, far);
    assert.equal(p.beyondMeasurement, false);
  }
});

test('thresholdForFar: between points takes the stricter one, never looser', () => {
  assert.equal(thresholdForFar(0.05, TABLE).threshold, 0.90);
  assert.equal(thresholdForFar(0.0099, TABLE).threshold, 0.92);
  assert.equal(thresholdForFar(0.5, TABLE).threshold, 0.88);
  for (const far of [0.5, 0.1, 0.05, 0.01, 0.005, 0.001]) assert.ok(thresholdForFar(far, TABLE).far <= far);
});

test('thresholdForFar: below the measurable range uses the strictest point and says so', () => {
  const p = thresholdForFar(1e-5, TABLE);
  assert.equal(p.threshold, 0.95);
  assert.equal(p.beyondMeasurement, true);
  assert.equal(p.far, 1 / 1000);
  assert.match(p.source, /below what 1000 pairs can measure/);
});

test('thresholdForFar: rejects nonsense targets', () => {
  for (const bad of [0, -1, 1, Number.NaN]) assert.throws(() => thresholdForFar(bad, TABLE), RangeError);
});

test('FAR_TABLE: thresholds rise as false accepts fall, and FAR 1e-3 is FACE_CALIBRATION', () => {
  for (let i = 1; i < FAR_TABLE.length; i++) {
    assert.ok(FAR_TABLE[i]!.threshold > FAR_TABLE[i - 1]!.threshold);
    assert.ok(FAR_TABLE[i]!.falseAccepts < FAR_TABLE[i - 1]!.falseAccepts);
  }
  const p = thresholdForFar(FACE_CALIBRATION.far);
  assert.equal(p.threshold, FACE_CALIBRATION.threshold);
  assert.equal(p.far, 1e-3);
});

test('buildPolicy: FACE_TARGET_FAR picks the operating point; default 1e-3', async () => {
  const { buildPolicy } = await import('./policy.js');
  const { loadConfig } = await import('./config.js');
  const config = loadConfig({});
  const base = buildPolicy(config);
  assert.equal(base.face.targetFar, 1e-3);
  assert.equal(base.face.threshold, FACE_CALIBRATION.threshold);
  assert.equal(base.face.far, 1e-3);
  const looser = buildPolicy(loadConfig({ FACE_TARGET_FAR: '0.01' }));
  assert.equal(looser.face.threshold, 0.9094);
  assert.ok(looser.face.far <= 1e-2);
  const stricter = buildPolicy(loadConfig({ FACE_TARGET_FAR: '1e-4' }));
  assert.ok(stricter.face.threshold > base.face.threshold);
  assert.ok(Object.isFrozen(stricter.face) && Object.isFrozen(stricter.face.quality));
});
