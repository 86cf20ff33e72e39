import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractMrz, mrzCharClasses } from './mrz.js';
import { mrzFormProblems, type MrzFormFields, type MrzFormProblem } from './mrz-form.js';

const TODAY = new Date('2026-12-07T00:00:00Z');
// ICAO 9303-4 appendix specimen (Anna Maria Eriksson), every check digit valid.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;

const BASE: MrzFormFields = {
  classes: mrzCharClasses('TD3'),
  lines: TD3,
  birthDate: '1974-08-12',
  expirationDate: '2012-04-15',
  rawBirthDate: '740812',
  rawExpirationDate: '120415',
  issuingState: 'UTO',
  nationality: 'UTO',
  nationalityAt: { line: 1, start: 10 },
};

const ROWS: readonly (readonly [why: string, change: Partial<MrzFormFields>, problems: readonly MrzFormProblem[]])[] = [
  ['the ICAO specimen is well formed', {}, []],
  ['a digit in the issuing state', { lines: ['P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', TD3[1]], issuingState: 'UT0' }, ['MRZ_CHARACTER_CLASS', 'MRZ_UNKNOWN_STATE']],
  ['a letter in the birth date', { lines: [TD3[0], 'L898902C36UTO74O8122F1204159ZE184226B<<<<<10'] }, ['MRZ_CHARACTER_CLASS']],
  ['a sex that is not M, F, X or <', { lines: [TD3[0], 'L898902C36UTO7408122Q1204159ZE184226B<<<<<10'] }, ['MRZ_CHARACTER_CLASS']],
  ['month 13', { rawBirthDate: '741312', birthDate: null }, ['MRZ_DATE_INVALID']],
  ['31 April', { rawExpirationDate: '120431', expirationDate: null }, ['MRZ_DATE_INVALID']],
  ['29 February of a non-leap year passes (specimens print it)', { rawBirthDate: '750229', birthDate: null }, []],
  ['30 February', { rawBirthDate: '750230', birthDate: null }, ['MRZ_DATE_INVALID']],
  ['born after today (and so after the expiry too)', { rawBirthDate: '261231', birthDate: '2026-12-31' }, ['MRZ_BIRTH_IN_FUTURE', 'MRZ_EXPIRY_IMPLAUSIBLE']],
  ['expiring before birth', { rawExpirationDate: '700101', expirationDate: '1970-01-01' }, ['MRZ_EXPIRY_IMPLAUSIBLE']],
  ['expiring in 30 years', { rawExpirationDate: '561201', expirationDate: '2056-12-01' }, ['MRZ_EXPIRY_IMPLAUSIBLE']],
  ['expiring in 19 years', { rawExpirationDate: '451201', expirationDate: '2045-12-01' }, []],
  ['long expired is still well formed (the decision says expired)', { rawExpirationDate: '991231', expirationDate: '1999-12-31' }, []],
  ['an unknown issuing state', { issuingState: 'OAN' }, ['MRZ_UNKNOWN_STATE']],
  ['an unknown nationality', { nationality: 'ZZZ' }, ['MRZ_UNKNOWN_STATE']],
  ['no nationality given (Macao cards)', { nationality: '<<<' }, []],
  ['a short code padded (Germany D<<, old Slovenian SI<)', { issuingState: 'D<<', nationality: 'SI<' }, []],
  ['a withdrawn code on an old specimen', { issuingState: 'BDR', nationality: 'BDR' }, []],
  ['a format without nationality or expiry', { nationality: null, rawExpirationDate: null, expirationDate: null, nationalityAt: null }, []],
  ['a national numeric nationality (the old Romanian card)', { lines: [TD3[0], 'L898902C36132' + TD3[1].slice(13)], nationality: '132' }, []],
  ['a numeric issuing state', { lines: ['P<123ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', TD3[1]], issuingState: '123' }, ['MRZ_CHARACTER_CLASS', 'MRZ_UNKNOWN_STATE']],
  ['digits and letters mixed in the nationality', { lines: [TD3[0], 'L898902C36U1O' + TD3[1].slice(13)], nationality: 'U1O' }, ['MRZ_CHARACTER_CLASS', 'MRZ_UNKNOWN_STATE']],
];

describe('mrzFormProblems: a check-valid reading must also be well formed', () => {
  for (const [why, change, problems] of ROWS) {
    it(`${why} -> ${problems.join(', ') || 'none'}`, () => assert.deepEqual(mrzFormProblems({ ...BASE, ...change }, TODAY), problems));
  }

  it('makes extractMrz report a check-valid but ill-formed zone invalid, saying why', () => {
    // Nationality ZZZ: no check digit covers it, so every digit still verifies.
    const reading = extractMrz([TD3[0], TD3[1].replace('UTO7408', 'ZZZ7408')], { today: TODAY });
    assert.ok(reading?.checks.every((c) => c.valid));
    assert.equal(reading?.valid, false);
    assert.deepEqual(reading?.formProblems, ['MRZ_UNKNOWN_STATE']);
    const good = extractMrz([...TD3], { today: TODAY });
    assert.equal(good?.valid, true);
    assert.equal(good?.formProblems, undefined);
  });
});
