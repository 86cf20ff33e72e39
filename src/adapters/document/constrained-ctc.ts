/**
 * CTC decoding under a template: exactly `positions.length` characters, each drawn from its position's own
 * alphabet. An MRZ line is such a template (44 characters; a date position holds digits, a name position
 * letters or `<`), so instead of reading the line freely and repairing it afterwards, the best path through
 * the recogniser's output that *fits* the layout is found directly: a lost or doubled filler cannot shift the
 * line, and a digit cannot appear in a name.
 *
 * Viterbi (max-product) over the states "blank after k characters" and "character k is symbol j", forward and
 * backward, so every position also gets its max-marginals: the score of the best path that puts each other
 * symbol there. Their gap to the best path (`loss`) ranks the second choices a check digit may then pick from.
 */

/** One alphabet with its per-step log-scores. */
export interface SymbolTable {
  /** The symbols, one character each. */
  readonly symbols: string;
  /** Log-scores, `steps × symbols.length`, row-major by step. */
  readonly logp: Float32Array;
}

export interface TemplateLattice {
  readonly steps: number;
  /** Log-score of the CTC blank at each step. */
  readonly blank: Float32Array;
  readonly tables: readonly SymbolTable[];
}

export interface Alternative {
  readonly char: string;
  /** Best-path log-score minus the best score with this character here (0 for the chosen one). */
  readonly loss: number;
}

export interface TemplateDecoding {
  readonly text: string;
  /** Log-score of the best path. */
  readonly score: number;
  /** Per position, every symbol of its alphabet by increasing loss; the first is the chosen one. */
  readonly alternatives: readonly (readonly Alternative[])[];
}

const NEG = -Infinity;

/**
 * Scores of the current call, reused by the next: a lattice has up to a few hundred thousand states, and fresh
 * arrays per call made the document read spend much of its time collecting them. Decoding is synchronous, so
 * no two calls ever use it at once, and nothing read from it outlives the call.
 */
let scratch = new Float64Array(0);

function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}

/**
 * Best path emitting exactly one symbol per position, position k from `tables[positions[k]]`. Two equal
 * symbols in a row need a blank between them, as in CTC. Null when the steps cannot hold the template.
 *
 * Only states on some complete path are scored: character k at step t needs t >= k (k characters before it)
 * and t - k <= T - L (the rest must still fit), so it lies on one of T - L + 1 diagonals d = t - k. Every
 * predecessor of such a state is such a state, and so is every successor, so leaving the others out changes no
 * score; their forward or backward score is -Infinity, which every use below skips. Character scores are
 * stored by diagonal: `(t - k) * total + offset[k] + j`.
 */
export function decodeTemplate(lattice: TemplateLattice, positions: readonly number[]): TemplateDecoding | null {
  const T = lattice.steps;
  const L = positions.length;
  if (L === 0 || T < L) return null;
  const tables: SymbolTable[] = [];
  const sizes = new Int32Array(L);
  const offsets = new Int32Array(L + 1);
  let total = 0;
  for (let k = 0; k < L; k++) {
    const p = positions[k]!;
    const table = lattice.tables[p];
    if (!table) throw new Error(`no symbol table ${p}`);
    tables.push(table);
    sizes[k] = table.symbols.length;
    offsets[k] = total;
    total += table.symbols.length;
  }
  offsets[L] = total;
  const code = new Int32Array(total);
  for (let k = 0; k < L; k++) for (let j = 0; j < sizes[k]!; j++) code[offsets[k]! + j] = tables[k]!.symbols.charCodeAt(j);
  const slack = T - L;
  const W = L + 1;
  const blankSize = T * W;
  const charSize = (slack + 1) * total;
  const buffer = scratchOf(2 * blankSize + 2 * charSize);
  // Blank states off the band stay -Infinity; every character state on it is written before it is read.
  buffer.fill(NEG, 0, 2 * blankSize);
  const shape: Shape = { T, L, W, total, slack, sizes, offsets, code, tables, blank: lattice.blank, buffer, blankSize };
  forward(shape);
  backward(shape);
  const alphaB = buffer.subarray(0, blankSize);
  const alphaE = buffer.subarray(2 * blankSize, 2 * blankSize + charSize);
  const betaE = buffer.subarray(2 * blankSize + charSize, 2 * blankSize + 2 * charSize);

  const last = T - 1;
  let score = alphaB[last * W + L]!;
  const endRow = slack * total + offsets[L - 1]!;
  for (let j = 0; j < sizes[L - 1]!; j++) score = Math.max(score, alphaE[endRow + j]!);
  if (score === NEG) return null;

  const path = backtrack(shape);

  // Max-marginals: the best path through "position k is symbol j" at any step (steps in increasing order).
  const alternatives: Alternative[][] = [];
  const through = new Float64Array(total);
  for (let k = 0; k < L; k++) {
    const size = sizes[k]!;
    const off = offsets[k]!;
    const { logp, symbols } = tables[k]!;
    const best = through.subarray(0, size).fill(NEG);
    for (let d = 0; d <= slack; d++) {
      const row = d * total + off;
      const emit = (k + d) * size;
      for (let j = 0; j < size; j++) {
        const a = alphaE[row + j]!;
        if (a === NEG) continue;
        const b = betaE[row + j]!;
        if (b === NEG) continue;
        const via = a + b - logp[emit + j]!;
        if (via > best[j]!) best[j] = via;
      }
    }
    const options: Alternative[] = [];
    for (let j = 0; j < size; j++) if (best[j] !== NEG) options.push({ char: symbols.charAt(j), loss: Math.max(0, score - best[j]!) });
    // The best path's own symbol first, also when another ties with it.
    const chosen = path.charAt(k);
    options.sort((a, b) => a.loss - b.loss || Number(b.char === chosen) - Number(a.char === chosen));
    alternatives.push(options);
  }
  return { text: path, score, alternatives };
}

