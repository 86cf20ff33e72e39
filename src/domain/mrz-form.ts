/**
 * Whether an MRZ reading is well formed, beyond its check digits. A check digit passes by chance one time in
 * ten, so a garbage line (a row read a character off, a printed line taken for the zone) can pass every one;
 * what the layout fixes cannot be passed by chance so easily: letters and digits where ICAO 9303 puts them,
 * real calendar dates in a plausible order, and state codes that exist. Pure: mrz.ts calls it for every
 * reading and counts a reading valid only when its digits verify and this finds nothing.
 */
import { ICAO_STATE_CODES, WITHDRAWN_STATE_CODES } from './icao-codes.js';

export type MrzFormProblem =
  /** A position holds a character its field cannot (a digit in a state code, a letter in a date). */
  | 'MRZ_CHARACTER_CLASS'
  /** A date field is not a calendar date (month 13, 31 April). */
  | 'MRZ_DATE_INVALID'
  /** The birth date is after today. */
  | 'MRZ_BIRTH_IN_FUTURE'
  /** The expiry date is not after the birth date, or further ahead than any document is issued for. */
  | 'MRZ_EXPIRY_IMPLAUSIBLE'
  /** The issuing state or the nationality is no ICAO 9303 code (icao-codes.ts). */
  | 'MRZ_UNKNOWN_STATE';

/** The raw fields the rules read, as they stand in the zone (dates YYMMDD, codes padded with `<`). */
export interface MrzFormFields {
  /** One class string per line (mrz.ts `mrzCharClasses`): A letter, a letter or <, 9 digit, c digit or <, s sex, x any. */
  readonly classes: readonly string[];
  readonly lines: readonly string[];
  /** ISO dates as mrz.ts resolved their century; null when the field held no calendar date. */
  readonly birthDate: string | null;
  readonly expirationDate: string | null;
  /** The raw YYMMDD fields; expiry null when the format has none (the old French card). */
  readonly rawBirthDate: string;
  readonly rawExpirationDate: string | null;
  readonly issuingState: string;
  /** Null when the format has no nationality field. */
  readonly nationality: string | null;
  /** Where the nationality stands (line, first position), to let a national numeric code through. */
  readonly nationalityAt: { readonly line: number; readonly start: number } | null;
}

/** Passports run 10 years and identity cards up to 15; 20 leaves room for the longest issued anywhere. */
export const MAX_VALIDITY_YEARS = 20;

const CLASS_TEST: Readonly<Record<string, RegExp>> = Object.freeze({
  A: /^[A-Z]$/,
  a: /^[A-Z<]$/,
  9: /^[0-9]$/,
  c: /^[0-9<]$/,
  s: /^[MFX<]$/,
  x: /^[A-Z0-9<]$/,
});

function charactersFit(classes: readonly string[], lines: readonly string[], numericNationality: MrzFormFields['nationalityAt']): boolean {
  const classAt = (li: number, i: number): string => {
    const numeric = numericNationality !== null && li === numericNationality.line && i >= numericNationality.start && i < numericNationality.start + 3;
    return numeric ? '9' : classes[li]?.charAt(i) ?? 'x';
  };
  return lines.every((line, li) => [...line].every((ch, i) => CLASS_TEST[classAt(li, i)]?.test(ch) ?? false));
}

/**
 * Some national layouts write the nationality as three digits where ICAO has a state code (the Romanian
 * identity card's 132 on specimens; mrz-lattice.ts reads such a field as digits). The issuing state never is.
 */
const NATIONAL_NUMERIC_CODE = /^[0-9]{3}$/;

/**
 * A YYMMDD field that is a date on some calendar year. 29 February passes in any year: specimens print it
 * on non-leap years, and the century (so the leap year) is a guess for two-digit years anyway.
 */
function calendarDate(yymmdd: string): boolean {
  const m = /^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$/.exec(yymmdd);
  if (!m) return false;
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(m[1]) - 1] ?? 0;
  return Number(m[2]) <= days;
}

function addYears(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}

/**
 * A known three-letter code (a withdrawn one too), or a one- or two-letter code padded with `<`: ICAO lets a state use a shorter code
 * (D<< for Germany) and older cards still carry their two-letter one (SI< on Slovenian cards before 2008).
 */
function plausibleState(code: string): boolean {
  return ICAO_STATE_CODES.has(code) || WITHDRAWN_STATE_CODES.has(code) || /^[A-Z]{2}<$|^[A-Z]<<$/.test(code);
}

/** What is wrong with the form of a reading; empty when it is well formed. */
export function mrzFormProblems(fields: MrzFormFields, today: Date): MrzFormProblem[] {
  const problems: MrzFormProblem[] = [];
  const numeric = fields.nationality !== null && NATIONAL_NUMERIC_CODE.test(fields.nationality);
  if (!charactersFit(fields.classes, fields.lines, numeric ? fields.nationalityAt : null)) problems.push('MRZ_CHARACTER_CLASS');
  const raws = [fields.rawBirthDate, ...(fields.rawExpirationDate === null ? [] : [fields.rawExpirationDate])];
  if (!raws.every(calendarDate)) problems.push('MRZ_DATE_INVALID');
  const now = today.toISOString().slice(0, 10);
  if (fields.birthDate !== null && fields.birthDate > now) problems.push('MRZ_BIRTH_IN_FUTURE');
  const expiry = fields.expirationDate;
  if (expiry !== null && ((fields.birthDate !== null && expiry <= fields.birthDate) || expiry > addYears(now, MAX_VALIDITY_YEARS))) {
    problems.push('MRZ_EXPIRY_IMPLAUSIBLE');
  }
  // Some identity cards leave the nationality empty (Macao's); a code may never be.
  const nationality = fields.nationality === null || fields.nationality === '<<<' || numeric ? [] : [fields.nationality];
  if (![fields.issuingState, ...nationality].every(plausibleState)) problems.push('MRZ_UNKNOWN_STATE');
  return problems;
}
