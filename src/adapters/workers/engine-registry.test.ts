import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentReading } from '../document/document.types.js';
import type { MrzNameEvidence } from '../document/mrz-name-evidence.js';
import { withoutLattices } from './engine-registry.js';

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
