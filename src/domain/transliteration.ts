/**
 * Names typed in Cyrillic, Greek or Arabic spelled as an MRZ writes them (A-Z), so that "Сергей Иванов" can
 * meet `IVANOV<<SERGEI`. Pure functions over upper-cased words (text-normalise.ts `canonicalUpper`).
 *
 * Sources:
 * - Cyrillic and Arabic: ICAO Doc 9303 Part 3 (8th edition, 2021), section 6 "Transliterations recommended
 *   for use by States": 6.B (Cyrillic characters) and 6.C (Arabic characters). Where 6.B gives a language its
 *   own value (Ukrainian Г = H, Bulgarian Щ = SHT, Serbian and Macedonian Ж = Z ...), each language's
 *   spelling is produced, because an issuing state applies its own.
 * - Greek: Part 3 has no Greek table; Greek passports write the MRZ by ELOT 743 (ISO 843 transcription), so
 *   that is the table used, with its vowel digraphs (ΟΥ = OU, ΑΥ/ΕΥ/ΗΥ = AV/EV/IV or AF/EF/IF).
 *
 * A word in another script, or in Latin, is returned unchanged: other tables fold Latin (text-normalise.ts).
 */

type Table = Readonly<Record<string, string>>;

/** ICAO 9303-3 section 6.B, the first (general) column: Russian and most other Cyrillic alphabets. */
const CYRILLIC: Table = Object.freeze({
  А: 'A', Б: 'B', В: 'V', Г: 'G', Ґ: 'G', Д: 'D', Ѓ: 'G', Ђ: 'D', Е: 'E', Ё: 'E', Є: 'IE', Ж: 'ZH', З: 'Z',
  Ѕ: 'DZ', И: 'I', І: 'I', Ї: 'I', Й: 'I', Ј: 'J', К: 'K', Л: 'L', Љ: 'LJ', М: 'M', Н: 'N', Њ: 'NJ', О: 'O',
  П: 'P', Р: 'R', С: 'S', Т: 'T', Ќ: 'K', Ћ: 'C', У: 'U', Ў: 'U', Ф: 'F', Х: 'KH', Ц: 'TS', Ч: 'CH', Џ: 'DZ',
  Ш: 'SH', Щ: 'SHCH', Ъ: 'IE', Ы: 'Y', Ь: '', Э: 'E', Ю: 'IU', Я: 'IA',
});

/** ICAO 9303-3 section 6.B, the language columns that differ from the general one. */
const CYRILLIC_LANGUAGES: readonly Table[] = Object.freeze([
  // Ukrainian: Г = H, И = Y (І, Ї, Є keep I, I, IE).
  Object.freeze({ Г: 'H', И: 'Y' }),
  // Belarusian: Г = H.
  Object.freeze({ Г: 'H' }),
  // Bulgarian: Щ = SHT, Ъ = A.
  Object.freeze({ Щ: 'SHT', Ъ: 'A' }),
  // Serbian and Macedonian: Ж = Z, Х = H, Ц = C, Ч = C, Ш = S (Ђ, Ћ, Џ, Љ, Њ as in the general column).
  Object.freeze({ Ж: 'Z', Х: 'H', Ц: 'C', Ч: 'C', Ш: 'S' }),
]);

/** ICAO 9303-3 section 6.C, Arabic letters (the reversible X-prefixed scheme); marks and tatweel write nothing. */
const ARABIC: Table = Object.freeze({
  ء: 'XE', آ: 'XAA', أ: 'XAE', ؤ: 'U', إ: 'I', ئ: 'XI', ا: 'A', ب: 'B', ة: 'XTA', ت: 'T', ث: 'XTH', ج: 'J',
  ح: 'XH', خ: 'XKH', د: 'D', ذ: 'XDH', ر: 'R', ز: 'Z', س: 'S', ش: 'XSH', ص: 'XSS', ض: 'XDZ', ط: 'XTT',
  ظ: 'XZZ', ع: 'E', غ: 'G', ـ: '', ف: 'F', ق: 'Q', ك: 'K', ل: 'L', م: 'M', ن: 'N', ه: 'H', و: 'W', ى: 'XAY',
  ي: 'Y', ٱ: 'XXA', ٹ: 'XXT', ټ: 'XRT', پ: 'P', ځ: 'XKE', څ: 'XXH', چ: 'XC', ڈ: 'XXD', ډ: 'XDR', ڑ: 'XXR',
  ړ: 'XRR', ږ: 'XRX', ژ: 'XJ', ښ: 'XXS', ک: 'XKK', ګ: 'XXK', ڭ: 'XNG', گ: 'XGG', ں: 'XNN', ڼ: 'XXN', ھ: 'XDO',
  ۀ: 'XYH', ہ: 'XXG', ۂ: 'XGE', ۃ: 'XTG', ی: 'XYA', ۍ: 'XXY', ې: 'Y', ے: 'XYB', ۓ: 'XBE',
});
/** Section 6.C: teh marbuta at the end of a name component is XAH, elsewhere XTA. */
const TEH_MARBUTA = 'ة';
/** Section 6.C: shadda doubles the letter it sits on; the other harakat are not written. */
const SHADDA = '\u0651';
const ARABIC_MARKS = /[\u064B-\u0650\u0652\u0670]/gu;

