import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { REC_DICTIONARY } from '../document/paddle-models.js';
import { FACE_MODELS } from '../face/model-files.js';
import { OCR_B_GLYPHS } from '../document/ocr-b-glyphs.js';
import { checkBytes, checkSha256, ModelIntegrityError, modelPath, packageDir, readVerifiedModelFile, sha256Hex } from './model-files.js';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const abc = new TextEncoder().encode('abc');

describe('model files', () => {
  it('hashes with sha256 and accepts the pinned hash in either case', () => {
    assert.equal(sha256Hex(abc), ABC_SHA256);
    checkBytes(abc, ABC_SHA256.toUpperCase(), 'abc');
  });

  it('refuses bytes that differ, with a coded error naming both hashes', () => {
    assert.throws(() => checkBytes(abc, '0'.repeat(64), 'abc'), (error: unknown) => {
      assert.ok(error instanceof ModelIntegrityError);
      assert.equal(error.code, 'ERR_MODEL_INTEGRITY');
      assert.equal(error.actual, ABC_SHA256);
      assert.equal(error.expected, '0'.repeat(64));
      return true;
    });
    assert.throws(() => checkSha256(abc, OCR_B_GLYPHS), /ocr-b-glyph-templates/);
    assert.equal(new ModelIntegrityError('/m.onnx', 'aa', 'bb').message, 'model file /m.onnx has sha256 bb, expected aa');
    assert.equal(new ModelIntegrityError('package x is not installed').message, 'package x is not installed');
  });

  it('finds files inside packages whose exports hide them, for the face and the document models alike', () => {
    for (const info of [FACE_MODELS[0]!, REC_DICTIONARY]) assert.ok(existsSync(modelPath(info)), modelPath(info));
    assert.throws(() => packageDir('@identity-check/no-such-package'), ModelIntegrityError);
  });

  it('reads a listed file only when its hash matches', async () => {
    assert.ok((await readVerifiedModelFile(REC_DICTIONARY)).length > 0);
    await assert.rejects(readVerifiedModelFile({ ...REC_DICTIONARY, sha256: '0'.repeat(64) }), ModelIntegrityError);
    await assert.rejects(readVerifiedModelFile({ ...REC_DICTIONARY, file: 'assets/missing.txt' }), /not readable/);
  });
});
