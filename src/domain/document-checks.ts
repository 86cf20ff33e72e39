/**
 * Whether a document reading is evidence enough for a Verified answer. A face and a typed name matched against
 * a sheet of paper prove nothing: by default Verified needs a check-valid MRZ, printed in OCR-B where its glyphs
 * can be judged, whose fields agree with the printed zone where that was read, on a document that is not a
 * specimen. Pure: the engine measures, this decides.
 */
import { levenshtein } from './edit-distance.js';
import { ocrSplitOf } from './mrz-agreement.js';
import type { MrzFont, MrzReading } from './mrz.types.js';
import type { FieldCrossCheck, FieldName } from './printed-fields.js';
import { foldPlain } from './text-normalise.js';

export interface DocumentPolicy {
  /** Verified needs a check-valid MRZ (REQUIRE_MRZ); off, printed-name documents such as driving licences pass. */
  readonly requireMrz: boolean;
  /** Specimen documents (state UTO, SPECIMEN names, VOID) may be Verified (ALLOW_SPECIMEN_DOCUMENTS): demos and tests. */
  readonly allowSpecimenDocuments: boolean;
  /**
   * An MRZ whose cells fit an office monospace font better than OCR-B by this much (mean correlation), at a
   * pitch that can be judged, is not printed in OCR-B.
   */
  readonly otherFontMargin: number;
  /** Narrowest character pitch, in image pixels, at which the font is judged at all. */
  readonly minJudgedPitchPx: number;
}

/**
 * The font limits come from `npm run bench:mrz-font` (specimens are tuning data): an office font fits the
 * cells of check-valid specimen MRZs at most 0.005 better than OCR-B (median 0.04 worse), of synthetic OCR-B
 * cards 0.036 worse or more, and of synthetic cards whose MRZ is typed in Courier (Liberation Mono) at its own
 * pitch 0.10-0.14 better. Under 5 px a character the cells are too coarse to tell fonts apart.
 */
export const DEFAULT_DOCUMENT_POLICY: DocumentPolicy = Object.freeze({
  requireMrz: true,
  allowSpecimenDocuments: false,
  otherFontMargin: 0.05,
  minJudgedPitchPx: 5,
});

export type DocumentProblem = 'document_specimen' | 'document_not_machine_readable' | 'document_mrz_font' | 'document_inconsistent';

export type DocumentReasonCode =
  | 'DOCUMENT_MRZ_VALID'
  | 'DOCUMENT_NOT_MACHINE_READABLE'
  /** The MRZ's check digits verify but its form does not (mrz-form.ts): it is not counted as valid. */
  | 'DOCUMENT_MRZ_MALFORMED'
  /** Front and back of the card clearly differ on a field (document-sides.ts): two documents, or a misread side. */
  | 'DOCUMENT_SIDES_DISAGREE'
  | 'DOCUMENT_MRZ_NOT_REQUIRED'
  | 'DOCUMENT_MRZ_FONT'
  | 'DOCUMENT_INCONSISTENT'
  | 'DOCUMENT_SPECIMEN';

export type FontJudgement = 'ocr_b' | 'not_ocr_b' | 'unjudged';

export interface DocumentChecks {
  /** A check-valid MRZ was read. */
  readonly machineReadable: boolean;
  /** What marks the document as a specimen (`issuing_state UTO`, `surname MUSTERMANN`, `printed SPECIMEN`); empty when nothing. */
  readonly specimenMarks: readonly string[];
  /** Fields whose MRZ and printed values are both read and clearly different. */
  readonly inconsistentFields: readonly FieldName[];
  readonly font: FontJudgement;
  /** The problem that keeps the answer from Verified under the policy, or null. */
  readonly problem: DocumentProblem | null;
  /** Every finding, whether or not the policy lets it block. */
  readonly reasons: readonly DocumentReasonCode[];
}

export interface DocumentCheckInput {
  readonly mrz: MrzReading | null;
  readonly crossCheck: readonly FieldCrossCheck[];
  /** Every text line read from the page. */
  readonly lines: readonly string[];
  /** With the back of the card sent too: fields on which the two sides clearly differ (document-sides.ts). */
  readonly sidesDisagree?: readonly FieldName[];
}

/** OCR-B or not, from the zone's glyph fit; `unjudged` when the zone was not located or is too small. */
export function judgeMrzFont(font: MrzFont | null, policy: DocumentPolicy): FontJudgement {
  if (font === null || font.pitchPx < policy.minJudgedPitchPx) return 'unjudged';
  return font.otherFit - font.ocrBFit >= policy.otherFontMargin ? 'not_ocr_b' : 'ocr_b';
}

