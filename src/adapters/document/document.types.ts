import type { Box, ModelInfo, RgbImage } from '../image/rgb-image.js';
import type { MrzReading } from '../../domain/mrz.types.js';

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
}

/**
 * What the caller already knows that lets the reader stop early: with the typed name, the reader may stop
 * once a check-digit-valid MRZ (or the printed text) confirms it, instead of reading every line.
 */
export interface ReadHints {
  readonly typedName?: string;
}

/** OCR + MRZ reading of a document photo. One instance per thread; no state kept between calls. */
export interface DocumentEngine {
  readonly models: readonly ModelInfo[];
  load(): Promise<void>;
  read(image: RgbImage, hints?: ReadHints): Promise<DocumentReading>;
  dispose(): Promise<void>;
}
