/**
 * Test oracle: decodeTemplate as first written, one state and one sample point at a time, before the hot paths were
 * made cheaper (../constrained-ctc.ts). The fast version must give the same results bit for bit;
 * ../reference-equality.test.ts compares the two. Not used outside tests.
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
 * Best path emitting exactly one symbol per position, position k from `tables[positions[k]]`. Two equal
 * symbols in a row need a blank between them, as in CTC. Null when the steps cannot hold the template.
 */
export function referenceDecodeTemplate(lattice: TemplateLattice, positions: readonly number[]): TemplateDecoding | null {
  const T = lattice.steps;
  const L = positions.length;
  if (L === 0 || T < L) return null;
  const tables = positions.map((p) => {
    const table = lattice.tables[p];
    if (!table) throw new Error(`no symbol table ${p}`);
    return table;
  });
  const sizes = tables.map((t) => t.symbols.length);
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) {
    offsets.push(total);
    total += size;
  }
  // Flat per-step emissions and symbol codes of every (position, symbol) state, so the loops index directly.
  const emitAt = new Float64Array(T * total);
  const code = new Int32Array(total);
  for (let k = 0; k < L; k++) {
    const { logp, symbols } = tables[k]!;
    const size = sizes[k]!;
    const off = offsets[k]!;
    for (let j = 0; j < size; j++) code[off + j] = symbols.charCodeAt(j);
    for (let t = 0; t < T; t++) for (let j = 0; j < size; j++) emitAt[t * total + off + j] = logp[t * size + j]!;
  }
  const alphaB = new Float64Array(T * (L + 1)).fill(NEG);
  const alphaE = new Float64Array(T * total).fill(NEG);
  const betaB = new Float64Array(T * (L + 1)).fill(NEG);
  const betaE = new Float64Array(T * total).fill(NEG);

  // Forward.
  alphaB[0] = lattice.blank[0]!;
  for (let j = 0; j < sizes[0]!; j++) alphaE[offsets[0]! + j] = emitAt[offsets[0]! + j]!;
  for (let t = 1; t < T; t++) {
    const prevB = (t - 1) * (L + 1);
    const curB = t * (L + 1);
    const prevE = (t - 1) * total;
    const curE = t * total;
    const blank = lattice.blank[t]!;
    for (let k = 0; k <= L; k++) {
      let best = alphaB[prevB + k]!;
      if (k > 0) {
        const from = prevE + offsets[k - 1]!;
        for (let j = 0; j < sizes[k - 1]!; j++) if (alphaE[from + j]! > best) best = alphaE[from + j]!;
      }
      alphaB[curB + k] = best === NEG ? NEG : best + blank;
    }
    for (let k = 0; k < L; k++) {
      // Best and second-best of the previous position's states, for the "different symbol" rule.
      let first = NEG;
      let second = NEG;
      let firstCode = -1;
      if (k > 0) {
        const from = prevE + offsets[k - 1]!;
        for (let j = 0; j < sizes[k - 1]!; j++) {
          const v = alphaE[from + j]!;
          if (v > first) {
            second = first;
            first = v;
            firstCode = code[offsets[k - 1]! + j]!;
          } else if (v > second) second = v;
        }
      }
      const off = offsets[k]!;
      const stay = alphaB[prevB + k]!;
      for (let j = 0; j < sizes[k]!; j++) {
        let best = alphaE[prevE + off + j]!;
        if (stay > best) best = stay;
        if (k > 0) {
          const moved = firstCode === code[off + j] ? second : first;
          if (moved > best) best = moved;
        }
        alphaE[curE + off + j] = best === NEG ? NEG : best + emitAt[curE + off + j]!;
      }
    }
  }

  // Backward (scores include the emission at t, like the forward ones).
  const last = T - 1;
  betaB[last * (L + 1) + L] = lattice.blank[last]!;
  for (let j = 0; j < sizes[L - 1]!; j++) betaE[last * total + offsets[L - 1]! + j] = emitAt[last * total + offsets[L - 1]! + j]!;
  for (let t = T - 2; t >= 0; t--) {
    const nextB = (t + 1) * (L + 1);
    const curB = t * (L + 1);
    const nextE = (t + 1) * total;
    const curE = t * total;
    const blank = lattice.blank[t]!;
    for (let k = 0; k <= L; k++) {
      let best = betaB[nextB + k]!;
      if (k < L) {
        const from = nextE + offsets[k]!;
        for (let j = 0; j < sizes[k]!; j++) if (betaE[from + j]! > best) best = betaE[from + j]!;
      }
      betaB[curB + k] = best === NEG ? NEG : best + blank;
    }
    for (let k = 0; k < L; k++) {
      let first = NEG;
      let second = NEG;
      let firstCode = -1;
      if (k + 1 < L) {
        const from = nextE + offsets[k + 1]!;
        for (let j = 0; j < sizes[k + 1]!; j++) {
          const v = betaE[from + j]!;
          if (v > first) {
            second = first;
            first = v;
            firstCode = code[offsets[k + 1]! + j]!;
          } else if (v > second) second = v;
        }
      }
      const off = offsets[k]!;
      const onward = betaB[nextB + k + 1]!;
      for (let j = 0; j < sizes[k]!; j++) {
        let best = betaE[nextE + off + j]!;
        if (onward > best) best = onward;
        if (k + 1 < L) {
          const moved = firstCode === code[off + j] ? second : first;
          if (moved > best) best = moved;
        }
        betaE[curE + off + j] = best === NEG ? NEG : best + emitAt[curE + off + j]!;
      }
    }
  }

  const score = Math.max(alphaB[last * (L + 1) + L]!, ...Array.from({ length: sizes[L - 1]! }, (_, j) => alphaE[last * total + offsets[L - 1]! + j]!));
  if (score === NEG) return null;

  const path = backtrack(alphaB, alphaE, { T, L, total, sizes, offsets, tables });

  // Max-marginals: the best path through "position k is symbol j" at any step.
  const alternatives: Alternative[][] = [];
  for (let k = 0; k < L; k++) {
    const options: Alternative[] = [];
    for (let j = 0; j < sizes[k]!; j++) {
      let best = NEG;
      for (let t = 0; t < T; t++) {
        const i = t * total + offsets[k]! + j;
        const a = alphaE[i]!;
        if (a === NEG) continue;
        const b = betaE[i]!;
        if (b === NEG) continue;
        const through = a + b - emitAt[i]!;
        if (through > best) best = through;
      }
      if (best !== NEG) options.push({ char: tables[k]!.symbols.charAt(j), loss: Math.max(0, score - best) });
    }
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
  readonly total: number;
  readonly sizes: readonly number[];
  readonly offsets: readonly number[];
  readonly tables: readonly SymbolTable[];
}

