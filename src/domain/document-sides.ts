/**
 * An identity card read from both sides: the MRZ is taken from whichever side carries it, the printed fields
 * from both (the front's first), and what the two sides say about the holder is compared, so that the front of
 * one card sent with the back of another is caught. Pure: the engine reads each side, this combines.
 */
import { clearlyDifferent } from './document-checks.js';
import type { MrzReading } from './mrz.types.js';
import { mrzNames } from './mrz.js';
import {
  crossCheckMrz, documentTypeOf, readPrintedFields, type DocumentEvidence, type FieldCrossCheck, type FieldName, type PrintedFields, type PrintedLine,
} from './printed-fields.js';

export type Side = 'front' | 'back';

export interface SideReading {
  readonly mrz: MrzReading | null;
  /** The side's lines; boxes only in that side's own frame (never compared across images). */
  readonly lines: readonly PrintedLine[];
}

export interface SidesEvidence {
  /** The side whose MRZ is the document's, or null when neither carries one. */
  readonly mrzSide: Side | null;
  readonly mrz: MrzReading | null;
  /** Type, issuer, printed fields of both sides and their cross-check against the MRZ. */
  readonly evidence: DocumentEvidence;
  /**
   * The other side against the MRZ side: its printed fields against the MRZ, and where both sides carry an MRZ,
   * the two zones field by field. Empty when no MRZ was read.
   */
  readonly betweenSides: readonly FieldCrossCheck[];
  /** Fields on which the sides clearly differ (document-checks.ts `clearlyDifferent`). */
  readonly disagreeing: readonly FieldName[];
}

/** A check-valid zone first; else the one with more verified check digits; the front on a tie. */
function mrzSideOf(front: MrzReading | null, back: MrzReading | null): Side | null {
  if (!front || !back) return front ? 'front' : back ? 'back' : null;
  if (front.valid !== back.valid) return front.valid ? 'front' : 'back';
  const verified = (m: MrzReading): number => m.checks.filter((c) => c.valid).length;
  return verified(back) > verified(front) ? 'back' : 'front';
}

/** Field by field, the front's printed value where it was read, else the back's. */
function mergePrinted(front: PrintedFields, back: PrintedFields): PrintedFields {
  return {
    surname: front.surname ?? back.surname,
    givenNames: front.givenNames ?? back.givenNames,
    fullName: front.fullName ?? back.fullName,
    birthDate: front.birthDate ?? back.birthDate,
    expiryDate: front.expiryDate ?? back.expiryDate,
    documentNumber: front.documentNumber ?? back.documentNumber,
  };
}

/** Two zones of one document agree on every field they share; where they do not, the row says disagree. */
function mrzAgainstMrz(a: MrzReading, b: MrzReading): FieldCrossCheck[] {
  const rows: [FieldName, string | null, string | null][] = [
    ['surname', a.surname, b.surname],
    ['givenNames', a.givenNames, b.givenNames],
    ['birthDate', a.birthDate, b.birthDate],
    ['expiryDate', a.expirationDate, b.expirationDate],
    ['documentNumber', a.documentNumber, b.documentNumber],
  ];
  return rows.map(([field, m, p]) => ({ field, status: m === null || p === null ? 'absent' : m === p ? 'agree' : 'disagree', mrz: m, printed: p }));
}

/** Combines the two sides' readings into the document's evidence (documentEvidence for one side). */
export function combineSides(front: SideReading, back: SideReading, options: { readonly today?: Date } = {}): SidesEvidence {
  const today = options.today ? { today: options.today } : {};
  const mrzSide = mrzSideOf(front.mrz, back.mrz);
  const mrz = mrzSide === 'front' ? front.mrz : mrzSide === 'back' ? back.mrz : null;
  const printedFront = readPrintedFields(front.lines, today);
  const printedBack = readPrintedFields(back.lines, today);
  const printed = mergePrinted(printedFront, printedBack);
  const lines = [...front.lines, ...back.lines];
  const truncated = mrz ? mrzNames(mrz)?.truncated ?? false : false;
  const evidence: DocumentEvidence = {
    type: documentTypeOf(mrz, lines.map((l) => l.text)),
    issuingCountry: mrz?.issuingState ?? null,
    printed,
    crossCheck: mrz ? crossCheckMrz(mrz, printed, { truncated, lines, ...today }) : [],
  };
  let betweenSides: FieldCrossCheck[] = [];
  if (mrz) {
    const other = mrzSide === 'front' ? back : front;
    const otherPrinted = mrzSide === 'front' ? printedBack : printedFront;
    const printedRows = crossCheckMrz(mrz, otherPrinted, { truncated, lines: other.lines, ...today });
    const otherMrz = other.mrz?.valid === true && mrz.valid ? mrzAgainstMrz(mrz, other.mrz) : [];
    betweenSides = [...printedRows, ...otherMrz];
  }
  const disagreeing = [...new Set(betweenSides.filter(clearlyDifferent).map((row) => row.field))];
  return { mrzSide, mrz, evidence, betweenSides, disagreeing };
}
