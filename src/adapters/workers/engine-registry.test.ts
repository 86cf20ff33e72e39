import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentReading } from '../document/document.types.js';
import type { MrzNameEvidence } from '../document/mrz-name-evidence.js';
import { withoutLattices } from './engine-registry.js';
import { WORKER_YOUNG_GENERATION_MB, workerOptions } from './engine-pool.js';
import type { WorkerInit } from './protocol.js';

describe('withoutLattices: what a document worker posts back', () => {
  it('drops the MRZ name line lattice and keeps the name decided from it', () => {
    const lattice = { format: 'TD3', text: 'P<UTO', lattice: { steps: 1, blank: new Float32Array(1), tables: [] }, layoutScore: 0, alternatives: [] } as unknown as MrzNameEvidence;
    const name = { match: { match: true, score: 1, rule: 'mrz_exact', matchedText: 'DOE, JANE', source: 'mrz', explanation: 'x' }, names: { mrz: null, lines: ['JANE DOE'] } } as const;
    const reading: DocumentReading = { lines: [], mrz: null, mrzEvidence: lattice, name };
    const posted = withoutLattices(reading);
    assert.equal('mrzEvidence' in posted, false);
    assert.deepEqual(posted, { lines: [], mrz: null, name });
  });
});

describe('workerOptions: how an engine worker thread starts', () => {
  const cases: WorkerInit[] = [{ kind: 'face' }, { kind: 'document', threads: 2 }];
  for (const init of cases) {
    it(`${JSON.stringify(init)} is passed as workerData, with a small young generation`, () => {
      const options = workerOptions(init);
      assert.deepEqual(options.workerData, init);
      assert.equal(options.resourceLimits.maxYoungGenerationSizeMb, WORKER_YOUNG_GENERATION_MB);
      assert.ok(WORKER_YOUNG_GENERATION_MB < 48, "below Node's default young generation");
    });
  }
});
