import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { CLS_MODEL, modelPath } from '../document/paddle-models.js';
import { ModelIntegrityError, OnnxSession, sessionOptions } from './onnx-runtime.js';

describe('OnnxSession', () => {
  it('refuses a model file whose hash differs', async () => {
    const wrong = '0'.repeat(64);
    await assert.rejects(OnnxSession.create({ path: modelPath(CLS_MODEL), sha256: wrong }), (error: unknown) => {
      assert.ok(error instanceof ModelIntegrityError);
      assert.equal(error.code, 'ERR_MODEL_INTEGRITY');
      assert.equal(error.actual, CLS_MODEL.sha256);
      return true;
    });
  });

  it('runs a model, returns plain float arrays and cannot be used after release', async () => {
    const session = await OnnxSession.create({ path: modelPath(CLS_MODEL), sha256: CLS_MODEL.sha256 });
    const out = await session.run({ x: { data: new Float32Array(2 * 3 * 48 * 192), dims: [2, 3, 48, 192] } });
    const probs = Object.values(out)[0]!;
    assert.deepEqual(probs.dims, [2, 2]);
    assert.ok(Math.abs(probs.data[0]! + probs.data[1]! - 1) < 1e-4);
    await session.release();
    await session.release();
    await assert.rejects(session.run({ x: { data: new Float32Array(3 * 48 * 192), dims: [1, 3, 48, 192] } }), /released/);
  });

  it('builds a session from model bytes held in memory', async () => {
    const session = await OnnxSession.fromBytes(await readFile(modelPath(CLS_MODEL)));
    try {
      const out = await session.run({ x: { data: new Float32Array(3 * 48 * 192), dims: [1, 3, 48, 192] } });
      assert.deepEqual(Object.values(out)[0]?.dims, [1, 2]);
    } finally {
      await session.release();
    }
  });
});

describe('sessionOptions', () => {
  const cases = [
    { given: {}, threads: 1, arena: true, spinning: undefined },
    { given: { threads: 1 }, threads: 1, arena: true, spinning: undefined },
    { given: { threads: 2 }, threads: 2, arena: true, spinning: '0' },
    { given: { threads: 4, memoryArena: false }, threads: 4, arena: false, spinning: '0' },
  ] as const;
  for (const { given, threads, arena, spinning } of cases) {
    it(`${JSON.stringify(given)}: ${threads} intra-op thread(s), arena ${arena}, spinning ${spinning ?? 'not set'}`, () => {
      const options = sessionOptions(given);
      assert.equal(options.intraOpNumThreads, threads);
      assert.equal(options.interOpNumThreads, 1);
      assert.equal(options.enableCpuMemArena, arena);
      assert.equal(options.enableMemPattern, false);
      const session = options.extra?.session as Record<string, string> | undefined;
      assert.equal(session?.['intra_op.allow_spinning'], spinning);
    });
  }

  it('onnxruntime accepts the options of a multi-threaded session', async () => {
    const session = await OnnxSession.create({ path: modelPath(CLS_MODEL), sha256: CLS_MODEL.sha256, threads: 2 });
    try {
      const out = await session.run({ x: { data: new Float32Array(3 * 48 * 192), dims: [1, 3, 48, 192] } });
      assert.deepEqual(Object.values(out)[0]?.dims, [1, 2]);
    } finally {
      await session.release();
    }
  });
});
