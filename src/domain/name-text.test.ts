import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameCharacterProblem, nameLength } from './name-text.js';

describe('nameCharacterProblem: refused', () => {
  // [typed, what the reason must say, note]
  const refused: readonly (readonly [string, RegExp, string])[] = [
    ['Anna Sofia M\u202Eüller', /bidi control \(U\+202E RIGHT-TO-LEFT OVERRIDE\) at character 13/, 'RLO'],
    ['Anna\u200B Sofia Müller', /zero-width character \(U\+200B ZERO WIDTH SPACE\) at character 5/, 'zero-width space'],
    ['Anna Sofia Mü\u200Dller', /zero-width character \(U\+200D ZERO WIDTH JOINER\) at character 14/, 'zero-width joiner'],
    ['Anna So\u00ADfia Müller', /soft hyphen \(U\+00AD SOFT HYPHEN\) at character 8/, 'soft hyphen'],
    ['\uFEFFAnna Sofia Müller', /byte order mark \(U\+FEFF BYTE ORDER MARK\) at character 1/, 'BOM'],
    ['Anna Sofia Müller\u2066', /bidi control \(U\+2066 LEFT-TO-RIGHT ISOLATE\) at character 18/, 'isolate at the end'],
    ['Anna Sofia Müller\u{E0041}', /invisible format character \(U\+E0041\) at character 18/, 'tag character, counted as one'],
    ['Anna Sofia Müllеr', /word 3 of the name mixes Latin and Cyrillic letters \(U\+0435, Cyrillic, at character 16\)/, 'Cyrillic е'],
    ['Аnna Sofia Müller', /word 1 of the name mixes Cyrillic and Latin letters \(U\+006E, Latin, at character 2\)/, 'Cyrillic А first'],
    ['Anna Sofiα Müller', /word 2 .* Latin and Greek letters \(U\+03B1/, 'Greek alpha'],
    ['Anna-Sofia Mü\u0308llеr', /word 3 .* Latin and Cyrillic/, 'combining marks do not hide the mix'],
    ['Сергей Ivanоv', /word 2 .* Latin and Cyrillic/, 'Cyrillic name, one Latin word with a Cyrillic о'],
  ];
  for (const [typed, reason, note] of refused) {
    it(`${note}: ${JSON.stringify(typed)}`, () => {
      const problem = nameCharacterProblem(typed);
      assert.ok(problem, 'accepted');
      assert.match(problem.reason, reason);
      assert.doesNotMatch(problem.reason, /[\p{Cf}]/u, 'the reason carries the invisible character itself');
    });
  }
});

describe('nameCharacterProblem: accepted', () => {
  const accepted: readonly (readonly [string, string])[] = [
    ['Anna Sofia Müller', 'Latin with diacritics'],
    ['Anna Sofia Mu\u0308ller', 'decomposed umlaut (combining mark is Inherited)'],
    ['Сергей Иванов', 'a whole name in Cyrillic'],
    ['Γιώργος Παπαδόπουλος', 'a whole name in Greek'],
    ['Mei-Hua Lin 林美華', 'a Latin name plus a Chinese name'],
    ['Sergei Сергей Ivanov', 'a Latin and a Cyrillic word side by side'],
    ["Sean O'Connor-Smith", 'apostrophe and hyphen are Common'],
    ['山田 はな子', 'Japanese: kanji with kana in one word'],
    ['김민준 金敏俊', 'Korean: hangul and hanja'],
    ['Lee W. Crittenden 3rd', 'digits and full stops are Common'],
  ];
  for (const [typed, note] of accepted) it(`${note}: ${typed}`, () => assert.equal(nameCharacterProblem(typed), null));
});

describe('nameLength counts characters of the NFC form', () => {
  const rows: readonly (readonly [string, number, string])[] = [
    ['Müller', 6, 'composed ü'],
    ['Mu\u0308ller', 6, 'decomposed ü composes under NFC'],
    ['😀', 1, 'a surrogate pair counts once'],
    ['\u{20000}'.repeat(200), 200, 'astral Han letters'],
    ['', 0, 'empty'],
  ];
  for (const [text, n, note] of rows) it(`${note}: ${n}`, () => assert.equal(nameLength(text), n));
});
