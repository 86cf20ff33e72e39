/**
 * Unit tests for decodeTemplate (constrained-ctc.ts): CTC decoding of exactly one symbol per template position,
 * each from its position's own alphabet. Covers clean paths, the "equal symbols need a blank between them"
 * rule when the template forces more characters than a free greedy reading gives, alphabets that exclude the
 * most probable symbol, the null cases, and the max-marginal alternatives, checked against a brute-force
 * enumeration of every CTC path of small lattices.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTemplate, type TemplateDecoding, type TemplateLattice } from './constrained-ctc.js';
import { seededRandom } from '../../testing/idsim.js';

/** Key of the CTC blank in a step's probabilities. */
const BLANK = '_';
/** Probability of every symbol a step does not mention. */
const UNLISTED = 0.001;

type Step = Readonly<Record<string, number>>;

/** Log-prob tables of `alphabets` (one table each) and of the blank, from per-step probabilities. */
function latticeOf(steps: readonly Step[], alphabets: readonly string[]): TemplateLattice {
  const prob = (step: Step, symbol: string): number => step[symbol] ?? UNLISTED;
  return {
    steps: steps.length,
    blank: Float32Array.from(steps, (s) => Math.log(prob(s, BLANK))),
    tables: alphabets.map((symbols) => {
      const logp = new Float32Array(steps.length * symbols.length);
      steps.forEach((s, t) => [...symbols].forEach((c, j) => (logp[t * symbols.length + j] = Math.log(prob(s, c)))));
      return { symbols, logp };
    }),
  };
}

/** Greedy CTC reading of the most probable label of each step (repeats merged, blanks dropped). */
function greedy(steps: readonly Step[]): string {
  let out = '';
  let prev = BLANK;
  for (const s of steps) {
    const top = Object.entries(s).sort((a, b) => b[1] - a[1])[0]![0];
    if (top !== BLANK && top !== prev) out += top;
    prev = top;
  }
  return out;
}

interface Brute {
  readonly score: number;
  readonly text: string;
  /** Per position, per symbol: the best score of a path putting that symbol there. */
  readonly marginals: readonly Map<string, number>[];
}

/**
 * Every label sequence of `steps` labels (blank or any symbol of the alphabets used), collapsed the CTC way;
 * those that collapse to one symbol per position from that position's alphabet are scored with the emission
 * of the position each step is assigned to.
 */
function bruteForce(lattice: TemplateLattice, positions: readonly number[]): Brute | null {
  const T = lattice.steps;
  const L = positions.length;
  const tables = positions.map((p) => lattice.tables[p]!);
  const labels = [BLANK, ...new Set(tables.flatMap((t) => [...t.symbols]))];
  const marginals = positions.map(() => new Map<string, number>());
  let best: { score: number; text: string } | null = null;
  const path = new Array<number>(T).fill(0);
  for (let n = 0; n < labels.length ** T; n++) {
    let rest = n;
    for (let t = 0; t < T; t++) {
      path[t] = rest % labels.length;
      rest = Math.floor(rest / labels.length);
    }
    let score = 0;
    let text = '';
    let prev = BLANK;
    let ok = true;
    for (let t = 0; t < T && ok; t++) {
      const label = labels[path[t]!]!;
      if (label === BLANK) {
        score += lattice.blank[t]!;
      } else {
        if (label !== prev) text += label;
        const k = text.length - 1;
        const table = tables[k];
        const j = table ? table.symbols.indexOf(label) : -1;
        if (!table || j < 0) ok = false;
        else score += table.logp[t * table.symbols.length + j]!;
      }
      prev = label;
    }
    if (!ok || text.length !== L) continue;
    [...text].forEach((c, k) => marginals[k]!.set(c, Math.max(marginals[k]!.get(c) ?? -Infinity, score)));
    if (!best || score > best.score) best = { score, text };
  }
  return best ? { ...best, marginals } : null;
}

function randomSteps(count: number, symbols: string, seed: number): Step[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const raw = [BLANK, ...symbols].map((c) => [c, 0.02 + next()] as const);
    const z = raw.reduce((sum, [, p]) => sum + p, 0);
    return Object.fromEntries(raw.map(([c, p]) => [c, p / z]));
  });
}

const close = (actual: number, expected: number, message?: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-5, `${message ?? ''} ${actual} != ${expected}`);

/** The alternatives' invariants that hold for any decoding. */
function assertAlternativesShape(decoded: TemplateDecoding, positions: readonly number[]): void {
  assert.equal(decoded.alternatives.length, positions.length);
  decoded.alternatives.forEach((alts, k) => {
    assert.ok(alts.length > 0, `position ${k} has alternatives`);
    assert.equal(alts[0]!.char, decoded.text.charAt(k), `position ${k}: first alternative is the chosen char`);
    assert.equal(alts[0]!.loss, 0, `position ${k}: chosen char has loss 0`);
    for (let i = 0; i < alts.length; i++) {
      assert.ok(alts[i]!.loss >= 0, `position ${k}: loss >= 0`);
      if (i > 0) assert.ok(alts[i]!.loss >= alts[i - 1]!.loss, `position ${k}: sorted by loss`);
    }
    assert.equal(new Set(alts.map((a) => a.char)).size, alts.length, `position ${k}: each char once`);
  });
}

