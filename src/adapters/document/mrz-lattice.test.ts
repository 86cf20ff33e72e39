/**
 * Unit tests for readMrzLattices (mrz-lattice.ts): MRZ rows decoded from synthetic recogniser output under each
 * format's template. Rows are synthesised from text as a recogniser would see it (two steps per character,
 * then a blank step), with injected errors: a wrong character preferred over the true one, lowercase,
 * look-alike digits and letters, fillers merged or lost. Covers the ICAO specimens in TD1, TD2, TD3, MRV-A and
 * MRV-B, class constraints (letters in names, digits in dates), exact line lengths, check-digit repair from
 * second choices and its refusal when two repairs are about equally likely, and the choice of shape by row
 * count. Also mrzSourceClasses' mapping of MRZ_SOURCE_CHARS onto a recogniser dictionary.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mrzCheckDigit } from '../../domain/mrz.js';
import type { MrzReading } from '../../domain/mrz.types.js';
import { CtcCharset } from './ctc-decode.js';
import { decodeMrzRows, mrzSourceClasses, readMrzLattices, withFillerTail, type MrzDecoding } from './mrz-lattice.js';
import { column, glyphsOf, misread, rowOf, WIDTH, withEdit, type Glyph } from './testing/synthetic-lattice.js';

const TODAY = new Date('2026-01-01T00:00:00Z');

/** Reads the printed character at `at`, with `second` as a runner-up. */
const doubt = (at: number, second: string, p: number, q: number) => (g: Glyph[]): void => {
  g[at] = { char: g[at]!.char, p, second, q };
};

/** Reads `char` at `at` (a look-alike), sure of it. */
const substitute = (at: number, char: string) => (g: Glyph[]): void => {
  g[at] = { char };
};

/**
 * The blank step after `at` read as a space (two steps), with `<` close behind: only if the space counts as a
 * blank does no `<` come between the two characters.
 */
const spaceAfter = (at: number) => (g: Glyph[]): void => {
  g.splice(at, 1, { ...g[at]!, blank: null }, { char: ' ', p: 0.6, second: '<', q: 0.35, blank: null });
};

/**
 * The fillers at `at` and `at + 1` run together: no clear blank between them, only one step where the blank
 * is a close second to `<`.
 */
const mergeFillers = (at: number) => (g: Glyph[]): void => {
  g.splice(at, 2, { char: '<', blank: null }, { char: '<', p: 0.55, second: '', q: 0.4, steps: 1, blank: null }, { char: '<' });
};

const read = (rows: readonly (readonly Glyph[])[]): MrzReading | null => readMrzLattices(rows.map(rowOf), { today: TODAY });
/** Clean zones are read by several tables; decoding is the slow part, so each is read once. */
const cleanReads = new Map<string, MrzReading | null>();
function readText(lines: readonly string[]): MrzReading | null {
  const key = lines.join('\n');
  if (!cleanReads.has(key)) cleanReads.set(key, read(lines.map(glyphsOf)));
  return cleanReads.get(key)!;
}

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'] as const;
const MRVA = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'] as const;
const MRVB = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'] as const;

