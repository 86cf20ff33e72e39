import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentReading } from './document.types.js';
import type { MrzNameEvidence } from './mrz-name-evidence.js';
import { extractMrz } from '../../domain/mrz.js';
import { DEFAULT_NAME_POLICY, matchName, type MrzReread } from '../../domain/name-match.js';
import { documentNames, pageNameEvidence, type MrzRereader } from './page-names.js';

const LINES = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const mrz = extractMrz(LINES, { today: new Date('2026-01-01T00:00:00Z') })!;
/** The rereader only counts its calls; the evidence it would read is never looked at. */
const evidence = { format: 'TD1', text: LINES[2], lattice: { steps: 0, blank: new Float32Array(0), tables: [] }, layoutScore: 0, alternatives: [] } as MrzNameEvidence;
const reading: DocumentReading = { lines: LINES.map((text) => ({ text, confidence: 1, box: { x: 0, y: 0, width: 1, height: 1 } })), mrz, mrzEvidence: evidence };

function counting(result: MrzReread | null): { reread: MrzRereader; calls: () => number } {
  let calls = 0;
  return { reread: () => (calls++, result), calls: () => calls };
}

describe('documentNames', () => {
  it('does not re-read the MRZ when the MRZ name itself decides', () => {
    const { reread, calls } = counting(null);
    const result = matchName('Anna Maria Eriksson', documentNames(reading, 'Anna Maria Eriksson', DEFAULT_NAME_POLICY, reread));
    assert.deepEqual([result.match, result.rule, calls()], [true, 'mrz_exact', 0]);
  });

  it('re-reads once, when the matcher asks for it, however often the re-read is read', () => {
    const supported: MrzReread = { surname: 'ERIKSSEN', givenNames: 'ANNA MARIA', loss: 1.2, spelled: 'ERIKSSEN<<ANNA<MARIA<<<<<<<<<<', read: LINES[2]! };
    const { reread, calls } = counting(supported);
    const names = documentNames(reading, 'Anna Maria Eriksen', DEFAULT_NAME_POLICY, reread);
    assert.equal(calls(), 0);
    assert.equal(names.mrzReread, supported);
    assert.equal(names.mrzReread, supported);
    assert.equal(calls(), 1);
  });

  it('has no re-read without MRZ evidence', () => {
    const { reread, calls } = counting(null);
    const names = documentNames({ ...reading, mrzEvidence: undefined }, 'Anna Maria Eriksson', DEFAULT_NAME_POLICY, reread);
    assert.deepEqual([names.mrzReread, calls()], [null, 0]);
  });
});

describe('pageNameEvidence: the name matched once where the page was read', () => {
  it('returns the decision and plain names, without a re-read when the MRZ decided', () => {
    const { reread, calls } = counting(null);
    const found = pageNameEvidence(reading, 'Anna Maria Eriksson', DEFAULT_NAME_POLICY, reread);
    assert.deepEqual([found.match.match, found.match.rule, calls()], [true, 'mrz_exact', 0]);
    assert.equal('mrzReread' in found.names, false);
    assert.deepEqual(found.names.mrz, { surname: 'ERIKSSON', givenNames: 'ANNA MARIA', truncated: false, valid: true });
    // Plain data: a structured clone (the worker's postMessage) keeps every field.
    assert.deepEqual(structuredClone(found), found);
  });

  it('carries the re-read it computed, so a second matching on the main thread needs no lattice', () => {
    const supported: MrzReread = { surname: 'ERIKSSEN', givenNames: 'ANNA MARIA', loss: 1.2, spelled: 'ERIKSSEN<<ANNA<MARIA<<<<<<<<<<', read: LINES[2]! };
    const { reread, calls } = counting(supported);
    const found = pageNameEvidence(reading, 'Anna Maria Eriksen', DEFAULT_NAME_POLICY, reread);
    assert.equal(calls(), 1);
    assert.deepEqual(found.names.mrzReread, supported);
    assert.deepEqual(matchName('Anna Maria Eriksen', structuredClone(found.names)), found.match);
  });
});

describe('a check-valid MRZ whose names were illegible', () => {
  const illegible: DocumentReading = {
    ...reading,
    mrz: { ...mrz, surname: null, givenNames: null, nameIllegible: true },
    lines: [...reading.lines, ...['SURNAME', 'SPECIMEN', 'GIVEN NAMES', 'ANNA MARIA'].map((text) => ({ text, confidence: 1, box: { x: 0, y: 0, width: 1, height: 1 } }))],
  };
  const far: MrzReread = { surname: 'SPECIMEN', givenNames: 'ANNA MARIA', loss: 40, spelled: 'SPECIMEN<<ANNA<MARIA<<<<<<<<<<', read: LINES[2]! };

  it('is flagged, and the flag crosses the thread with the re-read', () => {
    const found = pageNameEvidence(illegible, 'Anna Maria Specimen', DEFAULT_NAME_POLICY, counting(far).reread);
    assert.equal(found.names.mrzNameIllegible, true);
    assert.deepEqual(found.names.mrzReread, far);
    // The page prints SPECIMEN and ANNA MARIA, but the MRZ image cannot be that name.
    assert.deepEqual([found.match.match, found.match.rule], [false, 'no_match']);
    assert.deepEqual(matchName('Anna Maria Specimen', structuredClone(found.names)), found.match);
  });

  it('is not flagged when the zone is not check-valid', () => {
    const names = documentNames({ ...illegible, mrz: { ...illegible.mrz!, valid: false } }, 'Anna Maria Specimen', DEFAULT_NAME_POLICY, counting(far).reread);
    assert.equal(names.mrzNameIllegible, false);
  });
});
