import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'mrz';
import type { MrzReading } from './mrz.types.js';
import { extractMrz, mrzCharClasses, mrzCheckDigit, mrzCheckPositions, mrzFieldSpan, mrzFormatOf, mrzNames, parseMrzLines, splitMrzName } from './mrz.js';
import { ICAO_STATE_CODES } from './icao-codes.js';
import { evaluationDataPath } from '../testing/evaluation-data.js';

const TODAY = new Date(Date.UTC(2026, 0, 15));
const read = (lines: readonly string[]): MrzReading | null => extractMrz(lines, { today: TODAY });

// The worked examples of ICAO Doc 9303 (Parts 4-7), state "Utopia".
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const MRVA = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'];
const MRVB = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'];

describe('mrzCheckDigit', () => {
  const rows: [string, number][] = [
    ['L898902C3', 6],
    ['740812', 2],
    ['120415', 9],
    ['ZE184226B<<<<<', 1],
    ['L898902C36' + '7408122' + '1204159' + 'ZE184226B<<<<<1', 0],
    ['D23145890', 7],
    ['520727', 3],
    ['<<<<<<<<<', 0],
    ['', 0],
    ['AB2134<<<', 5],
  ];
  for (const [input, expected] of rows) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(mrzCheckDigit(input), expected));
  }
});

describe('extractMrz: every format, clean', () => {
  const rows: { name: string; lines: string[]; format: MrzReading['format']; docNo: string; expiry: string; checks: string[] }[] = [
    { name: 'TD3', lines: TD3, format: 'TD3', docNo: 'L898902C3', expiry: '2012-04-15', checks: ['documentNumber', 'birthDate', 'expirationDate', 'personalNumber', 'composite'] },
    { name: 'TD2', lines: TD2, format: 'TD2', docNo: 'D23145890', expiry: '2012-04-15', checks: ['documentNumber', 'birthDate', 'expirationDate', 'composite'] },
    { name: 'TD1', lines: TD1, format: 'TD1', docNo: 'D23145890', expiry: '2012-04-15', checks: ['documentNumber', 'birthDate', 'expirationDate', 'composite'] },
    { name: 'MRV-A', lines: MRVA, format: 'MRVA', docNo: 'L8988901C', expiry: '1996-12-10', checks: ['documentNumber', 'birthDate', 'expirationDate'] },
    { name: 'MRV-B', lines: MRVB, format: 'MRVB', docNo: 'L8988901C', expiry: '1996-12-10', checks: ['documentNumber', 'birthDate', 'expirationDate'] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const r = read(row.lines);
      assert.ok(r);
      assert.equal(r.format, row.format);
      assert.equal(r.valid, true);
      assert.deepEqual(r.checks.map((c) => c.field), row.checks);
      assert.equal(r.documentNumber, row.docNo);
      assert.equal(r.expirationDate, row.expiry);
      assert.equal(r.surname, 'ERIKSSON');
      assert.equal(r.givenNames, 'ANNA MARIA');
      assert.equal(r.issuingState, 'UTO');
      assert.equal(r.sex, 'F');
      assert.deepEqual(r.lines, row.lines);
    });
  }

  it('fills every field of a TD3', () => {
    assert.deepEqual(read(TD3), {
      format: 'TD3',
      lines: TD3,
      valid: true,
      checks: ['documentNumber', 'birthDate', 'expirationDate', 'personalNumber', 'composite'].map((field) => ({ field, valid: true })),
      documentCode: 'P',
      issuingState: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      expirationDate: '2012-04-15',
      sex: 'F',
    });
  });

  it('reads a TD1 document number that overflows into the optional field', () => {
    const number = 'D23145890123';
    const line1 = `I<UTO${number.slice(0, 9)}<${number.slice(9)}${mrzCheckDigit(number)}`.padEnd(30, '<');
    const line2head = `7408122F1204159UTO`.padEnd(29, '<');
    const composite = mrzCheckDigit(line1.slice(5, 30) + line2head.slice(0, 7) + line2head.slice(8, 15) + line2head.slice(18, 29));
    const r = read([line1, `${line2head}${composite}`, TD1[2] ?? '']);
    assert.equal(r?.documentNumber, number);
    assert.equal(r?.valid, true);
  });

  it('returns null when there is no MRZ', () => {
    assert.equal(read(['PASSPORT', 'ERIKSSON', 'ANNA MARIA', '12 AUG 1974']), null);
    assert.equal(read([]), null);
  });
});

