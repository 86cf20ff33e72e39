import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDocument, clearlyDifferent, DEFAULT_DOCUMENT_POLICY, judgeMrzFont, specimenMarks, type DocumentPolicy } from './document-checks.js';
import { parseMrzLines } from './mrz.js';
import type { MrzReading } from './mrz.types.js';
import type { FieldCrossCheck } from './printed-fields.js';

// ICAO 9303 Part 4's TD3 specimen (Utopia) and the same zone issued by the Netherlands, check digits intact.
const UTOPIA = parseMrzLines('TD3', [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
])!;
const DUTCH: MrzReading = { ...UTOPIA, issuingState: 'NLD', nationality: 'NLD' };
const MUSTERMANN: MrzReading = { ...DUTCH, surname: 'MUSTERMANN', givenNames: 'ERIKA' };
const INVALID: MrzReading = { ...DUTCH, valid: false };
const OCR_B = { ocrBFit: 0.9, otherFit: 0.82, closestOtherFont: 'Liberation Mono', pitchPx: 9 };
const COURIER = { ocrBFit: 0.83, otherFit: 0.9, closestOtherFont: 'Liberation Mono', pitchPx: 9 };
const TINY_COURIER = { ...COURIER, pitchPx: 3.5 };

const row = (field: FieldCrossCheck['field'], mrz: string, printed: string): FieldCrossCheck => ({ field, status: 'disagree', mrz, printed });
const DEMO: DocumentPolicy = { ...DEFAULT_DOCUMENT_POLICY, allowSpecimenDocuments: true };
const PRINTED_ONLY: DocumentPolicy = { ...DEFAULT_DOCUMENT_POLICY, requireMrz: false };

