import type { MrzFormProblem } from './mrz-form.js';

/** The machine-readable zone, parsed, with every check digit reported. */
export interface MrzReading {
  /**
   * ICAO 9303 formats, and FRA_ID: the French national identity card issued until 2021 (2x36, "IDFRA", no
   * expiry date in the MRZ, given names on line 2), still valid and common.
   */
  readonly format: 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB' | 'FRA_ID';
  readonly lines: readonly string[];
  /** True when every check digit of the format verifies. */
  readonly valid: boolean;
  readonly checks: readonly { readonly field: string; readonly valid: boolean }[];
  readonly documentCode: string | null;
  readonly issuingState: string | null;
  readonly surname: string | null;
  readonly givenNames: string | null;
  readonly documentNumber: string | null;
  readonly nationality: string | null;
  /** ISO dates (YYYY-MM-DD) where they parse. */
  readonly birthDate: string | null;
  readonly expirationDate: string | null;
  readonly sex: string | null;
  /**
   * True when the recogniser did not see the name line's letters and the layout would have had to invent
   * them; `surname` and `givenNames` are then null. No check digit covers the names, so `valid` cannot vouch
   * for them.
   */
  readonly nameIllegible?: boolean;
  /**
   * Name letters the reader corrected after reading: cells the recogniser read as a narrower glyph (N or H for
   * M) where the OCR-B template and the recogniser's own second choice agree. Absent when none was.
   */
  readonly nameCorrections?: readonly MrzNameCorrection[];
  /**
   * What keeps the reading from being well formed (mrz-form.ts): characters out of their field's class,
   * impossible or implausible dates, unknown state codes. Absent when it is well formed; a reading with any
   * is not `valid`, whatever its check digits say.
   */
  readonly formProblems?: readonly MrzFormProblem[];
  /** How well the printed zone fits OCR-B, when its rows were located in the image (absent otherwise). */
  readonly font?: MrzFont;
  /**
   * The recogniser's confidence in each field (0..1, its least sure character), when the zone was decoded
   * from the recogniser's probabilities; absent for a zone parsed from plain text lines.
   */
  readonly fieldConfidence?: MrzFieldConfidence;
}

/** Per-field recogniser confidence of an MRZ reading (`names`: the whole name field). */
export type MrzFieldConfidence = Readonly<Partial<Record<'documentCode' | 'issuingState' | 'documentNumber' | 'birthDate' | 'sex' | 'expirationDate' | 'nationality' | 'names', number>>>;

/** The MRZ's rows compared with the OCR-B glyphs and with office monospace fonts (mrz-glyph-check.ts). */
export interface MrzFont {
  /** Mean correlation of the rows' cells with the OCR-B templates of the characters read (1 = identical). */
  readonly ocrBFit: number;
  /** The same with the office monospace font that fits best (Courier's metrics, a sans mono). */
  readonly otherFit: number;
  readonly closestOtherFont: string;
  /** Character pitch of the narrowest row, image pixels: below a few pixels the fit says little. */
  readonly pitchPx: number;
}

/** One character of the MRZ name field corrected from its glyph (line and position count from 0). */
export interface MrzNameCorrection {
  readonly line: number;
  readonly position: number;
  readonly read: string;
  readonly corrected: string;
}