describe('decodeTemplate: best path', () => {
  const cases: readonly {
    readonly name: string;
    readonly steps: readonly Step[];
    readonly alphabets: readonly string[];
    readonly positions: readonly number[];
    readonly text: string;
    /** Probabilities along the expected best path, one per step. */
    readonly path: readonly number[];
  }[] = [
    {
      name: 'a clean path decodes exactly',
      steps: [{ A: 0.9 }, { A: 0.9 }, { _: 0.9 }, { B: 0.9 }, { _: 0.9 }, { C: 0.8 }],
      alphabets: ['ABC'],
      positions: [0, 0, 0],
      text: 'ABC',
      path: [0.9, 0.9, 0.9, 0.9, 0.9, 0.8],
    },
    {
      name: 'a doubled letter with a blank between stays doubled',
      steps: [{ A: 0.9 }, { _: 0.9 }, { A: 0.9 }],
      alphabets: ['AB'],
      positions: [0, 0],
      text: 'AA',
      path: [0.9, 0.9, 0.9],
    },
    {
      // Greedy reads "<" from three steps of "<"; two "<" need a blank between, so the middle step is taken
      // as the blank, however unlikely.
      name: 'template of 2 over "<<<" without blanks: the middle step becomes the blank',
      steps: [{ '<': 0.9, _: 0.05 }, { '<': 0.9, _: 0.05 }, { '<': 0.9, _: 0.05 }],
      alphabets: ['<'],
      positions: [0, 0],
      text: '<<',
      path: [0.9, 0.05, 0.9],
    },
    {
      name: 'template of 3 over five "<" steps: blanks forced at steps 2 and 4',
      steps: Array.from({ length: 5 }, () => ({ '<': 0.9, _: 0.05 })),
      alphabets: ['<'],
      positions: [0, 0, 0],
      text: '<<<',
      path: [0.9, 0.05, 0.9, 0.05, 0.9],
    },
    {
      // Three "<" cannot fit in three steps (they need two blanks); the cheapest fit puts a different
      // symbol in the middle.
      name: 'template of 3 over three "<" steps takes another symbol in the middle',
      steps: [{ '<': 0.9, K: 0.05 }, { '<': 0.9, K: 0.06 }, { '<': 0.9, K: 0.05 }],
      alphabets: ['<K'],
      positions: [0, 0, 0],
      text: '<K<',
      path: [0.9, 0.06, 0.9],
    },
    {
      name: 'a digit-only position picks the best digit when O is most probable',
      steps: [{ A: 0.9 }, { _: 0.9 }, { O: 0.7, '0': 0.2, '8': 0.05 }, { O: 0.6, '0': 0.3 }],
      alphabets: ['ABO', '0123456789'],
      positions: [0, 1],
      text: 'A0',
      path: [0.9, 0.9, 0.2, 0.3],
    },
    {
      name: 'the same steps under a letter alphabet read O',
      steps: [{ A: 0.9 }, { _: 0.9 }, { O: 0.7, '0': 0.2, '8': 0.05 }, { O: 0.6, '0': 0.3 }],
      alphabets: ['ABO', '0123456789'],
      positions: [0, 0],
      text: 'AO',
      path: [0.9, 0.9, 0.7, 0.6],
    },
    {
      name: 'equal symbols in adjacent positions of different alphabets still need a blank',
      steps: [{ '<': 0.9, A: 0.05 }, { '<': 0.9, '1': 0.06 }],
      alphabets: ['A<', '1<'],
      positions: [0, 1],
      text: '<1',
      path: [0.9, 0.06],
    },
    {
      name: 'a template shorter than the greedy reading drops the least certain character',
      steps: [{ A: 0.9 }, { _: 0.9 }, { B: 0.5, _: 0.4 }, { _: 0.9 }, { C: 0.9 }],
      alphabets: ['ABC'],
      positions: [0, 0],
      text: 'AC',
      path: [0.9, 0.9, 0.4, 0.9, 0.9],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const lattice = latticeOf(c.steps, c.alphabets);
      const decoded = decodeTemplate(lattice, c.positions);
      assert.ok(decoded);
      assert.equal(decoded.text, c.text);
      close(decoded.score, c.path.reduce((sum, p) => sum + Math.fround(Math.log(p)), 0), 'score');
      assertAlternativesShape(decoded, c.positions);
      const brute = bruteForce(lattice, c.positions);
      assert.ok(brute);
      assert.equal(brute.text, c.text, 'brute force agrees on the text');
      close(decoded.score, brute.score, 'brute force agrees on the score');
    });
  }

  it('greedy reading of "<<<" without blanks is a single "<" (why the template matters)', () => {
    const steps = [{ '<': 0.9, _: 0.05 }, { '<': 0.9, _: 0.05 }, { '<': 0.9, _: 0.05 }];
    assert.equal(greedy(steps), '<');
    assert.equal(decodeTemplate(latticeOf(steps, ['<']), [0])?.text, '<');
  });
});

