/**
 * Text folding shared by the MRZ reader and the name matcher. Pure functions, no state.
 *
 * Names reach us in three spellings: as typed (any script, any case, accents), as printed on the document
 * (accents kept or dropped) and as written in the MRZ (ICAO 9303 Part 3 transliteration, A-Z only).
 * Folding every spelling to upper-case A-Z lets the three be compared.
 */
import { transliterate } from './transliteration.js';

/**
 * ICAO 9303 Part 3 (section 6, "Transliteration of multinational characters") multi-letter mappings. Letters
 * not listed fold by dropping their diacritics (É -> E). Where ICAO allows two spellings (Ä -> AE or A) the
 * short one is produced by plain diacritic folding, see `nameVariants`.
 */
const ICAO_TRANSLITERATION: Readonly<Record<string, string>> = Object.freeze({
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ö: 'OE',
  Ø: 'OE',
  Ü: 'UE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ð: 'D',
  Đ: 'D',
  Œ: 'OE',
  Ĳ: 'IJ',
  Ł: 'L',
  Ŀ: 'L',
  Ħ: 'H',
  Ŧ: 'T',
  Ŋ: 'N',
});

/**
 * Letters with no Unicode decomposition that plain folding must still map: the ICAO table's entries for
 * such letters (the decomposable ones, Ä -> A, lose their marks via NFD instead), except Ø, which plainly
 * folds to O.
 */
const PLAIN_EXTRA: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(Object.entries(ICAO_TRANSLITERATION).filter(([letter]) => letter.normalize('NFD') === letter)),
  Ø: 'O',
});

const COMBINING_MARKS = /\p{M}+/gu;

/** Unicode NFKC then upper case; `ß` stays a single letter so the tables above can see it. */
export function canonicalUpper(text: string): string {
  return text
    .normalize('NFKC')
    .split('')
    .map((ch) => (ch === 'ß' ? ch : ch.toUpperCase()))
    .join('');
}

function mapLetters(text: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of text) out += table[ch] ?? ch;
  return out;
}

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** Folds to the ICAO MRZ spelling: "Müller" -> "MUELLER", "Þuríður" -> "THURIDUR". */
export function foldIcao(text: string): string {
  return stripMarks(mapLetters(canonicalUpper(text), ICAO_TRANSLITERATION));
}

/** Folds by dropping diacritics only: "Müller" -> "MULLER", "Søren" -> "SOREN". */
export function foldPlain(text: string): string {
  return stripMarks(mapLetters(canonicalUpper(text), PLAIN_EXTRA));
}

/**
 * Accented vowels some issuers write with an E in the MRZ, as if they were umlauts: Iceland writes ÓSP as
 * OESP. Not in the ICAO table; used only as a third spelling of a name typed *with* the accent.
 */
const ACCENT_AS_UMLAUT: Readonly<Record<string, string>> = Object.freeze({
  Ó: 'OE', Ò: 'OE', Ô: 'OE', Õ: 'OE', Ő: 'OE', Ú: 'UE', Ù: 'UE', Û: 'UE', Ű: 'UE', Á: 'AE', À: 'AE', Â: 'AE',
});

/**
 * Every A-Z spelling a name string may legitimately take: the ICAO transliteration, the plain fold, and
 * (where the name has such a letter) accented vowels written as umlauts. A typed "Müller" must meet both the
 * MRZ "MUELLER" and a printed "MULLER"; a typed "Ósp" the Icelandic MRZ "OESP"; a typed "Сергей" the MRZ
 * "SERGEI".
 */
export function nameVariants(text: string): readonly string[] {
  // Cyrillic, Greek and Arabic words take their MRZ spellings (transliteration.ts), each folded like Latin.
  const scripted = transliterate(canonicalUpper(text));
  if (scripted.length > 0) return [...new Set(scripted.map(foldIcao))];
  const icao = foldIcao(text);
  const plain = foldPlain(text);
  const umlaut = foldIcao(mapLetters(canonicalUpper(text), ACCENT_AS_UMLAUT));
  return [...new Set([icao, plain, umlaut])];
}
