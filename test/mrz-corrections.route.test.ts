/**
 * details.document.mrz.name_corrections, with a stand-in reader: the name letters the reader corrected from
 * their glyphs are reported one by one, and an uncorrected reading reports none.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { parseMrzLines } from '../src/domain/mrz.js';
import type { MrzReading } from '../src/domain/mrz.types.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';
import { td3Lines } from './support/synthetic-passport.js';

const jpeg = await stubPhoto();
const idJpeg = await stubIdPhoto();
const holder = { surname: 'Mabrouk', givenNames: 'Alaaeldin Ismail', documentNumber: 'A00051376', birthDate: '600220', expiryDate: '350315', sex: 'M' as const, nationality: 'UTO' };
const parsed = parseMrzLines('TD3', td3Lines(holder));

async function post(mrz: MrzReading): Promise<{ status: number; body: { details: { name: { rule: string }; document: { mrz: { name_corrections: unknown } } } } }> {
  const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', ALLOW_SPECIMEN_DOCUMENTS: 'true' }), engines: stubEngines({ mrz, documentText: 'PASSPORT' }) });
  try {
    const res = await app.inject({ method: 'POST', url: '/verify', ...verifyForm(jpeg, idJpeg, 'Alaaeldin Ismail Mabrouk') });
    return { status: res.statusCode, body: res.json() };
  } finally {
    await app.close();
  }
}

describe('POST /verify details.document.mrz.name_corrections', () => {
  test('lists each corrected letter with its line, position, what was read and what it became', async () => {
    assert.ok(parsed?.valid);
    const corrections = [
      { line: 0, position: 5, read: 'N', corrected: 'M' },
      { line: 0, position: 26, read: 'H', corrected: 'M' },
    ];
    const { status, body } = await post({ ...parsed, nameCorrections: corrections });
    assert.equal(status, 200, JSON.stringify(body.details));
    assert.equal(body.details.name.rule, 'mrz_exact');
    assert.deepEqual(body.details.document.mrz.name_corrections, corrections);
  });

  test('is empty when nothing was corrected', async () => {
    assert.ok(parsed);
    const { body } = await post(parsed);
    assert.deepEqual(body.details.document.mrz.name_corrections, []);
  });
});