describe('extractMrz: noisy OCR reads to the same fields', () => {
  const spaced = (l: string): string => l.replace(/(.{7})/g, '$1 ');
  const rows: { name: string; lines: string[]; base: string[] }[] = [
    { name: 'spaces inside lines', lines: TD3.map(spaced), base: TD3 },
    { name: 'lower case', lines: TD3.map((l) => l.toLowerCase()), base: TD3 },
    { name: '« for <', lines: TD3.map((l) => l.replace(/<<</g, '<«<')), base: TD3 },
    { name: 'K for trailing < of the name', lines: [TD3[0]?.replace(/<{10}$/, 'KKKKKKKKKK') ?? '', TD3[1] ?? ''], base: TD3 },
    { name: 'L for the filler of the personal number', lines: [TD3[0] ?? '', TD3[1]?.replace('B<<<<<1', 'BLLLLL1') ?? ''], base: TD3 },
    { name: 'C and L mixed into the name filler', lines: [TD3[0]?.replace(/<{8}$/, '<L<C<<L<') ?? '', TD3[1] ?? ''], base: TD3 },
    { name: 'O for 0 in dates', lines: [TD3[0] ?? '', TD3[1]?.replace('7408122F1204159', '74O8122F12O4159') ?? ''], base: TD3 },
    { name: 'I, S, B, Z, G for digits in dates and check digits', lines: [TD1[0] ?? '', '74O8I2ZF1ZO4IS9UTO<<<<<<<<<<<G', TD1[2] ?? ''], base: TD1 },
    { name: 'line split in two', lines: [TD3[0] ?? '', TD3[1]?.slice(0, 20) ?? '', TD3[1]?.slice(20) ?? ''], base: TD3 },
    { name: 'extra < in the personal number filler', lines: [TD3[0] ?? '', TD3[1]?.replace('B<<<<<1', 'B<<<<<<<1') ?? ''], base: TD3 },
    { name: 'missing < in the name filler', lines: [TD3[0]?.slice(0, 40) ?? '', TD3[1] ?? ''], base: TD3 },
    { name: 'missing < in the TD1 optional field', lines: [TD1[0]?.slice(0, 28) ?? '', TD1[1] ?? '', TD1[2] ?? ''], base: TD1 },
    { name: 'surrounded by printed text', lines: ['PASSPORT', 'Surname', 'ERIKSSON', 'Given names', 'ANNA MARIA', 'L898902C3', ...TD3.map(spaced)], base: TD3 },
    { name: 'MRV-B with spaces and K fillers', lines: MRVB.map((l) => spaced(l.replace(/<{8}$/, 'KKKKKKKK'))), base: MRVB },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const expected = read(row.base);
      const r = read(row.lines);
      assert.ok(r);
      assert.deepEqual(r, expected);
    });
  }
});

describe('extractMrz: check digits decide, nothing is invented', () => {
  it('a corrupted check digit stays invalid and is reported per field', () => {
    const r = read([TD3[0] ?? '', TD3[1]?.replace('7408122F', '7408123F') ?? '']);
    assert.ok(r);
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.checks.filter((c) => !c.valid).map((c) => c.field),
      ['birthDate', 'composite'],
    );
    assert.equal(r.birthDate, '1974-08-12');
  });

  it('a letter in the document number is repaired when exactly one repair verifies', () => {
    const r = read([TD3[0] ?? '', `L8989O2C3${TD3[1]?.slice(9)}`]);
    assert.equal(r?.documentNumber, 'L898902C3');
    assert.equal(r?.valid, true);
  });

  it('an ambiguous repair is refused: two letters amid digits, each alone makes the check digit verify', () => {
    const lines = [MRVB[0] ?? '', '1O34567O99UTO7408122F1204159<<<<<<<<'];
    const r = read(lines);
    assert.equal(r?.documentNumber, '1O34567O9');
    assert.equal(r?.valid, false);
    assert.equal(r?.checks.find((c) => c.field === 'documentNumber')?.valid, false);
  });

  const untouched: [string, string][] = [
    ['a letter at the start of the number (real prefixes like D, ZE, PA are common)', 'I898902C3'],
    ['a letter next to another letter', 'LB98902C3'],
  ];
  for (const [name, docNo] of untouched) {
    it(`no repair is tried for ${name}`, () => {
      const r = read([TD3[0] ?? '', `${docNo}${TD3[1]?.slice(9)}`]);
      assert.equal(r?.documentNumber, docNo);
      assert.equal(r?.valid, false);
    });
  }

  it('a document-number error no single swap explains is left as read', () => {
    const r = read([TD3[0] ?? '', `L898903C3${TD3[1]?.slice(9)}`]);
    assert.equal(r?.documentNumber, 'L898903C3');
    assert.equal(r?.valid, false);
  });
});

