/**
 * The mrz_reread rule of matchName (a typed spelling the MRZ image supports) and typedMrzNameFields (the MRZ
 * name fields a typed name could be). The re-readings are given here as the adapter would compute them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_NAME_POLICY, matchName, MRZ_FREE_TAIL, typedMrzNameFields, type DocumentNames, type MrzReread } from './name-match.js';

/** A document whose MRZ was read as `read` (a TD3 name field of 39), re-read under the typed name as `spelled`. */
function doc(read: string, spelled: string, loss: number): DocumentNames {
  const pad = (s: string): string => s.padEnd(39, '<');
  const words = (s: string): string => s.split('<').filter(Boolean).join(' ');
  const [surname = '', given = ''] = spelled.split('<<');
  const [readSurname = '', readGiven = ''] = read.split('<<');
  const reread: MrzReread = { surname: words(surname), givenNames: words(given), loss, spelled: pad(spelled), read: pad(read) };
  return { mrz: { surname: words(readSurname), givenNames: words(readGiven) }, lines: [], mrzReread: reread };
}

const CASES: readonly [string, DocumentNames, string, boolean, string][] = [
  ['Jon Public', doc('PUBLHC<<JON', 'PUBLIC<<JON', 1.1), 'mrz_reread', true, 'one misread letter in a six-letter surname'],
  ['Alaaeldin Mabrouk', doc('NABROUK<CALAAELDIN<ISHAIL', 'MABROUK<<ALAAELDIN<ISHAIL', 3.2), 'mrz_reread', true, 'a letter and a separator, middle name left out'],
  ['Jon Public', doc('PUBLHC<<JON', 'PUBLIC<<JON', 5.5), 'no_match', false, 'the image makes the spelling too unlikely'],
  ['Jan Public', doc('PUBLIC<<JON', 'PUBLIC<<JAN', 0.5), 'no_match', false, 'a changed letter in a three-letter word'],
  ['Jon Pxblxc', doc('PUBLIC<<JON', 'PXBLXC<<JON', 0.5), 'no_match', false, 'two changed letters in a six-letter word'],
  ['Jon Publix', doc('PUBLIC<<JON', 'PUBLIX<<JON', 0.5), 'mrz_reread', true, 'one changed letter the image allows (the loss is the guard)'],
  ['Jodie Pippa United Kingdom Twenty Six', doc('UNITED<KINGDOH<TVENTY<SIX<<JODIE<PIPPAS', 'UNITED<KINGDOM<TWENTY<SIX<<JODIE<PIPPA<', 4.6), 'mrz_reread', true, 'three changes, one per long word and a separator'],
  ['Mary Ann Kingsbury', doc('KINGSBVRY<<HARY<AMN', 'KINGSBURY<<MARY<ANN', 2), 'no_match', false, 'changes in short words'],
  ['Lucienne Oberhauser', doc('0BERHAVSEK<<LUCIENNE', 'OBERHAUSER<<LUCIENNE', 3), 'no_match', false, 'three changes in one ten-letter word'],
  ['Beata Katarzyna Aleksandra Kowalska', doc('KOWALSKX<<BEATX<KATARZYNX<ALEKSANDRX', 'KOWALSKA<<BEATA<KATARZYNA<ALEKSANDRA', 3), 'no_match', false, 'one change in each of four words, over maxRereadChanges'],
];

describe('matchName: mrz_reread', () => {
  for (const [typed, names, rule, match, note] of CASES) {
    it(`${note}: ${JSON.stringify(typed)} -> ${rule}`, () => {
      const r = matchName(typed, names);
      assert.equal(r.rule, rule, r.explanation);
      assert.equal(r.match, match);
      if (match) assert.equal(r.source, 'mrz');
    });
  }

  it('an exact MRZ match is decided before any re-reading', () => {
    assert.equal(matchName('Jon Public', doc('PUBLIC<<JON', 'PUBLIC<<JON', 0)).rule, 'mrz_exact');
  });

  it('the explanation gives the count and the cost, not the names', () => {
    const r = matchName('Jon Public', doc('PUBLHC<<JON', 'PUBLIC<<JON', 1.06));
    assert.match(r.explanation, /1 character\(s\) read otherwise, log-score cost 1\.1/);
    assert.doesNotMatch(r.explanation, /PUBLIC|JON/i);
  });

  it('follows the policy thresholds', () => {
    const names = doc('PUBLHC<<JON', 'PUBLIC<<JON', 1.1);
    assert.equal(matchName('Jon Public', names, { ...DEFAULT_NAME_POLICY, maxRereadLoss: 1 }).match, false);
    assert.equal(matchName('Jon Public', names, { ...DEFAULT_NAME_POLICY, maxRereadChanges: 0 }).match, false);
  });
});

describe('typedMrzNameFields', () => {
  it('tries every split, surname first or last, complete or with a free tail', () => {
    const fields = typedMrzNameFields('Anna Maria Eriksson');
    for (const f of ['ERIKSSON<<ANNA<MARIA', 'MARIA<ERIKSSON<<ANNA', 'ANNA<<MARIA<ERIKSSON', 'ANNA<MARIA<<ERIKSSON', `ERIKSSON<<ANNA<MARIA<${MRZ_FREE_TAIL}`]) {
      assert.ok(fields.includes(f), f);
    }
    assert.equal(new Set(fields).size, fields.length);
  });

  it('spells as the MRZ does: ICAO transliteration, hyphens and spaces as <, apostrophes dropped', () => {
    const fields = typedMrzNameFields("Jürgen O'Brien-Müller");
    assert.ok(fields.includes('OBRIEN<MUELLER<<JUERGEN'), fields.join(' '));
    assert.ok(fields.includes('OBRIEN<MULLER<<JURGEN'), 'the plain folding too');
  });

  it('no free tail when omitted given names are not allowed; nothing for a single word', () => {
    assert.ok(typedMrzNameFields('Jon Public', { ...DEFAULT_NAME_POLICY, allowOmittedGivenNames: false }).every((f) => !f.includes(MRZ_FREE_TAIL)));
    assert.deepEqual(typedMrzNameFields('Public'), []);
  });
});

describe('an illegible MRZ name and the printed text', () => {
  /** A check-valid zone whose name line was illegible (names dropped), re-read under the typed name. */
  const illegible = (spelled: string, loss: number, lines: readonly string[]): DocumentNames => ({ ...doc('LIZ<<MEI<HUA', spelled, loss), mrz: null, mrzNameIllegible: true, lines });
  const PAGE = ['SURNAME', 'LIN', 'GIVEN NAMES', 'MEI-HUA', 'SPECIMEN'];
  const cases: readonly [string, DocumentNames, string, string][] = [
    ['Mei-Hua Lin', illegible('LIN<<MEI<HUA', 0.13, PAGE), 'text_exact', 'the typed spelling fits the MRZ image: the printed name decides'],
    ['Mei-Hua Specimen', illegible('SPECIMEN<<MEI<HUA', 49, PAGE), 'no_match', 'printed words of the page, but the MRZ image cannot be that name'],
    ['Mei-Hua Specimen', { ...illegible('SPECIMEN<<MEI<HUA', 49, PAGE), mrzNameIllegible: false }, 'text_exact', 'KNOWN LIMIT: with no MRZ name at all the printed page decides alone'],
  ];
  for (const [typed, names, rule, why] of cases) {
    it(`${why}: "${typed}" -> ${rule}`, () => assert.equal(matchName(typed, names, DEFAULT_NAME_POLICY).rule, rule));
  }
});
