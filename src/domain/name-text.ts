/**
 * Which typed names are text we can check at all. A name is stored by the caller exactly as sent, so every
 * character of it must be one the checks saw: invisible format characters (bidi overrides, zero-width
 * characters, soft hyphens, BOMs) are refused rather than folded away, and so are words that mix alphabets
 * (a Cyrillic `е` inside a Latin word), which read as one name and fold as another. Pure functions.
 */

/** Why a name cannot be checked; positions are 1-based characters (code points) of the NFC form. */
export interface CharacterProblem {
  readonly reason: string;
}

/** Length in characters (code points) after NFC, so a surrogate pair or a composed `ü` counts once. */
export function nameLength(name: string): number {
  let n = 0;
  for (const _ of name.normalize('NFC')) n++;
  return n;
}

/** U+XXXX, never the character itself: an invisible or reordering character must not reach a reason. */
function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const FORMAT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '\u00AD': 'SOFT HYPHEN',
  '\u061C': 'ARABIC LETTER MARK',
  '\u180E': 'MONGOLIAN VOWEL SEPARATOR',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2060': 'WORD JOINER',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\uFEFF': 'BYTE ORDER MARK',
});

/** The class a caller can act on: which kind of invisible character was sent. */
function formatClass(ch: string): string {
  if (/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(ch)) return 'a bidi control';
  if (ch === '\u00AD') return 'a soft hyphen';
  if (ch === '\uFEFF') return 'a byte order mark';
  if (/[\u180E\u200B-\u200D\u2060]/u.test(ch)) return 'a zero-width character';
  return 'an invisible format character';
}

function describeFormat(ch: string): string {
  const name = FORMAT_NAMES[ch];
  return `${formatClass(ch)} (${codePoint(ch)}${name ? ` ${name}` : ''})`;
}

/**
 * Scripts a letter is told apart by. Common and Inherited characters (digits, punctuation, combining marks)
 * belong to none and never count; a letter of a script not listed counts as "another script".
 */
const SCRIPTS: readonly (readonly [string, RegExp])[] = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari',
  'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai',
  'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee', 'Hangul', 'Hiragana', 'Katakana',
  'Bopomofo', 'Han', 'Yi',
].map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')] as const);

function scriptOf(ch: string): string | null {
  if (!/^\p{L}$/u.test(ch)) return null;
  return SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'another script';
}

/** Scripts that are written together within one word: Japanese (kanji with kana), Korean (hanja with hangul). */
const WRITTEN_TOGETHER: readonly ReadonlySet<string>[] = [new Set(['Han', 'Hiragana', 'Katakana']), new Set(['Han', 'Hangul'])];

function compatible(scripts: ReadonlySet<string>): boolean {
  return scripts.size <= 1 || WRITTEN_TOGETHER.some((w) => [...scripts].every((s) => w.has(s)));
}

interface Letter {
  readonly ch: string;
  /** 1-based character position in the NFC name. */
  readonly at: number;
  readonly script: string;
}

/** A word: letters and the marks on them; anything else (space, hyphen, apostrophe, digit) ends it. */
function words(chars: readonly string[]): Letter[][] {
  const out: Letter[][] = [];
  let word: Letter[] = [];
  chars.forEach((ch, i) => {
    if (/\p{M}/u.test(ch)) return;
    const script = scriptOf(ch);
    if (script === null) {
      if (word.length > 0) out.push(word);
      word = [];
      return;
    }
    word.push({ ch, at: i + 1, script });
  });
  if (word.length > 0) out.push(word);
  return out;
}

/** The first letter of a word whose script does not go with the word's first script, and the two scripts. */
function mixedLetter(word: readonly Letter[]): { letter: Letter; first: string } | null {
  const first = word[0]?.script ?? '';
  const seen = new Set<string>();
  for (const letter of word) {
    seen.add(letter.script);
    if (!compatible(seen)) return { letter, first };
  }
  return null;
}

/**
 * Null when every character of the name can be checked; otherwise why not, naming the character class, its
 * code point and its position (never the character itself). Control characters and invalid UTF-8 are the
 * form's concern (checkName); this judges format characters and mixed-script words.
 */
export function nameCharacterProblem(name: string): CharacterProblem | null {
  const chars = [...name.normalize('NFC')];
  const format = chars.findIndex((ch) => /\p{Cf}/u.test(ch));
  if (format >= 0) {
    const ch = chars[format] as string;
    return { reason: `name contains ${describeFormat(ch)} at character ${format + 1}; invisible characters are not accepted in a name` };
  }
  for (const [index, word] of words(chars).entries()) {
    const mixed = mixedLetter(word);
    if (!mixed) continue;
    const { letter, first } = mixed;
    return {
      reason:
        `word ${index + 1} of the name mixes ${first} and ${letter.script} letters (${codePoint(letter.ch)}, ${letter.script}, ` +
        `at character ${letter.at}); write each word in one script`,
    };
  }
  return null;
}
