import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type DecisionInput, type Verdict } from './decide.js';
import type { DocumentProblem } from './document-checks.js';

const FAIL_EXPIRED = { failExpiredDocuments: true };
const ALLOW_EXPIRED = { failExpiredDocuments: false };

const input = (similarity: number, nameMatch: boolean, documentExpired: boolean | null, problem: DocumentProblem | null = null): DecisionInput => ({
  face: { similarity, threshold: 0.5 },
  name: { match: nameMatch },
  documentExpired,
  document: { problem, reasons: problem === null ? ['DOCUMENT_MRZ_VALID'] : ['DOCUMENT_NOT_MACHINE_READABLE'] },
});

const cases: [string, DecisionInput, typeof FAIL_EXPIRED, Verdict, boolean, boolean][] = [
  ['both match', input(0.8, true, false), FAIL_EXPIRED, 'verified', true, true],
  ['similarity exactly at threshold matches', input(0.5, true, false), FAIL_EXPIRED, 'verified', true, true],
  ['face below threshold', input(0.49, true, false), FAIL_EXPIRED, 'face_mismatch', false, true],
  ['name mismatch', input(0.9, false, false), FAIL_EXPIRED, 'name_mismatch', true, false],
  ['both fail: face decides the headline, name still reported', input(0.1, false, false), FAIL_EXPIRED, 'face_mismatch', false, false],
  ['expired fails by default', input(0.9, true, true), FAIL_EXPIRED, 'document_expired', true, true],
  ['expired allowed by policy', input(0.9, true, true), ALLOW_EXPIRED, 'verified', true, true],
  ['unknown expiry does not fail', input(0.9, true, null), FAIL_EXPIRED, 'verified', true, true],
  ['name mismatch outranks expiry', input(0.9, false, true), FAIL_EXPIRED, 'name_mismatch', true, false],
  ['no check-valid MRZ: not Verified', input(0.9, true, false, 'document_not_machine_readable'), FAIL_EXPIRED, 'document_not_machine_readable', true, true],
  ['a specimen: not Verified', input(0.9, true, false, 'document_specimen'), FAIL_EXPIRED, 'document_specimen', true, true],
  ['an MRZ not in OCR-B: not Verified', input(0.9, true, false, 'document_mrz_font'), FAIL_EXPIRED, 'document_mrz_font', true, true],
  ['zones that disagree: not Verified', input(0.9, true, false, 'document_inconsistent'), FAIL_EXPIRED, 'document_inconsistent', true, true],
  ['a document problem outranks expiry', input(0.9, true, true, 'document_inconsistent'), FAIL_EXPIRED, 'document_inconsistent', true, true],
  ['face mismatch outranks a document problem', input(0.1, true, false, 'document_specimen'), FAIL_EXPIRED, 'face_mismatch', false, true],
  ['name mismatch outranks a document problem', input(0.9, false, false, 'document_specimen'), FAIL_EXPIRED, 'name_mismatch', true, false],
];

for (const [label, given, policy, verdict, faceMatch, nameMatch] of cases) {
  test(`decide: ${label}`, () => {
    const decision = decide(given, policy);
    assert.equal(decision.verdict, verdict);
    assert.equal(decision.faceMatch, faceMatch);
    assert.equal(decision.nameMatch, nameMatch);
  });
}

test('decide: reasons list every check and the expiry state', () => {
  assert.deepEqual(decide(input(0.1, false, true), FAIL_EXPIRED).reasons, ['FACE_MISMATCH', 'NAME_MISMATCH', 'DOCUMENT_MRZ_VALID', 'DOCUMENT_EXPIRED']);
  assert.deepEqual(decide(input(0.9, true, null), FAIL_EXPIRED).reasons, ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'DOCUMENT_EXPIRY_UNKNOWN']);
});

const attack = (selfieIsDocumentPhoto: boolean, selfieShowsDocument: boolean, similarity = 0.999, nameMatch = true): DecisionInput =>
  ({ ...input(similarity, nameMatch, false), presentation: { selfieIsDocumentPhoto, selfieShowsDocument } });