/**
 * The symbols of one best path, followed back from its end through the forward scores. Reading each position's
 * best max-marginal instead would mix two paths where they tie, and could give a text no path spells.
 */
function backtrack(alphaB: Float64Array, alphaE: Float64Array, shape: Shape): string {
  const { T, L, total, sizes, offsets, tables } = shape;
  const b = (t: number, k: number): number => alphaB[t * (L + 1) + k]!;
  const e = (t: number, k: number, j: number): number => alphaE[t * total + offsets[k]! + j]!;
  const symbol = (k: number, j: number): string => tables[k]!.symbols.charAt(j);
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
    if (j >= 0) chars[k] = symbol(k, j);
    if (t === 0) break;
    let best = NEG;
    let next: [number, number] = [k, j];
    const consider = (value: number, nk: number, nj: number): void => {
      if (value > best) {
        best = value;
        next = [nk, nj];
      }
    };
    if (j < 0) {
      consider(b(t - 1, k), k, -1);
      if (k > 0) for (let jj = 0; jj < sizes[k - 1]!; jj++) consider(e(t - 1, k - 1, jj), k - 1, jj);
    } else {
      consider(e(t - 1, k, j), k, j);
      consider(b(t - 1, k), k, -1);
      if (k > 0) for (let jj = 0; jj < sizes[k - 1]!; jj++) if (symbol(k - 1, jj) !== symbol(k, j)) consider(e(t - 1, k - 1, jj), k - 1, jj);
    }
    [k, j] = next;
  }
  return chars.join('');
}
