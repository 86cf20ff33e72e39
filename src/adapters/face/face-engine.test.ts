/**
 * Medium tests: the real models on real photos shipped in npm packages (face-api demo samples). The optional
 * LFW check reads the evaluation data through IDENTITY_CHECK_DATA and skips when it is absent.
 *
 * face-engine.reference.json holds outputs of the previous tfjs-wasm implementation of the same three networks
 * (BlazeFace, FaceMesh and the ResNet-34 written with tfjs ops), computed once before it was removed: boxes,
 * detector scores, eye landmarks and, for some photos, descriptors (rounded to 1e-5). The onnxruntime graphs are
 * built from the same weights, so they must reproduce them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../image/rgb-image.js';
import type { DetectedFace } from './face.types.js';
import { HybridFaceEngine } from './face-engine.js';
import { cosineSimilarity } from './cosine.js';
import { FACE_CALIBRATION } from './calibration.js';
import { FACE_MODELS, ModelIntegrityError, checkSha256 } from './model-files.js';
import { selectPrimaryFace } from './select-face.js';
import { evaluationDataPath } from '../../testing/evaluation-data.js';

type Sharp = ReturnType<typeof sharp>;

const faceApiDir = path.dirname(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api')));
const sample = (n: number): string => path.join(faceApiDir, 'demo', `sample${n}.jpg`);
const dataDir = evaluationDataPath();

async function toRgb(input: Sharp): Promise<RgbImage> {
  const { data, info } = await input.rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The face whose box centre is nearest to (x, y); tests address people by position, not by result order. */
function faceAt(faces: readonly DetectedFace[], x: number, y: number): DetectedFace {
  const dist = (f: DetectedFace): number => Math.hypot(f.box.x + f.box.width / 2 - x, f.box.y + f.box.height / 2 - y);
  const best = [...faces].sort((a, b) => dist(a) - dist(b))[0];
  assert.ok(best && dist(best) < 60, `no face near (${x}, ${y})`);
  return best;
}

/** A region of a sample photo around one face (face boxes measured on these files). */
const crop = (n: number, left: number, top: number, size: number): Sharp =>
  sharp(sample(n)).extract({ left, top, width: size, height: size });

interface ReferenceFace {
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly eyes: readonly [number, number, number, number];
  readonly embedding?: readonly number[];
}
const reference = JSON.parse(readFileSync(path.join(import.meta.dirname, 'face-engine.reference.json'), 'utf8')) as
  Record<string, readonly ReferenceFace[]>;

/** The ID-card-like test image: a 110 px portrait on a 1600 x 1100 plain canvas (exercises the tiled pass). */
async function smallPortraitCanvas(): Promise<Sharp> {
  const portrait = await crop(6, 200, 460, 320).resize(110, 110).toBuffer();
  const canvas = sharp({ create: { width: 1600, height: 1100, channels: 3, background: { r: 214, g: 208, b: 196 } } })
    .composite([{ input: portrait, left: 180, top: 420 }]).png();
  return sharp(await canvas.toBuffer());
}

const engine = new HybridFaceEngine();
before(async () => engine.load());
after(async () => engine.dispose());

test('finds every face in group photos, strongest first, with sane geometry', async () => {
  for (const [n, count] of [[1, 3], [3, 3], [4, 4], [6, 4]] as const) {
    const image = await toRgb(sharp(sample(n)));
    const faces = await engine.analyze(image);
    assert.equal(faces.length, count, `sample${n}.jpg`);
    for (let i = 1; i < faces.length; i++) assert.ok((faces[i - 1] as DetectedFace).score >= (faces[i] as DetectedFace).score);
    for (const f of faces) {
      assert.equal(f.embedding.length, 128);
      assert.ok(Math.abs(Math.hypot(...f.embedding) - 1) < 1e-4, 'embedding is unit length');
      assert.ok(f.box.width > 100 && f.box.width < 400, `box width ${f.box.width}`);
      const { leftEye, rightEye, nose } = f.landmarks;
      assert.ok(leftEye.x < rightEye.x, 'leftEye is the eye nearer the image left edge');
      assert.ok(nose.y > Math.min(leftEye.y, rightEye.y), 'nose below the eyes');
      for (const v of [f.pose.yaw, f.pose.pitch, f.pose.roll]) assert.ok(Math.abs(v) <= 90);
    }
  }
});

test('a face crop downscaled to ~100 px is still found', async () => {
  const faces = await engine.analyze(await toRgb(crop(6, 150, 440, 400).resize(100, 100)));
  assert.equal(faces.length, 1);
});

test('onnxruntime graphs reproduce the tfjs implementation (boxes, scores, eyes within 0.5 px, cosine > 0.9999)', async () => {
  const inputs: Record<string, () => Promise<Sharp>> = {
    'sample1.jpg': async () => sharp(sample(1)),
    'sample3.jpg': async () => sharp(sample(3)),
    'sample4.jpg': async () => sharp(sample(4)),
    'card-110px-portrait': smallPortraitCanvas,
  };
  for (const [name, expected] of Object.entries(reference)) {
    const load = inputs[name];
    assert.ok(load, `no input for reference ${name}`);
    const faces = await engine.analyze(await toRgb(await load()));
    assert.equal(faces.length, expected.length, name);
    for (const ref of expected) {
      const [x, y, w, h] = ref.box;
      const face = faceAt(faces, x + w / 2, y + h / 2);
      const { box, landmarks } = face;
      const { leftEye, rightEye } = landmarks;
      const got = [box.x, box.y, box.width, box.height, leftEye.x, leftEye.y, rightEye.x, rightEye.y];
      const want = [...ref.box, ...ref.eyes];
      want.forEach((v, i) => assert.ok(Math.abs((got[i] as number) - v) < 0.5, `${name}: ${got.join(",")} vs ${want.join(",")}`));
      assert.ok(Math.abs(face.score - ref.score) < 1e-3, `${name}: score ${face.score} vs ${ref.score}`);
      if (ref.embedding) {
        const cos = cosineSimilarity(face.embedding, Float32Array.from(ref.embedding));
        assert.ok(cos > 0.9999, `${name}: descriptor cosine ${cos}`);
      }
    }
  }
});

