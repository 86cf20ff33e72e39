import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractMrz } from './mrz.js';
import { crossCheckMrz, documentTypeOf, parsePrintedDates, readPrintedFields, type PrintedLine } from './printed-fields.js';

const TODAY = new Date('2026-11-25T00:00:00Z');

describe('parsePrintedDates', () => {
  const cases: [string, string[], 'birth' | 'other'][] = [
    ['12.08.1974', ['1974-08-12'], 'birth'],
    ['12/08/1974', ['1974-08-12'], 'birth'],
    ['1974-08-12', ['1974-08-12'], 'birth'],
    ['12 AUG 1974', ['1974-08-12'], 'birth'],
    ['12 AUG/AOUT 74', ['1974-08-12'], 'birth'],
    ['12 AOÛT 2031', ['2031-08-12'], 'other'],
    ['12 AUG 31', ['2031-08-12'], 'other'],
    ['12 AUG 31', ['1931-08-12'], 'birth'],
    ['15 ENE 1990', ['1990-01-15'], 'birth'],
    ['01 MÄR 2030', ['2030-03-01'], 'other'],
    ['03 DEZ 1988', ['1988-12-03'], 'birth'],
    ['07 GIU 2029', ['2029-06-07'], 'other'],
    ['1O.O8.1974', ['1974-08-10'], 'birth'],
    ['31.02.2020', [], 'other'],
    ['born 01.02.1980, issued 03.04.2020', ['1980-02-01', '2020-04-03'], 'birth'],
    ['DECEMBER', [], 'other'],
    ['L898902C3', [], 'other'],
  ];
  for (const [text, expected, kind] of cases) {
    it(`${text} (${kind}) -> ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(parsePrintedDates(text, kind, TODAY), expected);
    });
  }
});

const box = (x: number, y: number, width: number, height = 20) => ({ x, y, width, height });

describe('readPrintedFields', () => {
  it('reads values printed under bilingual labels (ICAO passport layout, two columns)', () => {
    const lines: PrintedLine[] = [
      { text: 'PASSPORT / PASSEPORT', box: box(200, 10, 300) },
      { text: 'Surname / Nom', box: box(200, 60, 150, 14) },
      { text: 'ERIKSSON', box: box(200, 78, 160) },
      { text: 'Given names / Prénoms', box: box(200, 110, 180, 14) },
      { text: 'ANNA MARIA', box: box(200, 128, 180) },
      { text: 'Date of birth / Date de naissance', box: box(200, 160, 200, 14) },
      { text: 'Sex / Sexe', box: box(450, 160, 80, 14) },
      { text: '12 AUG/AOUT 74', box: box(200, 178, 150) },
      { text: 'F', box: box(450, 178, 15) },
      { text: 'Date of expiry / Date d\'expiration', box: box(200, 210, 220, 14) },
      { text: 'Passport No. / No. du passeport', box: box(450, 210, 200, 14) },
      { text: '15 APR/AVR 12', box: box(200, 228, 150) },
      { text: 'L898902C3', box: box(450, 228, 120) },
    ];
    assert.deepEqual(readPrintedFields(lines, { today: TODAY }), {
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      fullName: null,
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      documentNumber: 'L898902C3',
    });
  });

  it('reads values on the label line and keeps diacritics', () => {
    const lines: PrintedLine[] = [
      { text: '1. Nachname/Surname: MÜLLER' },
      { text: '2. Vornamen/Given names: Anna Sofia' },
      { text: 'Geburtsdatum/Date of birth: 15.04.1990' },
      { text: 'Gültig bis/Date of expiry: 31.12.2034' },
      { text: 'Dokumentnummer/Document No.: D23145890' },
    ];
    assert.deepEqual(readPrintedFields(lines, { today: TODAY }), {
      surname: 'MÜLLER',
      givenNames: 'Anna Sofia',
      fullName: null,
      birthDate: '1990-04-15',
      expiryDate: '2034-12-31',
      documentNumber: 'D23145890',
    });
  });

  it('reads the next line in reading order when boxes are unknown (Spanish labels)', () => {
    const fields = readPrintedFields(
      ['APELLIDOS', 'ESPAÑOLA ESPAÑOLA', 'NOMBRE', 'CARMEN', 'FECHA DE NACIMIENTO', '01 01 1980', 'VALIDO HASTA', '01 01 2030'].map((text) => ({ text })),
      { today: TODAY },
    );
    assert.equal(fields.surname, 'ESPAÑOLA ESPAÑOLA');
    assert.equal(fields.givenNames, 'CARMEN');
    assert.equal(fields.birthDate, '1980-01-01');
    assert.equal(fields.expiryDate, '2030-01-01');
  });

  it('recognises labels whose spaces the recogniser dropped (Dateofbirth, Documentno.)', () => {
    const fields = readPrintedFields([{ text: 'Dateofbirth' }, { text: '15.04.1990' }, { text: 'Documentno.D23145890' }], { today: TODAY });
    assert.deepEqual([fields.birthDate, fields.documentNumber], ['1990-04-15', 'D23145890']);
  });

  it('does not take the cut-off rest of a label as its value', () => {
    const fields = readPrintedFields([{ text: 'Given names/Preno' }, { text: 'KARIN SOFIA' }], { today: TODAY });
    assert.equal(fields.givenNames, 'KARIN SOFIA');
  });

  it('splits a whole-name value written SURNAME, GIVEN', () => {
    const fields = readPrintedFields([{ text: 'Name' }, { text: 'CRITTENDEN, LEE W.' }], { today: TODAY });
    assert.deepEqual([fields.surname, fields.givenNames, fields.fullName], ['CRITTENDEN', 'LEE W', 'CRITTENDEN, LEE W']);
  });

  it('never takes a label or an MRZ line as a value, and guesses nothing without labels', () => {
    const fields = readPrintedFields(
      [{ text: 'Surname' }, { text: 'Given names' }, { text: 'ANNA' }, { text: 'ERIKSSON ANNA MARIA' }, { text: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' }],
      { today: TODAY },
    );
    assert.equal(fields.surname, null);
    assert.equal(fields.givenNames, 'ANNA');
    assert.equal(fields.birthDate, null);
    assert.equal(fields.documentNumber, null);
  });

  it('reads a value printed beside its label on the same row (Surname:   SMITH)', () => {
    const lines: PrintedLine[] = [
      { text: 'Surname:', box: box(37, 58, 53, 21) },
      { text: 'SMITH', box: box(216, 57, 41, 22) },
      { text: 'Given Name:', box: box(37, 87, 65, 19) },
      { text: 'JOHN DAVID', box: box(219, 87, 65, 19) },
      { text: 'Document No:', box: box(38, 199, 72, 19) },
      { text: 'A12345678', box: box(218, 199, 60, 19) },
    ];
    const fields = readPrintedFields(lines, { today: TODAY });
    assert.deepEqual([fields.surname, fields.givenNames, fields.documentNumber], ['SMITH', 'JOHN DAVID', 'A12345678']);
  });

  it('looks past a label\'s second language printed under it (ICAO TD2: Primary identifier / Identifiant primaire)', () => {
    const lines: PrintedLine[] = [
      { text: 'Primary identifier/', box: box(100, 60, 110, 12) },
      { text: 'Secondary identifier/', box: box(260, 60, 120, 12) },
      { text: 'Identifiant primaire', box: box(100, 73, 110, 12) },
      { text: 'Identifiant secondaire', box: box(260, 73, 120, 12) },
      { text: 'ERIKSSON', box: box(100, 88, 90, 16) },
      { text: 'ANNA MARIA', box: box(260, 88, 100, 16) },
    ];
    const fields = readPrintedFields(lines, { today: TODAY });
    assert.deepEqual([fields.surname, fields.givenNames], ['ERIKSSON', 'ANNA MARIA']);
  });

  // Labels as the recogniser reads small print on the specimens; the value under each is the holder's.
  for (const [label, kind, value] of [
    ['Sumame/Norr', 'surname', 'MARTIN'],
    ['Surna me/Nom(1)', 'surname', 'PUDARSAN'],
    ['Civen names/Prenoms(2)', 'givenNames', 'HENERT'],
    ['Numm/Nom/Sum', 'surname', 'Maus'],
    ['Sumame,Givennames/Nom,Prenoms', 'fullName', 'ERIKSSON ANNA MARIA'],
  ] as const) {
    it(`reads the misread label "${label}" as ${kind}`, () => {
      const fields = readPrintedFields([{ text: label, box: box(100, 60, 120, 12) }, { text: value, box: box(100, 76, 100, 16) }], { today: TODAY });
      assert.equal(fields[kind], value);
      for (const other of ['surname', 'givenNames', 'fullName'] as const) if (other !== kind) assert.equal(fields[other], null, other);
    });
  }

  // Names that begin with a label word, or spell one with a letter changed: values, not labels.
  for (const name of ['HOLDERMAN', 'HOLDERNESS', 'COGNOMEN', 'JMENOVA', 'PRENOMIS', 'EXPIRYSON', 'SURNAMEE', 'DOCUMENTA', 'NUMERONI']) {
    it(`takes ${name} under a Surname label as the surname`, () => {
      const fields = readPrintedFields([{ text: 'Surname', box: box(100, 60, 80, 12) }, { text: name, box: box(100, 76, 120, 16) }], { today: TODAY });
      assert.equal(fields.surname, name);
    });
  }

  it('does not take a name that merely resembles a label for one (SUMMERS, GIVENS, NOMURA)', () => {
    const fields = readPrintedFields(
      [{ text: 'SUMMERS', box: box(100, 60, 90, 16) }, { text: 'GIVENS', box: box(100, 80, 90, 16) }, { text: 'NOMURA', box: box(100, 100, 90, 16) }, { text: 'ANNA', box: box(100, 120, 60, 16) }],
      { today: TODAY },
    );
    assert.deepEqual([fields.surname, fields.givenNames, fields.fullName], [null, null, null]);
  });
});

describe('crossCheckMrz', () => {
  const mrz = extractMrz(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'], { today: TODAY })!;

  it('reports agreement field by field, with transliteration', () => {
    const checks = crossCheckMrz(
      mrz,
      { surname: 'Eriksson', givenNames: 'Anna Maria', fullName: null, birthDate: '1974-08-12', expiryDate: '2012-04-15', documentNumber: 'L898902C3' },
      { today: TODAY },
    );
    assert.deepEqual(checks.map((c) => c.status), ['agree', 'agree', 'agree', 'agree', 'agree']);
  });

  it('reports a printed surname that differs from the MRZ (ERIKKSON vs ERIKSSON) and a different birth date', () => {
    const checks = crossCheckMrz(
      mrz,
      { surname: 'ERIKKSON', givenNames: null, fullName: null, birthDate: '1974-08-13', expiryDate: null, documentNumber: null },
      { today: TODAY, lines: [{ text: 'L898902C3' }] },
    );
    assert.deepEqual(
      checks.map((c) => [c.field, c.status]),
      [['surname', 'disagree'], ['givenNames', 'absent'], ['birthDate', 'disagree'], ['expiryDate', 'absent'], ['documentNumber', 'agree']],
    );
  });

  it('counts a printed Ü as either UE or U, and a truncated MRZ given name as a prefix', () => {
    const card = extractMrz(['I<UTOD231458907<<<<<<<<<<<<<<<', '9004151F3412312UTO<<<<<<<<<<<8', 'MUELLER<<ANNA<SOFIA<<<<<<<<<<<'], { today: TODAY })!;
    const fields = { surname: 'MÜLLER', givenNames: 'ANNA SOFIA', fullName: null, birthDate: null, expiryDate: null, documentNumber: null };
    assert.equal(crossCheckMrz(card, fields)[0]!.status, 'agree');
    assert.equal(crossCheckMrz(card, { ...fields, surname: 'MULLER' })[0]!.status, 'agree');
    const long = { ...mrz, givenNames: 'ANNA MAR' };
    assert.equal(crossCheckMrz(long, { ...fields, surname: 'ERIKSSON', givenNames: 'ANNA MARIA' }, { truncated: true })[1]!.status, 'agree');
    assert.equal(crossCheckMrz(long, { ...fields, surname: 'ERIKSSON', givenNames: 'ANNA MARIA' })[1]!.status, 'disagree');
    assert.equal(crossCheckMrz(mrz, { ...fields, surname: 'ERIKSSON', givenNames: 'ANNAMARIA' })[1]!.status, 'agree');
  });

  it('compares document numbers with O and 0, I and 1 alike, and still tells other characters apart', () => {
    const status = (printed: string): string =>
      crossCheckMrz(mrz, { surname: null, givenNames: null, fullName: null, birthDate: null, expiryDate: null, documentNumber: printed }, { today: TODAY }).find((c) => c.field === 'documentNumber')!.status;
    assert.deepEqual(['L898902C3', 'L8989O2C3', 'L898902CE', 'L898903C3'].map(status), ['agree', 'agree', 'disagree', 'disagree']);
  });

  it('does not compare a date whose MRZ check digit fails', () => {
    const bad = { ...mrz, checks: mrz.checks.map((c) => (c.field === 'birthDate' ? { ...c, valid: false } : c)) };
    const checks = crossCheckMrz(bad, { surname: null, givenNames: null, fullName: null, birthDate: '1999-01-01', expiryDate: null, documentNumber: null });
    assert.equal(checks.find((c) => c.field === 'birthDate')!.status, 'absent');
  });
});

describe('documentTypeOf', () => {
  const cases: [string, string[], string, string | null][] = [
    ['TD3 passport', ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'], '', 'passport'],
    ['TD1 card', ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'], '', 'id_card'],
    ['MRV-B visa', ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'], '', 'visa'],
    ['no MRZ, French card title', [], "CARTE NATIONALE D'IDENTITÉ", 'id_card'],
    ['no MRZ, German passport title', [], 'REISEPASS / PASSPORT', 'passport'],
    ['nothing to tell', [], 'SPECIMEN', null],
  ];
  for (const [label, mrzLines, title, expected] of cases) {
    it(`${label} -> ${expected}`, () => {
      const mrz = mrzLines.length ? extractMrz(mrzLines, { today: TODAY }) : null;
      assert.equal(documentTypeOf(mrz, [title]), expected);
    });
  }
});