describe('checkDocument', () => {
  const table: readonly [string, Parameters<typeof checkDocument>[0], DocumentPolicy, string | null, readonly string[]][] = [
    ['a check-valid MRZ in OCR-B that agrees', { mrz: { ...DUTCH, font: OCR_B }, crossCheck: [], lines: ['PASSPORT'] }, DEFAULT_DOCUMENT_POLICY, null, ['DOCUMENT_MRZ_VALID']],
    ['no MRZ at all (a sheet of paper with a name)', { mrz: null, crossCheck: [], lines: ['ANNA MARIA ERIKSSON'] }, DEFAULT_DOCUMENT_POLICY, 'document_not_machine_readable', ['DOCUMENT_NOT_MACHINE_READABLE']],
    ['an MRZ whose check digits fail', { mrz: INVALID, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_not_machine_readable', ['DOCUMENT_NOT_MACHINE_READABLE']],
    ['no MRZ, printed names accepted by the operator', { mrz: null, crossCheck: [], lines: ['DRIVING LICENCE'] }, PRINTED_ONLY, null, ['DOCUMENT_MRZ_NOT_REQUIRED']],
    ['the ICAO specimen (UTO)', { mrz: UTOPIA, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_specimen', ['DOCUMENT_MRZ_VALID', 'DOCUMENT_SPECIMEN']],
    ['the ICAO specimen, specimens allowed (demo)', { mrz: UTOPIA, crossCheck: [], lines: [] }, DEMO, null, ['DOCUMENT_MRZ_VALID', 'DOCUMENT_SPECIMEN']],
    ['a made-up MRZ of Utopia on a sheet, specimens refused', { mrz: { ...UTOPIA, font: COURIER }, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_specimen', ['DOCUMENT_MRZ_VALID', 'DOCUMENT_MRZ_FONT', 'DOCUMENT_SPECIMEN']],
    ['Erika Mustermann', { mrz: MUSTERMANN, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_specimen', ['DOCUMENT_MRZ_VALID', 'DOCUMENT_SPECIMEN']],
    ['SPECIMEN printed across the page', { mrz: DUTCH, crossCheck: [], lines: ['SPECIMEN'] }, DEFAULT_DOCUMENT_POLICY, 'document_specimen', ['DOCUMENT_MRZ_VALID', 'DOCUMENT_SPECIMEN']],
    ['an MRZ typed in Courier', { mrz: { ...DUTCH, font: COURIER }, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_mrz_font', ['DOCUMENT_MRZ_VALID', 'DOCUMENT_MRZ_FONT']],
    ['an MRZ too small to judge its font', { mrz: { ...DUTCH, font: TINY_COURIER }, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, null, ['DOCUMENT_MRZ_VALID']],
    ['a printed surname that is another name', { mrz: DUTCH, crossCheck: [row('surname', 'ERIKSSON', 'LINDGREN')], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_inconsistent', ['DOCUMENT_MRZ_VALID', 'DOCUMENT_INCONSISTENT']],
    ['check digits that verify on a malformed zone', { mrz: { ...DUTCH, valid: false, formProblems: ['MRZ_UNKNOWN_STATE'] }, crossCheck: [], lines: [] }, DEFAULT_DOCUMENT_POLICY, 'document_not_machine_readable', ['DOCUMENT_NOT_MACHINE_READABLE', 'DOCUMENT_MRZ_MALFORMED']],
    ['an MRZ surname with letters doubled by its recogniser (LLOORD, printed LORD)', { mrz: DUTCH, crossCheck: [row('surname', 'LLOORD', 'LORD')], lines: [] }, DEFAULT_DOCUMENT_POLICY, null, ['DOCUMENT_MRZ_VALID']],
    ['a printed surname with one letter misread', { mrz: DUTCH, crossCheck: [row('surname', 'ERIKSSON', 'ERIKKSON')], lines: [] }, DEFAULT_DOCUMENT_POLICY, null, ['DOCUMENT_MRZ_VALID']],
  ];
  for (const [label, input, policy, problem, reasons] of table) {
    it(`${label} -> ${problem ?? 'no problem'}`, () => {
      const checks = checkDocument(input, policy);
      assert.equal(checks.problem, problem);
      assert.deepEqual(checks.reasons, reasons);
    });
  }

  it('names the inconsistent fields and the specimen marks', () => {
    const checks = checkDocument({ mrz: UTOPIA, crossCheck: [row('birthDate', '1974-08-12', '1979-03-12')], lines: ['VOID'] }, DEMO);
    assert.deepEqual(checks.inconsistentFields, ['birthDate']);
    assert.deepEqual(checks.specimenMarks, ['issuing_state UTO', 'nationality UTO', 'printed VOID']);
    assert.equal(checks.problem, 'document_inconsistent');
  });
});

describe('clearlyDifferent', () => {
  const table: readonly [FieldCrossCheck, boolean][] = [
    [row('surname', 'MUELLER', 'SCHMIDT'), true],
    [row('surname', 'ERIKSSON', 'ERIKKSON'), false],
    [row('givenNames', 'ANNA MARIA', 'ANNA MARLA'), false],
    [row('givenNames', 'ANNA MARIA', 'JOHN'), true],
    [row('birthDate', '1974-08-12', '1974-08-13'), false],
    [row('birthDate', '1974-08-12', '1984-08-13'), true],
    [row('expiryDate', '2034-12-31', '2039-12-31'), false],
    [row('expiryDate', '2034-12-31', '2029-01-31'), true],
    [row('documentNumber', 'L898902C3', 'L898902C8'), false],
    [row('documentNumber', 'L898902C3', 'X123456Y7'), true],
    [row('documentNumber', 'L898902C3', 'L898902C3 01'), false],
    [{ field: 'surname', status: 'agree', mrz: 'DOE', printed: 'SMITH' }, false],
    [{ field: 'surname', status: 'absent', mrz: 'DOE', printed: null }, false],
  ];
  for (const [given, expected] of table) {
    it(`${given.field} ${given.status} ${given.mrz} / ${given.printed} -> ${expected}`, () => assert.equal(clearlyDifferent(given), expected));
  }
});

describe('judgeMrzFont', () => {
  const table: readonly [string, Parameters<typeof judgeMrzFont>[0], string][] = [
    ['not located', null, 'unjudged'],
    ['OCR-B', OCR_B, 'ocr_b'],
    ['Courier', COURIER, 'not_ocr_b'],
    ['Courier, too small', TINY_COURIER, 'unjudged'],
    ['an office font better by less than the margin', { ...COURIER, otherFit: COURIER.ocrBFit + DEFAULT_DOCUMENT_POLICY.otherFontMargin / 2 }, 'ocr_b'],
    ['an office font better by more than the margin', { ...COURIER, otherFit: COURIER.ocrBFit + DEFAULT_DOCUMENT_POLICY.otherFontMargin * 1.5 }, 'not_ocr_b'],
  ];
  for (const [label, font, expected] of table) {
    it(`${label} -> ${expected}`, () => assert.equal(judgeMrzFont(font, DEFAULT_DOCUMENT_POLICY), expected));
  }
});

describe('specimenMarks', () => {
  it('ignores specimen words glued to MRZ fillers in the printed lines (the parsed MRZ speaks for them)', () => {
    assert.deepEqual(specimenMarks(null, ['P<NLDSPECIMEN<<VOID<<<<<<']), []);
  });
  it('finds national specimen names in the MRZ', () => {
    assert.deepEqual(specimenMarks({ ...DUTCH, surname: 'SPECIMEN', givenNames: 'SAMPLE' }, []), ['surname SPECIMEN', 'given_names SAMPLE']);
  });
  it('leaves a real name and ordinary print alone', () => {
    assert.deepEqual(specimenMarks(DUTCH, ['KONINKRIJK DER NEDERLANDEN', 'PASPOORT']), []);
  });
});
