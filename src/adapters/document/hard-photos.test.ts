/**
 * The reader on synthetic photos of hard conditions (src/testing/synthetic-documents.ts), with the real models:
 * a highlight over the MRZ is refused with its reason, a clean card back is read with per-field confidence,
 * and the back of a two-sided scan is read as TD1. Accuracy over many photos: bench:documents-synthetic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { RgbImage } from '../image/rgb-image.js';
import { PaddleDocumentEngine } from './document-engine.js';
import { SYNTHETIC_HOLDERS, syntheticDocument, type Condition } from '../../testing/synthetic-documents.js';

async function photo(condition: Condition, index: number): Promise<{ image: RgbImage; mrz: readonly string[] }> {
  const doc = await syntheticDocument(condition, SYNTHETIC_HOLDERS[index]!, 1000 + index);
  const { data, info } = await sharp(doc.image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }, mrz: doc.mrz };
}

describe('PaddleDocumentEngine on hard photos', { timeout: 300_000 }, () => {
  const engine = new PaddleDocumentEngine();
  before(() => engine.load());
  after(() => engine.dispose());

  it('refuses an MRZ under a highlight, saying MRZ_GLARE, though its check digits would pass', async () => {
    // LLOYD's card: the glare washes out GBR, read as GBO (a real code) before the check was added.
    const { image } = await photo('glare-on-mrz', 0);
    const reading = await engine.read(image);
    assert.equal(reading.mrz?.valid, false);
    assert.equal(reading.mrzProblem, 'MRZ_GLARE');
  });

  it('reads a TD1 card back at 600 px with every field confident and no problem', async () => {
    const { image, mrz } = await photo('td1-back-600', 1);
    const reading = await engine.read(image);
    assert.deepEqual(reading.mrz?.lines, mrz);
    assert.equal(reading.mrz?.valid, true);
    assert.equal(reading.mrzProblem, undefined);
    const confidence = reading.mrz?.fieldConfidence ?? {};
    assert.deepEqual(Object.keys(confidence).sort(), ['birthDate', 'documentCode', 'documentNumber', 'expirationDate', 'issuingState', 'names', 'nationality', 'sex']);
    assert.ok(Object.values(confidence).every((c) => c > 0 && c <= 1), JSON.stringify(confidence));
  });

  it('reads the back of a two-sided scan as TD1, not TD2', async () => {
    const { image, mrz } = await photo('two-sided-700', 2);
    const reading = await engine.read(image);
    assert.equal(reading.mrz?.format, 'TD1');
    assert.deepEqual(reading.mrz?.lines, mrz);
  });
});
