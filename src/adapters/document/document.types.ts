import type { Box, ModelInfo, RgbImage } from '../image/rgb-image.js';
import type { MrzReading } from '../../domain/mrz.types.js';
import type { DocumentNames, NameMatch, NameMatchPolicy } from '../../domain/name-match.js';
import type { MrzNameEvidence } from './mrz-name-evidence.js';

export type { MrzReading } from '../../domain/mrz.types.js';

export interface OcrLine {
  readonly text: string;
  /** Recogniser confidence, 0..1. */
  readonly confidence: number;
  readonly box: Box;
}

export interface DocumentReading {
  /** Every text line read, in reading order. */
  readonly lines: readonly OcrLine[];
  readonly mrz: MrzReading | null;
  /**
   * True when reading stopped once a check-valid MRZ confirmed the typed name (ReadHints): `lines` then holds
   * the MRZ (and the few largest lines read with it), not every line of the page.
   */
  readonly stoppedEarly?: boolean;
  /** Reading direction of the page in the image, degrees (0 = upright); line boxes are in image pixels. */
  readonly rotation?: 0 | 90 | 180 | 270;
  /**
   * Degrees the photo was turned to level tilted text before it was read (absent when it was not): line boxes
   * are then in the pixels of that straightened image, not of the upload.
   */
  readonly straightenedBy?: number;
  /**
   * The recogniser's view of the MRZ name line, when the MRZ was decoded under its layout: lets a typed
   * spelling be scored against the image (mrz-name-evidence.ts). Not part of the API response.
   */
  readonly mrzEvidence?: MrzNameEvidence;
  /**
   * Why no check-valid MRZ was read, when none was (absent otherwise): `MRZ_NOT_FOUND` (no MRZ rows on the
   * page), `MRZ_GLARE` (rows found but washed out by a highlight: refused rather than guessed), `MRZ_TOO_SMALL`
   * (rows found at a character pitch the recogniser cannot read), `MRZ_NOT_VALID` (read, check digits or shape
   * fail).
   */
  readonly mrzProblem?: MrzProblem;
  /**
   * The typed name (ReadHints.typedName) matched against this page where it was read, with the evidence used
   * (page-names.ts); absent when no name was given.
   */
  readonly name?: PageNameEvidence;
}

/** A page's name decision and the finished, plain evidence behind it (the MRZ re-read done, no lattices). */
export interface PageNameEvidence {
  readonly match: NameMatch;
  readonly names: DocumentNames;
}

/** Why a page gave no check-valid MRZ (DocumentReading.mrzProblem). */
export type MrzProblem = 'MRZ_NOT_FOUND' | 'MRZ_GLARE' | 'MRZ_TOO_SMALL' | 'MRZ_NOT_VALID';

/**
 * What the caller already knows that lets the reader stop early: with the typed name, the reader may stop
 * once a check-digit-valid MRZ (or the printed text) confirms it, instead of reading every line.
 */
export interface ReadHints {
  readonly typedName?: string;
  /** The policy the caller will match the name with (default DEFAULT_NAME_POLICY), so both agree. */
  readonly namePolicy?: NameMatchPolicy;
}

/** A text region the detector found (no recognition), in image pixels; `width` runs along the text. */
export interface TextBox {
  readonly cx: number;
  readonly cy: number;
  readonly width: number;
  readonly height: number;
  readonly angle: number;
  /** DB box score, 0..1. */
  readonly score: number;
}

/** OCR + MRZ reading of a document photo. One instance per thread; no state kept between calls. */
export interface DocumentEngine {
  readonly models: readonly ModelInfo[];
  load(): Promise<void>;
  read(image: RgbImage, hints?: ReadHints): Promise<DocumentReading>;
  /** Text regions only, on a small copy of the image: is there printed text in a photo that should hold none? */
  findText(image: RgbImage): Promise<TextBox[]>;
  dispose(): Promise<void>;
}