describe('the sample zones', () => {
  // The samples themselves must verify, or the tests below prove nothing.
  const digits: readonly { readonly name: string; readonly covered: string; readonly digit: string }[] = [
    { name: 'TD3 document number', covered: TD3[1].slice(0, 9), digit: TD3[1].charAt(9) },
    { name: 'TD3 birth date', covered: TD3[1].slice(13, 19), digit: TD3[1].charAt(19) },
    { name: 'TD3 expiry', covered: TD3[1].slice(21, 27), digit: TD3[1].charAt(27) },
    { name: 'TD3 personal number', covered: TD3[1].slice(28, 42), digit: TD3[1].charAt(42) },
    { name: 'TD3 composite', covered: TD3[1].slice(0, 10) + TD3[1].slice(13, 20) + TD3[1].slice(21, 43), digit: TD3[1].charAt(43) },
    { name: 'TD1 document number', covered: TD1[0].slice(5, 14), digit: TD1[0].charAt(14) },
    { name: 'TD1 birth date', covered: TD1[1].slice(0, 6), digit: TD1[1].charAt(6) },
    { name: 'TD1 expiry', covered: TD1[1].slice(8, 14), digit: TD1[1].charAt(14) },
    { name: 'TD1 composite', covered: TD1[0].slice(5, 30) + TD1[1].slice(0, 7) + TD1[1].slice(8, 15) + TD1[1].slice(18, 29), digit: TD1[1].charAt(29) },
    { name: 'TD2 document number', covered: TD2[1].slice(0, 9), digit: TD2[1].charAt(9) },
    { name: 'TD2 composite', covered: TD2[1].slice(0, 10) + TD2[1].slice(13, 20) + TD2[1].slice(21, 35), digit: TD2[1].charAt(35) },
    { name: 'MRV-A document number', covered: MRVA[1].slice(0, 9), digit: MRVA[1].charAt(9) },
    { name: 'MRV-A birth date', covered: MRVA[1].slice(13, 19), digit: MRVA[1].charAt(19) },
    { name: 'MRV-A expiry', covered: MRVA[1].slice(21, 27), digit: MRVA[1].charAt(27) },
  ];
  for (const d of digits) {
    it(`${d.name} check digit verifies`, () => assert.equal(String(mrzCheckDigit(d.covered)), d.digit));
  }
  it('have their formats\' line lengths', () => {
    for (const [lines, length] of [[TD3, 44], [TD1, 30], [TD2, 36], [MRVA, 44], [MRVB, 36]] as const) {
      for (const l of lines) assert.equal(l.length, length, l);
    }
  });
});

describe('readMrzLattices: clean zones', () => {
  const cases: readonly {
    readonly lines: readonly string[];
    readonly format: MrzReading['format'];
    readonly documentNumber: string;
    readonly birthDate: string;
    readonly expirationDate: string;
  }[] = [
    { lines: TD3, format: 'TD3', documentNumber: 'L898902C3', birthDate: '1974-08-12', expirationDate: '2012-04-15' },
    { lines: TD1, format: 'TD1', documentNumber: 'D23145890', birthDate: '1974-08-12', expirationDate: '2012-04-15' },
    { lines: TD2, format: 'TD2', documentNumber: 'D23145890', birthDate: '1974-08-12', expirationDate: '2012-04-15' },
    { lines: MRVA, format: 'MRVA', documentNumber: 'L8988901C', birthDate: '1940-09-07', expirationDate: '1996-12-10' },
    { lines: MRVB, format: 'MRVB', documentNumber: 'L8988901C', birthDate: '1940-09-07', expirationDate: '1996-12-10' },
  ];
  for (const c of cases) {
    it(`reads the ${c.format} specimen exactly`, () => {
      const r = readText(c.lines);
      assert.ok(r);
      assert.equal(r.format, c.format);
      assert.equal(r.valid, true);
      assert.deepEqual(r.lines, c.lines);
      assert.equal(r.surname, 'ERIKSSON');
      assert.equal(r.givenNames, 'ANNA MARIA');
      assert.equal(r.issuingState, 'UTO');
      assert.equal(r.documentNumber, c.documentNumber);
      assert.equal(r.birthDate, c.birthDate);
      assert.equal(r.expirationDate, c.expirationDate);
    });
  }
});

describe('readMrzLattices: misreads the template corrects', () => {
  const all = (...edits: readonly ((g: Glyph[]) => void)[]) => (g: Glyph[]): void => edits.forEach((e) => e(g));
  const cases: readonly {
    readonly name: string;
    readonly zone: readonly string[];
    /** Edits by line index. */
    readonly edits: Readonly<Record<number, (g: Glyph[]) => void>>;
  }[] = [
    { name: "'0', '1' and '5' read in ERIKSSON come out as O, I and S", zone: TD3, edits: { 0: all(substitute(11, '0'), substitute(7, '1'), substitute(10, '5')) } },
    { name: 'lowercase given names come out upper case', zone: TD3, edits: { 0: all(...[15, 16, 17, 18].map((i) => substitute(i, TD3[0].charAt(i).toLowerCase()))) } },
    { name: "'O' read for the 0 of the birth date comes out as 0", zone: TD3, edits: { 1: substitute(15, 'O') } },
    { name: "'B' and 'D' read for the 8 of the birth date and a 0 of the expiry come out as 8 and 0", zone: TD3, edits: { 1: all(substitute(16, 'B'), substitute(23, 'D')) } },
    { name: "TD1: 'O' read for a birth-date 0 and '0' for the O of ERIKSSON are corrected", zone: TD1, edits: { 1: substitute(2, 'O'), 2: substitute(6, '0') } },
    { name: "'«' and '‹' read for fillers come out as <", zone: TD3, edits: { 0: all(substitute(30, '«'), substitute(33, '‹')) } },
    { name: 'a space read ("<" second) between the two S of ERIKSSON is a blank', zone: TD3, edits: { 0: spaceAfter(9) } },
    { name: 'two name fillers run together still give 44 characters', zone: TD3, edits: { 0: mergeFillers(30) } },
    { name: 'two personal-number fillers run together still give 44 characters', zone: TD3, edits: { 1: mergeFillers(38) } },
    { name: 'two TD1 name fillers run together still give 30 characters', zone: TD1, edits: { 2: mergeFillers(22) } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rows = c.zone.map((l, i) => withEdit(l, c.edits[i] ?? (() => {})));
      const r = read(rows);
      assert.ok(r);
      assert.equal(r.valid, true);
      assert.deepEqual(r.lines, c.zone);
      assert.equal(r.surname, 'ERIKSSON');
      assert.equal(r.givenNames, 'ANNA MARIA');
      assert.equal(r.birthDate, '1974-08-12');
    });
  }
});

