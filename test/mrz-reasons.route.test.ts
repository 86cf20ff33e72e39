/**
 * details.document.mrz_problem and details.document.mrz.field_confidence, with a stand-in reader: why no
 * check-valid MRZ was read reaches the response, and so does the recogniser's confidence in each MRZ field.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { MrzProblem, MrzReading } from '../src/adapters/document/document.types.js';
import { JANE_DOE_MRZ, stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

const jpeg = await stubPhoto();
const idJpeg = await stubIdPhoto();

interface Body {
  message: string;
  details: { verdict: string; document: { mrz_problem: string | null; mrz: { field_confidence: Record<string, number> | null } | null } };
}

async function post(options: { mrz: MrzReading | null; mrzProblem?: MrzProblem }): Promise<{ status: number; body: Body }> {
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', ALLOW_SPECIMEN_DOCUMENTS: 'true' }),
    engines: stubEngines({ ...options, documentText: 'JANE DOE' }),
  });
  try {
    const res = await app.inject({ method: 'POST', url: '/verify', ...verifyForm(jpeg, idJpeg, 'Jane Doe') });
    return { status: res.statusCode, body: res.json() };
  } finally {
    await app.close();
  }
}

describe('POST /verify details.document.mrz_problem', () => {
  for (const problem of ['MRZ_NOT_FOUND', 'MRZ_GLARE', 'MRZ_TOO_SMALL'] as const) {
    test(`reports ${problem} when the reader gives it, with the not-machine-readable refusal`, async () => {
      const { status, body } = await post({ mrz: null, mrzProblem: problem });
      assert.equal(status, 401);
      assert.equal(body.details.verdict, 'document_not_machine_readable');
      assert.equal(body.details.document.mrz_problem, problem);
      assert.equal(body.details.document.mrz, null);
    });
  }

  test('is null when a check-valid MRZ was read', async () => {
    const { status, body } = await post({ mrz: JANE_DOE_MRZ });
    assert.equal(status, 200, JSON.stringify(body.details));
    assert.equal(body.details.document.mrz_problem, null);
  });
});

describe('POST /verify details.document.mrz.field_confidence', () => {
  test('gives each field the reader scored, in response names, rounded to 3 decimals', async () => {
    const fieldConfidence = { documentNumber: 0.99912, birthDate: 0.97, names: 0.4, nationality: 1 };
    const { status, body } = await post({ mrz: { ...JANE_DOE_MRZ, fieldConfidence } });
    assert.equal(status, 200, JSON.stringify(body.details));
    assert.deepEqual(body.details.document.mrz?.field_confidence, { document_number: 0.999, birth_date: 0.97, names: 0.4, nationality: 1 });
  });

  test('is null for an MRZ parsed from plain text lines (no recogniser probabilities)', async () => {
    const { body } = await post({ mrz: JANE_DOE_MRZ });
    assert.equal(body.details.document.mrz?.field_confidence, null);
  });
});