describe('extractMrz: dates and names', () => {
  it('pivots two-digit years on today', () => {
    const line2 = (birth: string, expiry: string): string => {
      const head = `L898902C36UTO${birth}${mrzCheckDigit(birth)}F${expiry}${mrzCheckDigit(expiry)}`;
      const body = `${head}<<<<<<<<<<<<<<0`;
      return `${body}${mrzCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43))}`;
    };
    const rows: [string, string, string, string][] = [
      ['250101', '360101', '2025-01-01', '2036-01-01'],
      ['270101', '700101', '1927-01-01', '2070-01-01'],
      ['000229', '960101', '2000-02-29', '1996-01-01'],
      ['740231', '120415', '', '2012-04-15'],
    ];
    for (const [birth, expiry, isoBirth, isoExpiry] of rows) {
      const r = read([TD3[0] ?? '', line2(birth, expiry)]);
      assert.equal(r?.birthDate, isoBirth === '' ? null : isoBirth, birth);
      assert.equal(r?.expirationDate, isoExpiry, expiry);
    }
  });

  const names: [string, string | null, string | null][] = [
    ['ERIKSSON<<ANNA<MARIA<<<<<<<<<<', 'ERIKSSON', 'ANNA MARIA'],
    ['KOWALSKA<KWIATKOWSKA<<JOANNA<<', 'KOWALSKA KWIATKOWSKA', 'JOANNA'],
    ['ESPANOLA<ESPANOLA<CARMEN<<<<<<', 'ESPANOLA ESPANOLA CARMEN', null],
    ['UNITED<KINGDOM<TWENTY<SIX<<JODIE<PIPPA', 'UNITED KINGDOM TWENTY SIX', 'JODIE PIPPA'],
    ['<<<<<<', null, null],
  ];
  for (const [field, surname, given] of names) {
    it(`splits ${field}`, () => assert.deepEqual(splitMrzName(field), { surname, givenNames: given }));
  }

  it('maps digits read for letters in the state codes, which no check digit covers', () => {
    const r = read(['P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UT07408122F1204159ZE184226B<<<<<10'])!;
    assert.deepEqual([r.issuingState, r.nationality, r.valid], ['UTO', 'UTO', true]);
    assert.equal(r.lines[1], TD3[1]);
  });

  it('is not valid when the sex or a date is malformed, even if every check digit verifies', () => {
    const r = read([TD3[0]!, TD3[1]!.slice(0, 20) + '1' + TD3[1]!.slice(21)])!;
    assert.deepEqual([r.checks.every((c) => c.valid), r.valid], [true, false]);
  });

  it('is not valid when the first line lost its codes, even if its check digits verify by chance', () => {
    const r = read(['<T0D23145897<<<<<<<<<<<<<<<', '9004159F3412318UT0<<<<<<<<<<<6', 'MUELLER<<ANNA<SOFIA<<<<<<<<<<<'])!;
    assert.deepEqual([r.checks.every((c) => c.valid), r.valid], [true, false]);
  });

  it('is not valid when a digit stands in a name or the document expires before its holder was born', () => {
    const digitInName = parseMrzLines('TD3', [TD3[0]!.replace('ANNA', 'AN4A'), TD3[1]!])!;
    assert.deepEqual([digitInName.checks.every((c) => c.valid), digitInName.valid], [true, false]);
    // Born 1974-08-12; an expiry of 1970-04-15 with its check digit recomputed.
    const early = TD3[1]!.slice(0, 21) + '700415' + String(mrzCheckDigit('700415')) + TD3[1]!.slice(28);
    const composite = early.slice(0, 10) + early.slice(13, 20) + early.slice(21, 43);
    const expired = parseMrzLines('TD3', [TD3[0]!, early.slice(0, 43) + String(mrzCheckDigit(composite))], { today: new Date('1990-01-01') })!;
    assert.equal(expired.expirationDate, '1970-04-15');
    assert.deepEqual([expired.checks.every((c) => c.valid), expired.valid], [true, false]);
  });

  it('drops printed text glued before the first line of a two-line MRZ', () => {
    const r = read(['23APRAVRIZP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', TD3[1]!])!;
    assert.deepEqual(r.lines, TD3);
    assert.deepEqual([r.documentCode, r.issuingState, r.surname], ['P', 'UTO', 'ERIKSSON']);
  });

  it('maps digits read for letters in the name field', () => {
    const r = read([TD3[0]?.replace('ERIKSSON', 'ER1KSS0N') ?? '', TD3[1] ?? '']);
    assert.equal(r?.surname, 'ERIKSSON');
  });

  it('flags a full name field as possibly truncated', () => {
    const full = read(['P<UTOUNITED<KINGDOM<TWENTY<SIX<<JODIE<PIPPAX', TD3[1] ?? '']);
    assert.equal(full && mrzNames(full)?.truncated, true);
    const short = read(TD3);
    assert.equal(short && mrzNames(short)?.truncated, false);
  });
});