describe('readMrzLattices: repair from second choices', () => {
  // TD3 line 2 positions 2 ('9') and 5 ('0') both have check weight 1: reading 4 for the 9 (-5) is undone
  // by 4 -> 9 at position 2 or equally by 0 -> 5 at position 5, and both verify every check.
  const cases: readonly {
    readonly name: string;
    readonly edits: readonly ((g: Glyph[]) => void)[];
    readonly valid: boolean;
    readonly documentNumber: string;
  }[] = [
    { name: 'a misread digit whose true value is the runner-up is repaired', edits: [misread(2, '4')], valid: true, documentNumber: 'L898902C3' },
    { name: 'a misread letter in the number whose true value is the runner-up is repaired', edits: [misread(7, 'G')], valid: true, documentNumber: 'L898902C3' },
    { name: 'a misread check digit whose true value is the runner-up is repaired', edits: [misread(9, '5')], valid: true, documentNumber: 'L898902C3' },
    { name: 'a confident misread with no runner-up is left invalid', edits: [substitute(2, '4')], valid: false, documentNumber: 'L848902C3' },
    { name: 'a runner-up close behind is taken (loss 3.4)', edits: [misread(2, '4', 0.8, 0.15)], valid: true, documentNumber: 'L898902C3' },
    { name: 'a digit read confidently is not changed to pass a check (loss 5.8)', edits: [misread(2, '4', 0.9, 0.05)], valid: false, documentNumber: 'L848902C3' },
    { name: 'a printed C read as 6, the C a close runner-up, is repaired', edits: [misread(7, '6')], valid: true, documentNumber: 'L898902C3' },
    {
      name: 'two repairs about equally likely: nothing is repaired',
      edits: [misread(2, '4', 0.55, 0.4), doubt(5, '5', 0.55, 0.4)],
      valid: false,
      documentNumber: 'L848902C3',
    },
    {
      name: 'a rival repair far less likely does not block the repair',
      edits: [misread(2, '4', 0.55, 0.4), doubt(5, '5', 0.85, 0.1)],
      valid: true,
      documentNumber: 'L898902C3',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = read([glyphsOf(TD3[0]), withEdit(TD3[1], (g) => c.edits.forEach((e) => e(g)))]);
      assert.ok(r);
      assert.equal(r.format, 'TD3');
      assert.equal(r.valid, c.valid);
      assert.equal(r.documentNumber, c.documentNumber);
      if (c.valid) assert.deepEqual(r.lines, TD3);
      else assert.ok(r.checks.some((k) => k.field === 'documentNumber' && !k.valid));
    });
  }

  it('never turns a 0 into O to pass a check, even where the number holds a printed O', () => {
    // The number L898902O? with its check digits recomputed: the printed O read as 0 with O close behind. A 0
    // and an O are too alike for the runner-up to mean anything, so the zone stays invalid.
    const number = 'L898902O';
    const line2 = `${number}<${mrzCheckDigit(number + '<')}${TD3[1].slice(10, 43)}`;
    const composite = mrzCheckDigit(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
    const zone = [TD3[0], line2 + composite];
    const r = read([glyphsOf(zone[0]!), withEdit(zone[1]!, misread(7, '0'))]);
    assert.ok(r);
    assert.equal(r.valid, false);
    assert.equal(r.documentNumber, 'L8989020');
    // The same zone read as printed is valid: the refusal is the repair rule, not the zone.
    assert.equal(read(zone.map((l) => glyphsOf(l)))?.valid, true);
  });

  it('never changes a field whose own check digit verified as read, to make the composite pass', () => {
    // The composite is printed wrong (0 for 6), read surely. Changing the number's 1 to 0 and its check digit 7
    // to 0 keeps the number's check and passes the composite: two cheap second choices, but the number's check
    // digit verified as read, so the zone stays invalid rather than take a number nobody printed.
    const zone = [TD1[0], TD1[1].slice(0, 29) + '0', TD1[2]];
    const r = read([withEdit(zone[0]!, (g) => [doubt(8, '0', 0.6, 0.35), doubt(14, '0', 0.6, 0.35)].forEach((e) => e(g))), glyphsOf(zone[1]!), glyphsOf(zone[2]!)]);
    assert.ok(r);
    assert.equal(r.valid, false);
    assert.equal(r.documentNumber, 'D23145890');
    assert.deepEqual(r.lines, zone);
  });

  it('repairs a TD1 document-number digit from its runner-up', () => {
    const r = read([withEdit(TD1[0], misread(8, '7')), glyphsOf(TD1[1]), glyphsOf(TD1[2])]);
    assert.ok(r);
    assert.equal(r.format, 'TD1');
    assert.equal(r.valid, true);
    assert.deepEqual(r.lines, TD1);
  });
});

