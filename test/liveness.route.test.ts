/**
 * POST /liveness/challenge and the liveness answer to POST /verify, through app.inject() with stand-in engines
 * whose faces turn: each frame's pose and landmarks are read from the frame's size (see `poseOf`), so every
 * liveness outcome can be produced exactly. The real-model and in-browser runs are test/capture.browser.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { DetectedFace } from '../src/adapters/face/face.types.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { MemoryChallengeStore } from '../src/services/liveness-challenges.js';
import type { LivenessStep } from '../src/domain/liveness.js';
import { FACE_OVAL, NOSE } from '../src/adapters/face/index.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { multipart, type Part } from './support/multipart.js';

/** Frame width -> the head pose it stands for; `flat` frames carry the frontal landmarks moved as a picture. */
const POSES: Record<number, { yaw: number; pitch: number; flat?: boolean }> = {
  96: { yaw: 0, pitch: 0 },
  100: { yaw: 25, pitch: 0 },
  104: { yaw: -25, pitch: 0 },
  108: { yaw: 0, pitch: 18 },
  112: { yaw: 25, pitch: 0, flat: true },
  116: { yaw: -25, pitch: 0, flat: true },
};
const ID_WIDTH = 120;

/** A 468-point mesh with only the outline and the nose placed: an ellipse, and a ridge standing out of it. */
const HEAD: [number, number, number][] = Array.from({ length: 468 }, (): [number, number, number] => [0, 0, 0]);
FACE_OVAL.forEach((index, i) => {
  const a = (i / FACE_OVAL.length) * 2 * Math.PI;
  HEAD[index] = [30 * Math.cos(a), 40 * Math.sin(a), -15 * Math.abs(Math.cos(a))];
});
NOSE.forEach((index, i) => {
  HEAD[index] = [0, -8 + 5 * i, 30 + 3 * i];
});

function mesh(yaw: number, pitch: number, flat: boolean): { x: number; y: number; z: number }[] {
  const y = (yaw * Math.PI) / 180, p = (pitch * Math.PI) / 180;
  return HEAD.map(([x0, y0, z0]) => {
    if (flat) return { x: 48 + x0 * 0.9 + 0.3 * y0, y: 48 + y0, z: z0 }; // a frontal picture sheared and squeezed
    const x1 = x0 * Math.cos(y) + z0 * Math.sin(y), z1 = -x0 * Math.sin(y) + z0 * Math.cos(y);
    return { x: 48 + x1, y: 48 + y0 * Math.cos(p) - z1 * Math.sin(p), z: z1 };
  });
}

function face(image: RgbImage): DetectedFace {
  const w = image.width, h = image.height;
  const pose = POSES[w] ?? { yaw: 0, pitch: 0 };
  return {
    box: { x: w / 4, y: h / 4, width: w / 2, height: h / 2 },
    score: 0.99,
    landmarks: {
      leftEye: { x: w * 0.3, y: h * 0.4 }, rightEye: { x: w * 0.7, y: h * 0.4 }, nose: { x: w * 0.5, y: h * 0.5 },
      mouthLeft: { x: w * 0.42, y: h * 0.62 }, mouthRight: { x: w * 0.58, y: h * 0.62 },
    },
    pose: { yaw: pose.yaw, pitch: pose.pitch, roll: 0 },
    mesh: mesh(pose.yaw, pose.pitch, pose.flat === true),
    // Selfie and frames are one person; the ID portrait matches without being the same photo.
    embedding: w === ID_WIDTH ? new Float32Array([0.8, 0.6]) : new Float32Array([0.6, 0.8]),
  };
}

let challenges: MemoryChallengeStore;
let app: FastifyInstance;
let strict: FastifyInstance;
let steps: LivenessStep[] = ['turn_left', 'turn_right'];