/** The shared specimen data lives outside the repository; tests read it when present. */
function groundTruthPath(): string {
  return evaluationDataPath('documents', 'specimens', 'ground_truth.json');
}

interface Specimen {
  readonly file: string;
  readonly mrz?: readonly string[];
}

const MRZ_CHECK_FIELDS: Readonly<Record<string, string>> = {
  documentNumberCheckDigit: 'documentNumber',
  birthDateCheckDigit: 'birthDate',
  expirationDateCheckDigit: 'expirationDate',
  personalNumberCheckDigit: 'personalNumber',
  compositeCheckDigit: 'composite',
};

const DIGIT_LOOKALIKE: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };

/** Corrupts one digit of each valid document number at a time and counts what the repair makes of it. */
function simulateRepairs(specimens: readonly Specimen[]): { confusion: number; confusionFixed: number; confusionWrong: number; other: number; otherWrong: number } {
  const out = { confusion: 0, confusionFixed: 0, confusionWrong: 0, other: 0, otherWrong: 0 };
  for (const s of specimens) {
    const clean = read(s.mrz ?? []);
    if (!clean?.valid || !clean.checks.some((c) => c.field === 'documentNumber')) continue;
    const li = clean.format === 'TD1' ? 0 : 1;
    const start = clean.format === 'TD1' ? 5 : 0;
    const line = clean.lines[li] ?? '';
    const outcome = (i: number, ch: string): 'fixed' | 'refused' | 'wrong' => {
      const lines = clean.lines.map((l, k) => (k === li ? l.slice(0, i) + ch + l.slice(i + 1) : l));
      const got = read(lines)?.lines[li];
      return got === line ? 'fixed' : got === lines[li] ? 'refused' : 'wrong';
    };
    for (let i = start; i < start + 9; i++) {
      const ch = line.charAt(i);
      if (!/[0-9]/.test(ch)) continue;
      out.other++;
      if (outcome(i, String((Number(ch) + 3) % 10)) === 'wrong') out.otherWrong++;
      const look = DIGIT_LOOKALIKE[ch];
      if (!look) continue;
      out.confusion++;
      const o = outcome(i, look);
      if (o === 'fixed') out.confusionFixed++;
      if (o === 'wrong') out.confusionWrong++;
    }
  }
  return out;
}