interface Shape {
  readonly T: number;
  readonly L: number;
  /** Blank states per step (L + 1). */
  readonly W: number;
  readonly total: number;
  /** T - L: the last diagonal. */
  readonly slack: number;
  readonly sizes: Int32Array;
  readonly offsets: Int32Array;
  readonly code: Int32Array;
  readonly tables: readonly SymbolTable[];
  readonly blank: Float32Array;
  /** Forward blanks, backward blanks (`T × W` each), forward characters, backward characters (by diagonal). */
  readonly buffer: Float64Array;
  readonly blankSize: number;
}

/** Forward max-product scores, each including the emission at its step. */
function forward(shape: Shape): void {
  const { T, L, W, total, slack, sizes, offsets, code, tables, blank, buffer, blankSize } = shape;
  const charBase = 2 * blankSize;
  buffer[0] = blank[0]!;
  for (let j = 0; j < sizes[0]!; j++) buffer[charBase + j] = tables[0]!.logp[j]!;
  for (let t = 1; t < T; t++) {
    const prevB = (t - 1) * W;
    const curB = t * W;
    const blankT = blank[t]!;
    const kLo = Math.max(0, t - slack);
    const kHi = Math.min(t, L);
    for (let k = kLo; k <= kHi; k++) {
      // Best and second-best of character k - 1 at t - 1 (same diagonal), for the blank after it and for the
      // "different symbol" rule.
      let first = NEG;
      let second = NEG;
      let firstCode = -1;
      const d = t - k;
      if (k > 0) {
        const prevOff = offsets[k - 1]!;
        const from = charBase + d * total + prevOff;
        for (let j = 0; j < sizes[k - 1]!; j++) {
          const v = buffer[from + j]!;
          if (v > first) {
            second = first;
            first = v;
            firstCode = code[prevOff + j]!;
          } else if (v > second) second = v;
        }
      }
      const stay = buffer[prevB + k]!;
      if (d < slack) {
        let best = stay;
        if (first > best) best = first;
        buffer[curB + k] = best === NEG ? NEG : best + blankT;
      }
      if (k === L) continue;
      const off = offsets[k]!;
      const size = sizes[k]!;
      const logp = tables[k]!.logp;
      const emit = t * size;
      const cur = charBase + d * total + off;
      const prev = cur - total;
      for (let j = 0; j < size; j++) {
        let best = d > 0 ? buffer[prev + j]! : NEG;
        if (stay > best) best = stay;
        if (k > 0) {
          const moved = firstCode === code[off + j] ? second : first;
          if (moved > best) best = moved;
        }
        buffer[cur + j] = best === NEG ? NEG : best + logp[emit + j]!;
      }
    }
  }
}