before(async () => {
  const engines = () => {
    const stub = stubEngines();
    return { ...stub, faces: { analyze: async (image: RgbImage) => [face(image)], models: [] } };
  };
  challenges = new MemoryChallengeStore({ ttlMs: 120_000, steps: () => steps });
  const config = { DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' } as const;
  app = await buildApp({ config: loadConfig(config), engines: engines(), challenges });
  strict = await buildApp({ config: loadConfig({ ...config, REQUIRE_LIVENESS: 'true' }), engines: engines() });
});
after(async () => {
  await Promise.all([app?.close(), strict?.close()]);
});

/** A textured frame `width` px wide (its pose, above); `phase` makes two frames of one pose differ. */
async function frame(width: number, phase: number): Promise<Buffer> {
  const square = await stubPhoto(120, phase);
  return sharp(square).resize(width, 96, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
}

async function challenge(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/liveness/challenge' });
  return (response.json() as { challenge_id: string }).challenge_id;
}

async function answer(target: FastifyInstance, challengeId: string | null, frames: readonly Buffer[], extra: Part[] = []) {
  const parts: Part[] = [
    { name: 'image1', filename: 'selfie.jpg', contentType: 'image/jpeg', data: await stubPhoto(96, 0.5) },
    { name: 'image2', filename: 'id.jpg', contentType: 'image/jpeg', data: await stubIdPhoto(ID_WIDTH) },
    { name: 'name', data: 'Jane Doe' },
    ...(challengeId === null ? [] : [{ name: 'challenge_id', data: challengeId }]),
    ...frames.map((data, i) => ({ name: 'frames', filename: `frame${i}.jpg`, contentType: 'image/jpeg', data })),
    ...extra,
  ];
  const form = multipart(parts);
  const response = await target.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
  return { status: response.statusCode, body: response.json() as { message: string; details: Record<string, any> } };
}

describe('POST /liveness/challenge', () => {
  test('200 with an id, the steps and an expiry two minutes ahead; never cached', async () => {
    steps = ['look_up', 'turn_left', 'turn_right'];
    const before = Date.now();
    const response = await app.inject({ method: 'POST', url: '/liveness/challenge' });
    const afterward = Date.now();
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    const body = response.json() as { challenge_id: string; steps: string[]; expires_at: string };
    assert.match(body.challenge_id, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(body.steps, ['look_up', 'turn_left', 'turn_right']);
    const expires = Date.parse(body.expires_at);
    assert.ok(expires >= before + 120_000 && expires <= afterward + 120_000, `expires ${body.expires_at}`);
    steps = ['turn_left', 'turn_right'];
  });
});

describe('POST /verify with a liveness answer', () => {
  test('a head turning left then right: 200, liveness passed, the frontal frame is the selfie', async () => {
    const id = await challenge(app);
    const { status, body } = await answer(app, id, [await frame(96, 1), await frame(100, 2), await frame(96, 3), await frame(104, 4)]);
    assert.equal(status, 200, JSON.stringify(body.details.liveness ?? body.details));
    const l = body.details.liveness;
    assert.equal(l.passed, true);
    assert.deepEqual(l.steps, ['turn_left', 'turn_right']);
    assert.deepEqual(l.observed, ['turn_left', 'turn_right']);
    assert.deepEqual(l.frames.map((f: { label: string }) => f.label), ['frontal', 'turn_left', 'frontal', 'turn_right']);
    assert.equal(l.selfie_frame, 0);
    assert.ok(l.parallax > l.min_parallax, `parallax ${l.parallax}`);
    assert.ok(body.details.reasons.includes('LIVENESS_PASSED'));
  });

  test('the same challenge answered twice: the second is refused as unknown (single use)', async () => {
    const id = await challenge(app);
    const frames = [await frame(96, 1), await frame(100, 2), await frame(104, 4)];
    assert.equal((await answer(app, id, frames)).status, 200);
    const { status, body } = await answer(app, id, frames);
    assert.equal(status, 401);
    assert.equal(body.details.verdict, 'liveness_failed');
    assert.deepEqual(body.details.liveness.reasons, ['LIVENESS_CHALLENGE_UNKNOWN']);
    assert.match(body.message, /liveness/);
  });

  test('an expired challenge: 401 LIVENESS_CHALLENGE_EXPIRED', async () => {
    const expired = new MemoryChallengeStore({ ttlMs: -1, steps: () => steps });
    const target = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: { ...stubEngines(), faces: { analyze: async (image: RgbImage) => [face(image)], models: [] } }, challenges: expired });
    try {
      const { status, body } = await answer(target, await challenge(target), [await frame(96, 1), await frame(100, 2), await frame(104, 4)]);
      assert.equal(status, 401);
      assert.deepEqual(body.details.liveness.reasons, ['LIVENESS_CHALLENGE_EXPIRED']);
    } finally {
      await target.close();
    }
  });

  const refusals: [string, [number, number][], string[]][] = [
    ['a still picture (no movement)', [[96, 1], [96, 2], [96, 3]], ['LIVENESS_STEPS_NOT_FOLLOWED']],
    ['the movements in the wrong order', [[96, 1], [104, 2], [100, 3]], ['LIVENESS_STEPS_NOT_FOLLOWED']],
    ['one frame replayed', [[96, 1], [100, 2], [96, 1], [104, 3]], ['LIVENESS_DUPLICATE_FRAMES']],
    ['a flat picture sheared to fake the turns', [[96, 1], [112, 2], [116, 3]], ['LIVENESS_FLAT_MOTION']],
  ];
  for (const [label, spec, reasons] of refusals) {
    test(`${label}: 401 liveness_failed with ${reasons.join(', ')}`, async () => {
      const frames = await Promise.all(spec.map(([w, p]) => frame(w, p)));
      const { status, body } = await answer(app, await challenge(app), frames);
      assert.equal(status, 401, JSON.stringify(body.details.liveness));
      assert.equal(body.details.verdict, 'liveness_failed');
      assert.deepEqual(body.details.liveness.reasons, reasons);
      assert.ok(body.details.reasons.includes('LIVENESS_FAILED'));
    });
  }

  test('without a challenge the two-image contract is unchanged: liveness null', async () => {
    const { status, body } = await answer(app, null, []);
    assert.equal(status, 200);
    assert.equal(body.details.liveness, null);
  });
});

describe('POST /verify liveness input errors', () => {
  const cases: [string, () => Promise<[string | null, Buffer[], Part[]]>, number, string, string][] = [
    ['17 frames', async () => ['AAAAAAAAAAAAAAAAAAAAAA', await Promise.all(Array.from({ length: 17 }, (_, i) => frame(96, i))), []], 400, 'frames', 'ERR_TOO_MANY_FRAMES'],
    ['a frame over 2 MB', async () => ['AAAAAAAAAAAAAAAAAAAAAA', [Buffer.alloc(2 * 1024 * 1024 + 1, 0xff)], []], 413, 'frames', 'ERR_FILE_TOO_LARGE'],
    ['a frame that is not an image', async () => [await challenge(app), [await frame(96, 1), Buffer.from('not an image at all')], []], 400, 'frames', 'ERR_UNSUPPORTED_IMAGE'],
    ['a malformed challenge_id', async () => ['../../etc/passwd', [await frame(96, 1)], []], 400, 'challenge_id', 'ERR_INVALID_CHALLENGE'],
    ['frames without a challenge_id', async () => [null, [await frame(96, 1)], []], 400, 'challenge_id', 'ERR_INVALID_CHALLENGE'],
    ['a challenge_id without frames', async () => ['AAAAAAAAAAAAAAAAAAAAAA', [], []], 400, 'frames', 'ERR_MISSING_FILE'],
    ['frames as a text field', async () => ['AAAAAAAAAAAAAAAAAAAAAA', [], [{ name: 'frames', data: 'abc' }]], 400, 'frames', 'ERR_MISSING_FILE'],
    ['challenge_id twice', async () => ['AAAAAAAAAAAAAAAAAAAAAA', [await frame(96, 1)], [{ name: 'challenge_id', data: 'AAAAAAAAAAAAAAAAAAAAAA' }]], 400, 'challenge_id', 'ERR_BAD_REQUEST'],
  ];
  for (const [label, make, status, field, code] of cases) {
    test(`${label}: ${status} ${code} on ${field}`, async () => {
      const [id, frames, extra] = await make();
      const response = await answer(app, id, frames, extra);
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.equal(response.body.details.code, code);
      assert.equal(response.body.details.field, field);
    });
  }

  test('REQUIRE_LIVENESS=true: a two-image request is 400 ERR_LIVENESS_REQUIRED', async () => {
    const { status, body } = await answer(strict, null, []);
    assert.equal(status, 400);
    assert.equal(body.details.code, 'ERR_LIVENESS_REQUIRED');
    assert.equal(body.details.field, 'challenge_id');
  });
});