test('a small portrait inside a large photo (ID-card shot) is found', async () => {
  const faces = await engine.analyze(await toRgb(await smallPortraitCanvas()));
  assert.equal(faces.length, 1);
  const box = (faces[0] as DetectedFace).box;
  assert.ok(box.x > 180 && box.x + box.width < 290 && box.y > 420 && box.y + box.height < 530, JSON.stringify(box));
});

test('noise and plain colour have no face', async () => {
  const noise = new Uint8Array(640 * 480 * 3);
  let seed = 12345;
  for (let i = 0; i < noise.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    noise[i] = seed >>> 24;
  }
  assert.deepEqual(await engine.analyze({ width: 640, height: 480, data: noise }), []);
  assert.deepEqual(await engine.analyze({ width: 300, height: 200, data: new Uint8Array(300 * 200 * 3).fill(128) }), []);
});

test('same face survives rescale, brightening and JPEG; different people fall below the threshold', async () => {
  const original = await engine.analyze(await toRgb(crop(6, 150, 440, 400)));
  const degraded = sharp(await crop(6, 150, 440, 400).resize(300, 300).modulate({ brightness: 1.2 })
    .jpeg({ quality: 50 }).toBuffer());
  const again = await engine.analyze(await toRgb(degraded));
  assert.equal(original.length, 1);
  assert.equal(again.length, 1);
  const same = cosineSimilarity((original[0] as DetectedFace).embedding, (again[0] as DetectedFace).embedding);
  assert.ok(same > FACE_CALIBRATION.threshold + 0.03, `same-face similarity ${same}`);

  const group = await engine.analyze(await toRgb(sharp(sample(1))));
  const other = await engine.analyze(await toRgb(sharp(sample(3))));
  const clown = faceAt(group, 510, 494);
  const curly = faceAt(other, 695, 478);
  const different = cosineSimilarity(clown.embedding, curly.embedding);
  assert.ok(different < FACE_CALIBRATION.threshold, `different-people similarity ${different}`);
});

test('the same woman in two different npm sample photos matches (fixture for route tests)', async () => {
  const first = faceAt(await engine.analyze(await toRgb(sharp(sample(1)))), 1580, 323);
  const second = faceAt(await engine.analyze(await toRgb(sharp(sample(3)))), 1188, 373);
  assert.ok(cosineSimilarity(first.embedding, second.embedding) >= FACE_CALIBRATION.threshold);
});

test('the primary face of a group photo is a confident, central one', async () => {
  const image = await toRgb(sharp(sample(3)));
  const faces = await engine.analyze(image);
  const primary = selectPrimaryFace(faces, image.width, image.height);
  assert.ok(primary);
  assert.equal(primary, faceAt(faces, 695, 478));
});

test('memory stays flat over repeated analyses (native tensors are released)', async () => {
  const image = await toRgb(crop(4, 560, 0, 420));
  for (let i = 0; i < 5; i++) await engine.analyze(image);
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 30; i++) await engine.analyze(image);
  const grownMb = (process.memoryUsage().rss - before) / 2 ** 20;
  assert.ok(grownMb < 40, `RSS grew ${grownMb.toFixed(1)} MB over 30 analyses`);
});

test('a disposed engine refuses to analyze until loaded again', async () => {
  const own = new HybridFaceEngine();
  await own.load();
  await own.dispose();
  await assert.rejects(own.analyze({ width: 8, height: 8, data: new Uint8Array(192) }), /before load/);
});

test('analyze rejects malformed images with a clear error', async () => {
  await assert.rejects(engine.analyze({ width: 10, height: 10, data: new Uint8Array(10) }), /expected 300/);
});

test('model checksums are enforced', () => {
  const info = FACE_MODELS[0];
  assert.ok(info);
  assert.throws(() => checkSha256(new Uint8Array([1, 2, 3]), info), ModelIntegrityError);
});

test('LFW: a same pair scores above and a different pair below the threshold', async (t) => {
  const lfw = path.join(dataDir, 'faces', 'lfw', 'images');
  if (!existsSync(lfw)) {
    t.skip(`no LFW data at ${lfw} (set IDENTITY_CHECK_DATA)`);
    return;
  }
  const embed = async (name: string, n: number): Promise<Float32Array> => {
    const image = await toRgb(sharp(path.join(lfw, name, `${name}_${String(n).padStart(4, '0')}.jpg`)));
    const face = selectPrimaryFace(await engine.analyze(image), image.width, image.height);
    assert.ok(face, `${name} ${n}`);
    return face.embedding;
  };
  const a = await embed('Abel_Pacheco', 1);
  assert.ok(cosineSimilarity(a, await embed('Abel_Pacheco', 4)) >= FACE_CALIBRATION.threshold);
  assert.ok(cosineSimilarity(await embed('Abdel_Madi_Shabneh', 1), await embed('Dean_Barker', 1)) < FACE_CALIBRATION.threshold);
});