/** Backward max-product scores, each including the emission at its step like the forward ones. */
function backward(shape: Shape): void {
  const { T, L, W, total, slack, sizes, offsets, code, tables, blank, buffer, blankSize } = shape;
  const charBase = 2 * blankSize + (slack + 1) * total;
  const last = T - 1;
  buffer[blankSize + last * W + L] = blank[last]!;
  const lastSize = sizes[L - 1]!;
  for (let j = 0; j < lastSize; j++) buffer[charBase + slack * total + offsets[L - 1]! + j] = tables[L - 1]!.logp[last * lastSize + j]!;
  for (let t = T - 2; t >= 0; t--) {
    const nextB = blankSize + (t + 1) * W;
    const curB = blankSize + t * W;
    const blankT = blank[t]!;
    const kLo = Math.max(0, t - slack);
    const kHi = Math.min(t, L);
    for (let k = kLo; k <= kHi; k++) {
      const d = t - k;
      // Blank after k characters: stay, or go on to character k at t + 1 (diagonal d + 1).
      if (d < slack) {
        let best = buffer[nextB + k]!;
        if (k < L) {
          const from = charBase + (d + 1) * total + offsets[k]!;
          for (let j = 0; j < sizes[k]!; j++) if (buffer[from + j]! > best) best = buffer[from + j]!;
        }
        buffer[curB + k] = best === NEG ? NEG : best + blankT;
      }
      if (k === L) continue;
      // Best and second-best of character k + 1 at t + 1 (same diagonal).
      let first = NEG;
      let second = NEG;
      let firstCode = -1;
      if (k + 1 < L) {
        const nextOff = offsets[k + 1]!;
        const from = charBase + d * total + nextOff;
        for (let j = 0; j < sizes[k + 1]!; j++) {
          const v = buffer[from + j]!;
          if (v > first) {
            second = first;
            first = v;
            firstCode = code[nextOff + j]!;
          } else if (v > second) second = v;
        }
      }
      const off = offsets[k]!;
      const size = sizes[k]!;
      const logp = tables[k]!.logp;
      const emit = t * size;
      const cur = charBase + d * total + off;
      const next = cur + total;
      const onward = buffer[nextB + k + 1]!;
      for (let j = 0; j < size; j++) {
        let best = d < slack ? buffer[next + j]! : NEG;
        if (onward > best) best = onward;
        if (k + 1 < L) {
          const moved = firstCode === code[off + j] ? second : first;
          if (moved > best) best = moved;
        }
        buffer[cur + j] = best === NEG ? NEG : best + logp[emit + j]!;
      }
    }
  }
}

/**
 * The symbols of one best path, followed back from its end through the forward scores. Reading each position's
 * best max-marginal instead would mix two paths where they tie, and could give a text no path spells.
 */
function backtrack(shape: Shape): string {
  const { T, L, W, total, slack, sizes, offsets, code, tables, buffer, blankSize } = shape;
  const charBase = 2 * blankSize;
  const b = (t: number, k: number): number => buffer[t * W + k]!;
  const e = (t: number, k: number, j: number): number => {
    const d = t - k;
    return d < 0 || d > slack ? NEG : buffer[charBase + d * total + offsets[k]! + j]!;
  };
  const chars: string[] = new Array<string>(L).fill('');
  // Current state: blank after k characters (j = -1), or character k as symbol j.
  let k = L;
  let j = -1;
  let endBest = b(T - 1, L);
  for (let jj = 0; jj < sizes[L - 1]!; jj++) {
    if (e(T - 1, L - 1, jj) > endBest) {
      endBest = e(T - 1, L - 1, jj);
      k = L - 1;
      j = jj;
    }
  }
  for (let t = T - 1; t >= 0; t--) {
    if (j >= 0) chars[k] = tables[k]!.symbols.charAt(j);
    if (t === 0) break;
    // Predecessors in the order the forward pass weighs them; the first of equal scores wins.
    let best = NEG;
    let nk = k;
    let nj = j;
    if (j >= 0) {
      const v = e(t - 1, k, j);
      if (v > best) {
        best = v;
        nk = k;
        nj = j;
      }
    }
    const stay = b(t - 1, k);
    if (stay > best) {
      best = stay;
      nk = k;
      nj = -1;
    }
    if (k > 0) {
      const own = j >= 0 ? code[offsets[k]! + j]! : -1;
      for (let jj = 0; jj < sizes[k - 1]!; jj++) {
        if (j >= 0 && code[offsets[k - 1]! + jj] === own) continue;
        const v = e(t - 1, k - 1, jj);
        if (v > best) {
          best = v;
          nk = k - 1;
          nj = jj;
        }
      }
    }
    k = nk;
    j = nj;
  }
  return chars.join('');
}