describe('extractMrz on the shared specimens', () => {
  const path = groundTruthPath();
  const present = existsSync(path);
  it('parses every specimen MRZ and agrees with the mrz package on ICAO check digits', { skip: present ? false : `no ground truth at ${path} (set IDENTITY_CHECK_DATA)` }, () => {
    const specimens = (JSON.parse(readFileSync(path, 'utf8')) as Specimen[]).filter((s) => s.mrz && s.mrz.length > 0);
    let parsed = 0;
    let valid = 0;
    let noisyValid = 0;
    const unsupported: string[] = [];
    for (const s of specimens) {
      const lines = s.mrz ?? [];
      const r = read(lines);
      if (!r) {
        unsupported.push(s.file);
        continue;
      }
      parsed++;
      if (r.valid) valid++;
      const noisy = read(lines.map((l) => l.toLowerCase().replace(/(.{9})/g, '$1 ').replace(/<<<</g, '<<«<')));
      assert.equal(noisy?.surname, r.surname, s.file);
      assert.equal(noisy?.givenNames, r.givenNames, s.file);
      if (noisy?.valid) noisyValid++;
      const oracle = parse(lines.map((l) => l.normalize('NFD').replace(/\p{M}/gu, '')));
      if (r.format === 'MRVA' || r.format === 'MRVB' || oracle.format !== r.format) continue;
      for (const d of oracle.details) {
        const field = d.field ? MRZ_CHECK_FIELDS[d.field] : undefined;
        if (!field) continue;
        assert.equal(r.checks.find((c) => c.field === field)?.valid, d.valid, `${s.file} ${field}`);
      }
    }
    const sim = simulateRepairs(specimens);
    console.log(
      `document-number repair on check-valid specimens: digit misread as its look-alike letter ${sim.confusionFixed}/${sim.confusion} repaired, ${sim.confusionWrong} wrongly; digit misread as another digit ${sim.otherWrong}/${sim.other} wrongly "repaired"`,
    );
    assert.equal(sim.confusionWrong, 0);
    assert.equal(sim.otherWrong, 0);
    console.log(
      `MRZ specimens: ${specimens.length}, parsed ${parsed}, check-valid as printed ${valid}, check-valid after spacing/case/« noise ${noisyValid}; not ICAO layouts: ${unsupported.join(', ') || 'none'}`,
    );
    assert.ok(unsupported.length <= 1, `unparsed: ${unsupported.join(', ')}`);
    assert.equal(noisyValid, valid);
  });
});

// The French identity card issued until 2021 (not ICAO): surname on line 1, given names on line 2, no expiry.
const FRA = ['IDFRADUPONT<DURAND<<<<<<<<<<<<750123', '8806923102858JEAN<<PIERRE<<6504120M6'];

describe('extractMrz: the French identity card (FRA_ID)', () => {
  it('parses with its three check digits', () => {
    const r = read(FRA);
    assert.ok(r);
    assert.equal(r.format, 'FRA_ID');
    assert.equal(r.valid, true);
    assert.deepEqual(r.checks.map((c) => c.field), ['documentNumber', 'birthDate', 'composite']);
    assert.equal(r.surname, 'DUPONT DURAND');
    assert.equal(r.givenNames, 'JEAN PIERRE');
    assert.equal(r.documentNumber, '880692310285');
    assert.equal(r.birthDate, '1965-04-12');
    assert.equal(r.expirationDate, null);
    assert.equal(r.issuingState, 'FRA');
  });
  it('a wrong composite digit makes it invalid', () => {
    const r = read([FRA[0]!, FRA[1]!.slice(0, 35) + '7']);
    assert.equal(r?.valid, false);
    assert.deepEqual(r?.checks.filter((c) => !c.valid).map((c) => c.field), ['composite']);
  });
  it('the specimen in the shared data verifies (check digits computed by hand)', () => {
    const r = read(['IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<', '9409923102854CORINNE<<<<<<<6512068F4']);
    assert.equal(r?.valid, true);
    assert.equal(r?.givenNames, 'CORINNE');
  });
});

describe('extractMrz: a second << ends the name', () => {
  const rows: [string, string, string][] = [
    ['noise after the given names is filler', 'P<NLDMEULENDIJK<<LOES<ALBERTINE<<S<<S<<<<<<<', 'LOES ALBERTINE'],
    ['single-< given names are kept', 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'ANNA MARIA'],
    ['a surname alone stays alone', 'P<UTOERIKSSON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<', ''],
  ];
  for (const [note, line, given] of rows) {
    it(note, () => {
      const r = read([line, TD3[1]!]);
      assert.equal(r?.givenNames ?? '', given);
      assert.equal(r?.lines[0]!.length, 44);
    });
  }
});