const replay = (blocks: boolean): DecisionInput =>
  ({ ...input(0.9, true, false), presentation: { selfieIsDocumentPhoto: false, selfieShowsDocument: false, replay: { reasons: ['PRESENTATION_PIXEL_GRID'], blocks } } });

const presentationCases: [string, DecisionInput, Verdict, readonly string[]][] = [
  ['no attack found: verified as before', attack(false, false, 0.9), 'verified', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID']],
  ['selfie is the document photo', attack(true, false), 'presentation_attack', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'SELFIE_IS_DOCUMENT_PHOTO']],
  ['selfie shows a document', attack(false, true, 0.6), 'presentation_attack', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'SELFIE_SHOWS_DOCUMENT']],
  ['both signs are reported', attack(true, true), 'presentation_attack', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'SELFIE_IS_DOCUMENT_PHOTO', 'SELFIE_SHOWS_DOCUMENT']],
  ['an attack outranks a face mismatch', attack(false, true, 0.1), 'presentation_attack', ['FACE_MISMATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'SELFIE_SHOWS_DOCUMENT']],
  ['an attack outranks a name mismatch', attack(true, false, 1, false), 'presentation_attack', ['FACE_MATCH', 'NAME_MISMATCH', 'DOCUMENT_MRZ_VALID', 'SELFIE_IS_DOCUMENT_PHOTO']],
  ['a replay that blocks (REPLAY_ACTION=block)', replay(true), 'presentation_attack', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'PRESENTATION_REPLAY', 'PRESENTATION_PIXEL_GRID']],
  ['a replay only reported (REPLAY_ACTION=report)', replay(false), 'verified', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'PRESENTATION_REPLAY', 'PRESENTATION_PIXEL_GRID']],
  ['a replay outranks a document problem', { ...replay(true), document: { problem: 'document_specimen', reasons: ['DOCUMENT_MRZ_VALID', 'DOCUMENT_SPECIMEN'] } }, 'presentation_attack', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'DOCUMENT_SPECIMEN', 'PRESENTATION_REPLAY', 'PRESENTATION_PIXEL_GRID']],
];

for (const [label, given, verdict, reasons] of presentationCases) {
  test(`decide: ${label}`, () => {
    const decision = decide(given, FAIL_EXPIRED);
    assert.equal(decision.verdict, verdict);
    assert.deepEqual(decision.reasons, reasons);
  });
}

const live = (passed: boolean, similarity = 0.9): DecisionInput =>
  ({ ...input(similarity, true, false), liveness: { passed, reasons: passed ? [] : ['LIVENESS_FLAT_MOTION'] } });

const livenessCases: [string, DecisionInput, Verdict, readonly string[]][] = [
  ['liveness passed', live(true), 'verified', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'LIVENESS_PASSED']],
  ['liveness failed refuses a match', live(false), 'liveness_failed', ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'LIVENESS_FAILED', 'LIVENESS_FLAT_MOTION']],
  ['liveness failure outranks a face mismatch', live(false, 0.1), 'liveness_failed', ['FACE_MISMATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'LIVENESS_FAILED', 'LIVENESS_FLAT_MOTION']],
  ['a document photo as selfie outranks a liveness failure', { ...live(false), presentation: { selfieIsDocumentPhoto: true, selfieShowsDocument: false } }, 'presentation_attack',
    ['FACE_MATCH', 'NAME_MATCH', 'DOCUMENT_MRZ_VALID', 'SELFIE_IS_DOCUMENT_PHOTO', 'LIVENESS_FAILED', 'LIVENESS_FLAT_MOTION']],
];

for (const [label, given, verdict, reasons] of livenessCases) {
  test(`decide: ${label}`, () => {
    const decision = decide(given, FAIL_EXPIRED);
    assert.equal(decision.verdict, verdict);
    assert.deepEqual(decision.reasons, reasons);
  });
}