describe('readMrzLattices: shape by row count', () => {
  const cases: readonly { readonly name: string; readonly rows: readonly string[]; readonly format: MrzReading['format'] | null; readonly lines?: readonly string[] }[] = [
    { name: 'three TD1 rows read as TD1, not as TD2 from the last two', rows: TD1, format: 'TD1', lines: TD1 },
    { name: 'two 44-character rows read as TD3, not as a 36-character format', rows: TD3, format: 'TD3', lines: TD3 },
    { name: 'two 36-character rows read as TD2, not as TD3', rows: TD2, format: 'TD2', lines: TD2 },
    { name: 'a printed line above a TD3 zone: the last two rows as TD3', rows: ['SOME<PRINTED<TEXT<HERE', ...TD3], format: 'TD3', lines: TD3 },
    { name: 'one row is no MRZ', rows: [TD3[0]], format: null },
    { name: 'rows too short for any format', rows: ['P<UTO', 'L8989'], format: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = readText(c.rows);
      assert.equal(r?.format ?? null, c.format);
      if (c.lines) assert.deepEqual(r?.lines, c.lines);
    });
  }

  it('a TD1 zone whose top row is read with little confidence stays TD1', () => {
    const rows = TD1.map((l, i) => [...l].map((char) => ({ char, p: i === 0 ? 0.3 : 0.9 })));
    const r = read(rows);
    assert.equal(r?.format, 'TD1');
    assert.equal(r?.valid, true);
  });
});

describe('decodeMrzRows: the glyphs judge 2x36 against 2x44', () => {
  // Two TD2 rows: 2x36 explains them better by path score; a judge that finds the 44-character decoding
  // matching the printed glyphs far better overrules that, a weaker or unsure one does not.
  const rows = TD2.map((l) => rowOf(glyphsOf(l)));
  const judged = (fits: { readonly short: number | null; readonly long: number | null }): string | undefined => {
    const judgeShape = (d: MrzDecoding): number | null => (d.lines[0]!.text.length === 36 ? fits.short : fits.long);
    return decodeMrzRows(rows, { today: TODAY, judgeShape })?.reading.format;
  };
  const table: readonly { readonly name: string; readonly short: number | null; readonly long: number | null; readonly format: string }[] = [
    { name: '44 fits the glyphs far better (0.9 against 0.5): TD3', short: 0.5, long: 0.9, format: 'TD3' },
    { name: '44 fits better by only 0.05: the path score keeps TD2', short: 0.85, long: 0.9, format: 'TD2' },
    { name: '44 fits better but under 0.8 itself (a garbled row): TD2', short: 0.3, long: 0.55, format: 'TD2' },
    { name: 'the judge cannot tell (no row rectangles): TD2', short: null, long: 0.9, format: 'TD2' },
  ];
  for (const row of table) it(row.name, () => assert.equal(judged(row), row.format));
  it('without a judge, the path score decides: TD2', () => {
    assert.equal(decodeMrzRows(rows, { today: TODAY })?.reading.format, 'TD2');
  });
});

