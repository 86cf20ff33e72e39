import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mrzContradicts, ocrSplitOf, undoTransliteration, type MrzWords, type TypedUnit } from './mrz-agreement.js';
import { levenshtein } from './edit-distance.js';

describe('undoTransliteration', () => {
  const rows: readonly (readonly [string, readonly string[]])[] = [
    ['MUELLER', ['MUELLER', 'MULLER']],
    ['AASA', ['AASA', 'ASA']],
    ['MAENNIK', ['MAENNIK', 'MANNIK']],
    ['OESP', ['OESP', 'OSP']],
    ['SCHOENHAEUSER', ['SCHOENHAEUSER', 'SCHOENHAUSER', 'SCHONHAEUSER', 'SCHONHAUSER']],
    ['STRASSE', ['STRASSE']],
    ['THOR', ['THOR']],
    ['ERIKSSON', ['ERIKSSON']],
  ];
  for (const [word, spellings] of rows) it(word, () => assert.deepEqual(undoTransliteration(word).sort(), [...spellings].sort()));

  it('stops at 64 spellings', () => assert.equal(undoTransliteration('AE'.repeat(10)).length, 64));
});

describe('mrzContradicts', () => {
  const zone = (surname: string, given: string, extra: Partial<MrzWords> = {}): MrzWords => ({
    surname: surname.split(' '),
    givenNames: given.split(' ').filter((w) => w !== ''),
    truncated: false,
    valid: true,
    ...extra,
  });
  const options = { maxJoinedTokens: 3, near: (a: string, b: string) => levenshtein(a, b) <= 1 };
  const unit = (forms: string[], cost: number, docForm: string): TypedUnit => ({ forms, cost, docForm });
  const MUELLER = zone('MUELLER', 'ANNA SOFIA');
  // [typed unit, zone, contradicts, note]
  const rows: readonly (readonly [TypedUnit, MrzWords, boolean, string])[] = [
    [unit(['MUELLER', 'MULLER'], 0, 'MULLER'), MUELLER, false, 'Müller'],
    [unit(['MULLER'], 0, 'MULLER'), MUELLER, false, 'Muller matching a printed MÜLLER exactly'],
    [unit(['MULLER'], 1, 'MOLLER'), MUELLER, true, 'Muller matching a printed MÖLLER only with tolerance'],
    [unit(['MOELLER', 'MOLLER'], 1, 'MULLER'), MUELLER, true, 'Möller through the plain fold'],
    [unit(['MOELLER', 'MOLLER'], 0, 'MOLLER'), MUELLER, true, 'Möller matching a misread printed MÖLLER exactly'],
    [unit(['MUELER', 'MULER'], 1, 'MULLER'), MUELLER, true, 'Müler'],
    [unit(['NUELLER', 'NULLER'], 1, 'MUELLER'), MUELLER, true, 'Nüller'],
    [unit(['SOFIA'], 0, 'SOFIA'), MUELLER, false, 'a given name spelled alike'],
    [unit(['MUELLER'], 0, 'MUELLER'), zone('MULLER', 'HANS'), false, 'Mueller typed and printed MÜLLER, for an MRZ that writes Ü as U'],
    [unit(['MUELLER'], 1, 'MUELLEH'), zone('MULLER', 'HANS'), true, 'same, but the printed word only resembles the typed one'],
    [unit(['ANNASOFIA'], 0, 'ANNASOFIA'), MUELLER, false, 'given names typed as one word'],
    [unit(['BERGER'], 0, 'BERGER'), MUELLER, false, 'a word the MRZ has nothing near (left to the coverage rule)'],
    [unit(['SOFIA'], 0, 'SOFIA'), zone('MUELLER', 'ANNA SOF', { truncated: true }), false, 'cut short by a full name field'],
    [unit(['SOPHIA'], 1, 'SOFIA'), MUELLER, true, 'two edits from the MRZ word, but paired with a printed word the MRZ spells'],
    [unit(['SOPHIA'], 1, 'SOPHIE'), MUELLER, false, 'two edits from the MRZ word, paired with a printed word the MRZ lacks'],
    [unit(['MICHAL'], 1, 'MICHAEL'), zone('NOWAK', 'MICHAEL'), true, 'MICHAL is not MICHAEL read back: the printed word has the E'],
    [unit(['MOLLER'], 1, 'MULLER'), zone('MUELLER', 'ANNA', { valid: false }), true, 'unverified zone, printed word spelled by the MRZ in the plain fold'],
    [unit(['MOLLER'], 0, 'MOLLER'), zone('MUELLER', 'ANNA', { valid: false }), false, 'unverified zone does not overrule an exact printed match'],
  ];
  for (const [typed, mrz, want, note] of rows) it(note, () => assert.equal(mrzContradicts([typed], mrz, options), want));
});

describe('ocrSplitOf: an MRZ word with letters doubled or split by the recogniser', () => {
  const rows: readonly (readonly [mrz: string, printed: string, split: boolean, why: string])[] = [
    ['LLOORD', 'LORD', true, 'two letters doubled'],
    ['SSCHWARZENEGGER', 'SCHWARZENEGGER', true, 'first letter doubled'],
    ['ALLEXANDER', 'ALEXANDER', true, 'a middle letter doubled'],
    ['AMIANDA', 'AMANDA', true, 'an I split off a wide glyph'],
    ['BENIING', 'BENING', true, 'I doubled'],
    ['LORD', 'LORD', false, 'the same word is no split'],
    ['LLLOORD', 'LORD', false, 'three extra letters: more than MAX_SPLIT_LETTERS'],
    ['LOARD', 'LORD', false, 'an inserted letter that is neither a repeat nor an I'],
    ['LORO', 'LORD', false, 'a substitution'],
    ['LRD', 'LORD', false, 'a dropped letter'],
    ['ALEXANDRE', 'ALEXANDER', false, 'a transposition'],
  ];
  for (const [mrz, printed, split, why] of rows) {
    it(`${why}: ${mrz} / ${printed} -> ${split}`, () => assert.equal(ocrSplitOf(mrz, printed), split));
  }
});