describe('decodeTemplate: null and errors', () => {
  const cases: readonly { readonly name: string; readonly steps: readonly Step[]; readonly alphabets: readonly string[]; readonly positions: readonly number[] }[] = [
    { name: 'fewer steps than positions', steps: [{ A: 0.9 }, { B: 0.9 }], alphabets: ['AB'], positions: [0, 0, 0] },
    { name: 'an empty template', steps: [{ A: 0.9 }], alphabets: ['AB'], positions: [] },
    { name: 'no steps at all', steps: [], alphabets: ['AB'], positions: [0] },
    // Enough steps in number, but three equal symbols need five.
    { name: 'three "<" in three steps with "<" the only symbol', steps: [{ '<': 0.9 }, { '<': 0.9 }, { '<': 0.9 }], alphabets: ['<'], positions: [0, 0, 0] },
  ];
  for (const c of cases) {
    it(`returns null for ${c.name}`, () => {
      assert.equal(decodeTemplate(latticeOf(c.steps, c.alphabets), c.positions), null);
    });
  }

  it('throws on a position naming a missing table', () => {
    assert.throws(() => decodeTemplate(latticeOf([{ A: 0.9 }, { B: 0.9 }], ['AB']), [0, 3]), /no symbol table 3/);
  });
});

describe('decodeTemplate: alternatives against brute force', () => {
  const cases: readonly { readonly steps: number; readonly alphabets: readonly string[]; readonly positions: readonly number[]; readonly seed: number }[] = [
    { steps: 5, alphabets: ['AB'], positions: [0, 0], seed: 1 },
    { steps: 5, alphabets: ['AB'], positions: [0, 0, 0], seed: 2 },
    { steps: 5, alphabets: ['AB<'], positions: [0, 0, 0], seed: 3 },
    { steps: 5, alphabets: ['AB', 'B<', 'AB<'], positions: [0, 1, 2], seed: 4 },
    { steps: 5, alphabets: ['AB', 'B<', 'AB<'], positions: [2, 1, 0], seed: 5 },
    { steps: 6, alphabets: ['AB', 'B<', 'AB<'], positions: [1, 2, 1], seed: 6 },
    { steps: 6, alphabets: ['A<', 'B<'], positions: [0, 1, 0], seed: 7 },
    { steps: 4, alphabets: ['AB<'], positions: [0, 0, 0, 0], seed: 8 },
    { steps: 3, alphabets: ['AB<'], positions: [0, 0, 0], seed: 9 },
    { steps: 6, alphabets: ['AB<'], positions: [0, 0], seed: 10 },
  ];

  for (const c of cases) {
    it(`${c.steps} steps, positions ${c.positions.join(',')} over ${c.alphabets.join('|')} (seed ${c.seed})`, () => {
      const symbols = [...new Set(c.alphabets.join(''))].join('');
      const lattice = latticeOf(randomSteps(c.steps, symbols, c.seed), c.alphabets);
      const decoded = decodeTemplate(lattice, c.positions);
      const brute = bruteForce(lattice, c.positions);
      assert.ok(decoded && brute);
      assert.equal(decoded.text, brute.text);
      close(decoded.score, brute.score, 'score');
      assertAlternativesShape(decoded, c.positions);
      decoded.alternatives.forEach((alts, k) => {
        const expected = brute.marginals[k]!;
        assert.deepEqual(new Set(alts.map((a) => a.char)), new Set(expected.keys()), `position ${k}: the feasible symbols`);
        for (const alt of alts) close(alt.loss, brute.score - expected.get(alt.char)!, `position ${k} '${alt.char}' loss`);
      });
    });
  }
});

describe('decodeTemplate: exact ties between best paths', () => {
  // Two steps, A and B equally likely at both: "AB" and "BA" are the best paths. The text is assembled position
  // by position from the max-marginals (first symbol of loss 0 in alphabet order), not by a backtrace, so it
  // mixes the two paths into "AA", which two steps cannot hold (two A need a blank between them). Exact ties
  // arise when probabilities saturate and are floored to the same value (mrz-lattice FLOOR).
  it('returns a text that is one of the best paths', () => {
    const step = { A: 0.45, B: 0.45, _: 0.1 };
    const lattice = latticeOf([step, step], ['AB']);
    const decoded = decodeTemplate(lattice, [0, 0]);
    assert.ok(decoded);
    assert.ok(['AB', 'BA'].includes(decoded.text), `got ${decoded.text}`);
  });
});