describe('readMrzLattices: a state code read as digits', () => {
  // UTO read as 010 with the letters close behind: a known code is near, so the field is snapped to it and
  // not kept as digits (which a national layout with a numeric field would be).
  it('snaps to the known code the second choices make cheap', () => {
    const r = read([glyphsOf(TD3[0]), withEdit(TD3[1], (g) => (misread(10, '0')(g), misread(11, '1')(g), misread(12, '0')(g)))]);
    assert.equal(r?.nationality, 'UTO');
    assert.equal(r?.lines[1], TD3[1]);
  });
});

describe('readMrzLattices: a filler lost entirely', () => {
  // One `<` of the trailing name filler is gone (its steps too): 43 characters read for 44 places. Any single
  // insertion costs the same here, so the best paths tie; a decoder must still return one of them, the read
  // line with one character inserted.
  const lost = TD3[0].slice(0, 30) + TD3[0].slice(31);
  const oneInsertionFrom = (line: string, shorter: string): boolean =>
    Array.from({ length: line.length }, (_, i) => line.slice(0, i) + line.slice(i + 1)).includes(shorter);

  let decoded: MrzReading | null | undefined;
  const readLost = (): MrzReading | null => (decoded === undefined ? (decoded = read([withEdit(TD3[0], (g) => g.splice(30, 1)), glyphsOf(TD3[1])])) : decoded);

  it('still gives a line of exact length and keeps line 2', () => {
    const r = readLost();
    assert.ok(r);
    assert.equal(r.format, 'TD3');
    assert.equal(r.lines[0]!.length, 44);
    assert.equal(r.lines[1], TD3[1]);
    // No check digit covers the name line, so whatever was inserted there the zone verifies.
    assert.equal(r.valid, true);
  });

  it('gives the read line with one character inserted', () => {
    const r = readLost();
    assert.ok(r);
    assert.ok(oneInsertionFrom(r.lines[0]!, lost), `got ${r.lines[0]}`);
  });
});

describe('mrzSourceClasses', () => {
  it('maps the blank to 0, each source character to its class, a space to the last class, missing ones to -1', () => {
    const charset = CtcCharset.fromDictionary(['A', 'O', '0', '<', 'x'].join('\n'));
    const classes = mrzSourceClasses(charset);
    assert.equal(classes.length, WIDTH);
    assert.equal(classes[0], 0);
    const at = (c: string): number => classes[column(c)]!;
    assert.equal(at('A'), charset.classOf('A'));
    assert.equal(at('O'), charset.classOf('O'));
    assert.equal(at('0'), charset.classOf('0'));
    assert.equal(at('<'), charset.classOf('<'));
    assert.equal(at(' '), charset.classCount - 1);
    assert.equal(at('B'), -1);
    assert.equal(at('«'), -1);
  });
});

describe('withFillerTail', () => {
  // A squeezed crop of the name line that ran out of frames 10 fillers before the line's end.
  const cut = rowOf(glyphsOf(TD3[0].slice(0, 34)));

  it('keeps the row and appends frames of blank or filler at even odds', () => {
    const tailed = withFillerTail(cut, 5);
    assert.equal(tailed.steps, cut.steps + 5);
    assert.deepEqual(tailed.probs.subarray(0, cut.steps * WIDTH), cut.probs);
    for (let t = cut.steps; t < tailed.steps; t++) {
      const frame = [...tailed.probs.subarray(t * WIDTH, (t + 1) * WIDTH)];
      assert.deepEqual(
        frame.map((p, k) => [k, p]).filter(([, p]) => p !== 0),
        [[0, 0.5], [column('<'), 0.5]],
      );
    }
  });

  it('lets a name line cut inside its filler run decode whole', () => {
    const r = readMrzLattices([withFillerTail(cut, 88), rowOf(glyphsOf(TD3[1]))], { today: TODAY });
    assert.deepEqual(r?.lines, [...TD3]);
  });

  it('is needed for it: without the tail the layout invents characters in the run', () => {
    // It gives letters between the read ones (P<UBTBOEBRBIK...) to fill 44 places from too few frames.
    const r = readMrzLattices([cut, rowOf(glyphsOf(TD3[1]))], { today: TODAY });
    assert.ok(r);
    assert.notEqual(r.lines[0], TD3[0]);
  });
});