describe('parseMrzLines', () => {
  it('parses exact-length lines of the named format', () => {
    assert.equal(parseMrzLines('TD3', TD3, { today: TODAY })?.valid, true);
    assert.equal(parseMrzLines('TD1', TD1, { today: TODAY })?.documentNumber, 'D23145890');
  });
  const bad: [string, MrzReading['format'], string[]][] = [
    ['a line too short', 'TD3', [TD3[0]!, TD3[1]!.slice(1)]],
    ['a line too many', 'TD3', [...TD3, TD3[1]!]],
    ['a character outside the MRZ set', 'TD3', [TD3[0]!.replace('ERIKSSON', 'ERIKSSÖN'), TD3[1]!]],
    ['the wrong format', 'TD2', TD3],
  ];
  for (const [note, format, lines] of bad) it(`null for ${note}`, () => assert.equal(parseMrzLines(format, lines, { today: TODAY }), null));
  it('still repairs a letter read for a digit where the check digit proves it', () => {
    const r = parseMrzLines('TD3', [TD3[0]!, TD3[1]!.replace('L898902C3', 'L8989O2C3')], { today: TODAY });
    assert.equal(r?.documentNumber, 'L898902C3');
    assert.equal(r?.valid, true);
  });
});

describe('mrzCharClasses, mrzFormatOf, mrzCheckPositions, mrzFieldSpan', () => {
  it('TD3 classes follow the layout', () => {
    const [l1, l2] = mrzCharClasses('TD3');
    assert.equal(l1, 'Aa' + 'aaa' + 'a'.repeat(39));
    assert.equal(l2, 'x'.repeat(9) + 'c' + 'aaa' + '999999c' + 's' + '999999c' + 'x'.repeat(14) + 'cc');
  });
  it('every format has one class string per line, of the line length', () => {
    for (const [format, count, length] of [['TD1', 3, 30], ['TD2', 2, 36], ['TD3', 2, 44], ['MRVA', 2, 44], ['MRVB', 2, 36], ['FRA_ID', 2, 36]] as const) {
      const classes = mrzCharClasses(format);
      assert.equal(classes.length, count, format);
      for (const line of classes) assert.equal(line.length, length, format);
    }
  });
  const formats: [number, number, string, MrzReading['format'] | null][] = [
    [3, 30, 'I<UTO', 'TD1'],
    [2, 36, 'I<UTO', 'TD2'],
    [2, 36, 'V<UTO', 'MRVB'],
    [2, 36, 'IDFRA', 'FRA_ID'],
    [2, 44, 'P<UTO', 'TD3'],
    [2, 44, 'V<UTO', 'MRVA'],
    [2, 30, 'I<UTO', null],
  ];
  for (const [count, length, first, format] of formats) {
    it(`${count}x${length} starting ${first} -> ${format}`, () => assert.equal(mrzFormatOf(count, length, first), format));
  }
  it('check positions cover the field and the digit', () => {
    const number = mrzCheckPositions('TD3').find((c) => c.field === 'documentNumber');
    assert.deepEqual(number?.positions.map((p) => p.pos), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(number?.positions.every((p) => p.line === 1));
  });
  it('field spans', () => {
    assert.deepEqual(mrzFieldSpan('TD1', 'nationality'), { line: 1, start: 15, end: 18 });
    assert.equal(mrzFieldSpan('FRA_ID', 'expirationDate'), null);
  });
});

describe('ICAO_STATE_CODES', () => {
  const known = ['UTO', 'D<<', 'GBR', 'XXA', 'EUE', 'RKS', 'CAN', 'FRA', 'ISL', 'TWN'];
  const unknown = ['OAN', 'LUM', 'TNN', 'D', 'GBZ', '132'];
  for (const code of known) it(`knows ${code}`, () => assert.ok(ICAO_STATE_CODES.has(code)));
  for (const code of unknown) it(`does not know ${code}`, () => assert.ok(!ICAO_STATE_CODES.has(code)));
  it('holds three-character codes only', () => assert.ok([...ICAO_STATE_CODES].every((c) => /^[A-Z][A-Z<]{2}$/.test(c))));
});
