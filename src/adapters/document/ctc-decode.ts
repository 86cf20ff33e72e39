/**
 * Greedy CTC decoding for the PaddleOCR recogniser. Class 0 is the CTC blank, classes 1..n are the lines of
 * the dictionary file, and the last class is a space (PaddleOCR's use_space_char).
 */

/** Maps recogniser classes to characters. */
export class CtcCharset {
  private constructor(private readonly chars: readonly string[]) {}

  /** Builds the charset from the dictionary text (one character per line, as in ppocr_keys_v1.txt). */
  static fromDictionary(text: string): CtcCharset {
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return new CtcCharset(['', ...lines, ' ']);
  }

  /** Number of classes the model must output, blank and space included. */
  get classCount(): number {
    return this.chars.length;
  }

  /** The class of a character, -1 when the dictionary does not have it. */
  classOf(char: string): number {
    if (char === '') return -1;
    return this.chars.indexOf(char);
  }

  /** The character of a class, '' for the blank. */
  charAt(index: number): string {
    return this.chars[index] ?? '';
  }
}

export interface DecodedText {
  readonly text: string;
  /** Mean of the winning probabilities of the characters kept (PaddleOCR's line score); 0 when empty. */
  readonly confidence: number;
}

/**
 * Decodes one sequence of a [batch, steps, classes] softmax output: argmax per step, merge repeats, drop blanks.
 * Only the first `steps` steps are read, so right padding of narrow crops in a wide batch is skipped.
 */
export function greedyDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  charset: CtcCharset,
): DecodedText {
  let text = '';
  let sum = 0;
  let count = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = probs[row]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += charset.charAt(best);
      sum += bestP;
      count++;
    }
    previous = best;
  }
  return { text, confidence: count === 0 ? 0 : sum / count };
}