/** Names the ICAO and national specimens are issued in (ICAO 9303's Utopia, Germany's Mustermann...). */
const SPECIMEN_NAMES = new Set(['SPECIMEN', 'SPECIMENS', 'SPECIMENE', 'ESPECIMEN', 'ESPECIME', 'MUSTERMANN', 'MUSTERFRAU', 'SAMPLE', 'MUESTRA', 'VOID']);
/** Words printed across specimens: those names, and MUSTER, as whole words of a printed line. */
const SPECIMEN_PRINT = new RegExp(`\\b(${[...SPECIMEN_NAMES, 'MUSTER'].join('|')})\\b`);
/** Utopia, the fictitious state of ICAO 9303's specimens. */
const SPECIMEN_STATE = 'UTO';

/** What marks the document as a specimen, if anything. */
export function specimenMarks(mrz: MrzReading | null, lines: readonly string[]): string[] {
  const marks: string[] = [];
  if (mrz?.issuingState === SPECIMEN_STATE) marks.push(`issuing_state ${SPECIMEN_STATE}`);
  if (mrz?.nationality === SPECIMEN_STATE) marks.push(`nationality ${SPECIMEN_STATE}`);
  for (const [field, value] of [['surname', mrz?.surname], ['given_names', mrz?.givenNames]] as const) {
    const word = (value ?? '').split(/[^A-Z]+/).find((w) => SPECIMEN_NAMES.has(w));
    if (word !== undefined) marks.push(`${field} ${word}`);
  }
  for (const line of lines) {
    // MRZ rows are judged through the parsed MRZ above: their fillers glue words together.
    if (line.includes('<<')) continue;
    const word = SPECIMEN_PRINT.exec(foldPlain(line))?.[1];
    if (word !== undefined && !marks.includes(`printed ${word}`)) marks.push(`printed ${word}`);
  }
  return marks;
}

const letters = (text: string): string => foldPlain(text).replace(/[^A-Z0-9]/g, '');

/**
 * Both zones read, and different beyond what reading one of them wrong explains. The cross-check already
 * folds spelling (MULLER and MUELLER agree) and print look-alikes; what is left may still be one misread
 * character of the printed zone (no check digit guards it), so a name is inconsistent only when a quarter of
 * its letters differ, a date when two of its digits do, a number when two characters do.
 */
export function clearlyDifferent(row: FieldCrossCheck): boolean {
  if (row.status !== 'disagree' || row.mrz === null || row.printed === null) return false;
  const mrz = letters(row.mrz);
  const printed = letters(row.printed);
  const distance = levenshtein(mrz, printed);
  switch (row.field) {
    case 'surname':
    case 'givenNames':
      // An MRZ recogniser that doubled or split a letter (LLOORD for LORD) misread the zone, not the name.
      if (ocrSplitOf(mrz, printed)) return false;
      return distance / Math.max(mrz.length, printed.length, 1) > 0.25;
    case 'birthDate':
    case 'expiryDate':
      return distance >= 2;
    case 'documentNumber':
      // Print may carry more of the number than the MRZ field holds (a visa's number, extra digits).
      return distance >= 2 && !printed.includes(mrz.replace(/<+$/, ''));
  }
}

/** Every finding about the document, and the one that blocks Verified under the policy. */
export function checkDocument(input: DocumentCheckInput, policy: DocumentPolicy): DocumentChecks {
  const machineReadable = input.mrz?.valid === true;
  const specimen = specimenMarks(input.mrz, input.lines);
  const sides = input.sidesDisagree ?? [];
  const fromZones = machineReadable ? input.crossCheck.filter(clearlyDifferent).map((row) => row.field) : [];
  const inconsistentFields = [...new Set([...fromZones, ...sides])];
  const font = machineReadable ? judgeMrzFont(input.mrz?.font ?? null, policy) : 'unjudged';
  const reasons: DocumentReasonCode[] = [];
  if (machineReadable) reasons.push('DOCUMENT_MRZ_VALID');
  else reasons.push(policy.requireMrz ? 'DOCUMENT_NOT_MACHINE_READABLE' : 'DOCUMENT_MRZ_NOT_REQUIRED');
  if (input.mrz?.formProblems !== undefined && input.mrz.checks.every((c) => c.valid)) reasons.push('DOCUMENT_MRZ_MALFORMED');
  if (font === 'not_ocr_b') reasons.push('DOCUMENT_MRZ_FONT');
  if (inconsistentFields.length > 0) reasons.push('DOCUMENT_INCONSISTENT');
  if (sides.length > 0) reasons.push('DOCUMENT_SIDES_DISAGREE');
  if (specimen.length > 0) reasons.push('DOCUMENT_SPECIMEN');
  let problem: DocumentProblem | null = null;
  if (specimen.length > 0 && !policy.allowSpecimenDocuments) problem = 'document_specimen';
  else if (!machineReadable && policy.requireMrz) problem = 'document_not_machine_readable';
  else if (font === 'not_ocr_b') problem = 'document_mrz_font';
  else if (inconsistentFields.length > 0) problem = 'document_inconsistent';
  return { machineReadable, specimenMarks: specimen, inconsistentFields, font, problem, reasons };
}