/** ELOT 743 single letters (upper case, tonos removed; dialytika kept: Ϊ Ϋ stand alone). */
const GREEK: Table = Object.freeze({
  Α: 'A', Β: 'V', Γ: 'G', Δ: 'D', Ε: 'E', Ζ: 'Z', Η: 'I', Θ: 'TH', Ι: 'I', Ϊ: 'I', Κ: 'K', Λ: 'L', Μ: 'M',
  Ν: 'N', Ξ: 'X', Ο: 'O', Π: 'P', Ρ: 'R', Σ: 'S', Τ: 'T', Υ: 'Y', Ϋ: 'Y', Φ: 'F', Χ: 'CH', Ψ: 'PS', Ω: 'O',
});
/** ELOT 743 digraphs: ΟΥ = OU; ΓΓ, ΓΞ, ΓΧ write the nasal Γ as N (ΓΚ stays GK). */
const GREEK_DIGRAPHS: Table = Object.freeze({ ΟΥ: 'OU', ΓΓ: 'NG', ΓΞ: 'NX', ΓΧ: 'NCH' });
/** ELOT 743: ΑΥ, ΕΥ, ΗΥ are AV, EV, IV before a vowel or voiced consonant, AF, EF, IF before a voiceless one or at the end. */
const GREEK_U_DIPHTHONG: Table = Object.freeze({ Α: 'A', Ε: 'E', Η: 'I' });
const GREEK_VOICELESS = new Set(['Θ', 'Κ', 'Ξ', 'Π', 'Σ', 'Τ', 'Φ', 'Χ', 'Ψ']);

const TONOS = /[\u0301\u0341]/gu;

export type TranslitScript = 'Cyrillic' | 'Greek' | 'Arabic';

/** The script a word is written in, when it is one these tables cover. */
export function translitScript(word: string): TranslitScript | null {
  if (/\p{Script=Cyrillic}/u.test(word)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(word)) return 'Greek';
  if (/\p{Script=Arabic}/u.test(word)) return 'Arabic';
  return null;
}

function mapEach(word: string, table: Table): string {
  let out = '';
  for (const ch of word) out += table[ch] ?? ch;
  return out;
}

function cyrillic(word: string): string[] {
  const upper = word.normalize('NFC');
  const spellings = [mapEach(upper, CYRILLIC), ...CYRILLIC_LANGUAGES.map((lang) => mapEach(upper, { ...CYRILLIC, ...lang }))];
  return [...new Set(spellings)];
}

function arabic(word: string): string {
  // Shadda first: it doubles the letter before it, whatever harakat sit between.
  const letters = [...word.normalize('NFC').replace(ARABIC_MARKS, '')];
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] as string;
    if (ch === SHADDA) continue;
    const value = ch === TEH_MARBUTA && i === letters.length - 1 ? 'XAH' : (ARABIC[ch] ?? ch);
    out += letters[i + 1] === SHADDA ? value + value : value;
  }
  return out;
}

function greek(word: string): string {
  // Tonos off, dialytika kept (NFC recomposes Ϊ and Ϋ), final sigma as sigma.
  const letters = [...word.normalize('NFD').replace(TONOS, '').normalize('NFC').replace(/ς/g, 'Σ').toUpperCase()];
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] as string;
    const next = letters[i + 1];
    const pair = next === undefined ? '' : ch + next;
    const diphthong = GREEK_U_DIPHTHONG[ch];
    if (diphthong !== undefined && next === 'Υ') {
      const after = letters[i + 2];
      out += diphthong + (after === undefined || GREEK_VOICELESS.has(after) ? 'F' : 'V');
      i++;
    } else if (GREEK_DIGRAPHS[pair] !== undefined) {
      out += GREEK_DIGRAPHS[pair];
      i++;
    } else {
      out += GREEK[ch] ?? ch;
    }
  }
  return out;
}

/**
 * The MRZ spellings of one upper-case word in Cyrillic, Greek or Arabic (one or more: Cyrillic has a spelling
 * per language column), or an empty list for a word in any other script.
 */
export function transliterate(word: string): string[] {
  switch (translitScript(word)) {
    case 'Cyrillic':
      return cyrillic(word);
    case 'Greek':
      return [greek(word)];
    case 'Arabic':
      return [arabic(word)];
    default:
      return [];
  }
}
