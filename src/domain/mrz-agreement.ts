/**
 * Whether the MRZ lets the printed text accept the typed words the name matcher paired with it.
 *
 * The printed text is read with tolerance for OCR errors, and its exact matches fold diacritics away. Neither
 * may overrule the MRZ: a zone whose check digits verify was read well, so a typed word that it spells
 * differently is another name, however closely the printed text resembles it (Möller, Mäller, Müler and
 * Nüller for an MRZ MUELLER). Diacritics dropped or added on the same letters are not a different spelling:
 * the MRZ writes Ü as UE, so Muller, Mueller and Müller all agree with MUELLER. Pure functions.
 */

/** A typed word, or typed words joined, as the printed text accepted it. */
export interface TypedUnit {
  /** Its A-Z spellings (ICAO transliteration, plain fold, ...), as the matcher compares them. */
  readonly forms: readonly string[];
  /** OCR-error cost of its pairing with the printed text; 0 when a spelling equals the printed word. */
  readonly cost: number;
  /** The spelling of the printed word(s) it was paired with. */
  readonly docForm: string;
}

/** The MRZ name, word by word (A-Z). */
export interface MrzWords {
  readonly surname: readonly string[];
  readonly givenNames: readonly string[];
  /** The name field was full: its last word may be cut short. */
  readonly truncated: boolean;
  /** Every check digit verified. */
  readonly valid: boolean;
}

/** Most letters a recogniser adds to one MRZ word by doubling or splitting glyphs (`ocrSplitOf`). */
export const MAX_SPLIT_LETTERS = 2;

/**
 * True when the MRZ word is the printed word with a letter or two doubled or split off (LLOORD for LORD,
 * ALLEXANDER for ALEXANDER, AMIANDA for AMANDA): the errors a recogniser makes on an MRZ set in a font other than
 * OCR-B with wide letter spacing, where one glyph becomes two cells. Never a substitution or a dropped letter:
 * those make another name.
 */
export function ocrSplitOf(mrzWord: string, printed: string): boolean {
  if (mrzWord.length <= printed.length || mrzWord.length > printed.length + MAX_SPLIT_LETTERS) return false;
  const walk = (i: number, j: number): boolean => {
    if (i === mrzWord.length) return j === printed.length;
    const ch = mrzWord.charAt(i);
    if (j < printed.length && ch === printed.charAt(j) && walk(i + 1, j + 1)) return true;
    // An extra cell: the letter just read again, or an I (a wide glyph read as two strokes).
    return ((i > 0 && ch === mrzWord.charAt(i - 1)) || ch === 'I') && walk(i + 1, j);
  };
  return walk(0, 0);
}

export interface AgreementOptions {
  /** Most neighbouring MRZ words read as one (OCONNOR for O CONNOR), as the matcher joins them. */
  readonly maxJoinedTokens: number;
  /** Are these two spellings one word written differently (within the matcher's edit budget)? */
  readonly near: (typed: string, mrz: string) => boolean;
}

/**
 * ICAO 9303 writes Ä Ö Ü Å as AE OE UE AA (and some issuers Ó as OE), where plain folding of the printed or
 * typed word gives A O U A. ß, Þ and Æ are not undone: both folds spell them SS, TH and AE.
 */
const DIGRAPH = /AE|OE|UE|AA/g;
const UNDONE: Readonly<Record<string, string>> = Object.freeze({ AE: 'A', OE: 'O', UE: 'U', AA: 'A' });
/** 2^6 spellings: more digraphs than that in one run of words is not a name. */
const MAX_SPELLINGS = 64;

/** The MRZ spelling and every spelling with some of its digraphs read back as single letters. */
export function undoTransliteration(word: string): string[] {
  let out = [''];
  let last = 0;
  for (const m of word.matchAll(DIGRAPH)) {
    const before = word.slice(last, m.index);
    const single = UNDONE[m[0]] ?? m[0];
    out = out.flatMap((p) => [p + before + m[0], p + before + single]).slice(0, MAX_SPELLINGS);
    last = m.index + m[0].length;
  }
  return out.map((p) => p + word.slice(last));
}

interface MrzUnit {
  readonly spelled: string;
  readonly spellings: readonly string[];
  /** The unit ends at the word the full name field may have cut short. */
  readonly truncatable: boolean;
}

/** Every run of up to `maxJoinedTokens` neighbouring words in the surname and in the given names, and each whole part. */
function mrzUnits(mrz: MrzWords, maxJoinedTokens: number): MrzUnit[] {
  const parts = [mrz.surname, mrz.givenNames].filter((p) => p.length > 0);
  const units = new Map<string, MrzUnit>();
  parts.forEach((words, pi) => {
    const lastPart = pi === parts.length - 1;
    for (let s = 0; s < words.length; s++) {
      for (let e = s + 1; e <= words.length; e++) {
        if (e - s > maxJoinedTokens && !(s === 0 && e === words.length)) continue;
        const spelled = words.slice(s, e).join('');
        const truncatable = mrz.truncated && lastPart && e === words.length;
        const k = `${spelled}:${truncatable}`;
        if (!units.has(k)) units.set(k, { spelled, spellings: undoTransliteration(spelled), truncatable });
      }
    }
  });
  return [...units.values()];
}

/**
 * The MRZ spells this typed unit: a spelling equals the MRZ word (or extends it where it was cut short). When
 * the typed unit equals the printed word letter for letter, digraphs on either side may also be read back as
 * single letters (MUELLER as MULLER; a typed Mueller for an MRZ that wrote Ü as U): the printed word vouches
 * for the umlaut. Without that agreement they may not, so a typed MICHAL is not made equal to MICHAEL.
 */
function spelledAlike(unit: TypedUnit, m: MrzUnit): boolean {
  const typed = unit.cost === 0 ? unit.forms.flatMap(undoTransliteration) : unit.forms;
  const spellings = unit.cost === 0 ? m.spellings : [m.spelled];
  if (typed.some((t) => spellings.some((s) => t === s || (m.truncatable && t.startsWith(s))))) return true;
  // The printed word, read exactly as typed, vouches for a word the MRZ recogniser doubled or split.
  return unit.cost === 0 && ocrSplitOf(m.spelled, unit.docForm);
}

/** A verified MRZ: it spells the typed unit differently when it has a word near it but none alike. */
function spelledDifferently(unit: TypedUnit, units: readonly MrzUnit[], options: AgreementOptions): boolean {
  if (units.some((m) => spelledAlike(unit, m))) return false;
  // A printed word the MRZ spells with a doubled or split letter is the MRZ's word: accepted only exactly.
  return units.some((m) => m.spellings.some((s) => s === unit.docForm || ocrSplitOf(s, unit.docForm) || unit.forms.some((t) => options.near(t, s))));
}

/**
 * True when the MRZ contradicts what the printed text accepted. A verified zone contradicts any typed unit it
 * spells differently; an unverified one (a misread there is as likely as anywhere) only a unit accepted with
 * OCR tolerance whose printed word it spells as printed, in either fold.
 */
export function mrzContradicts(typed: readonly TypedUnit[], mrz: MrzWords, options: AgreementOptions): boolean {
  const units = mrzUnits(mrz, options.maxJoinedTokens);
  if (mrz.valid) return typed.some((u) => spelledDifferently(u, units, options));
  return typed.some((u) => u.cost > 0 && units.some((m) => m.spellings.includes(u.docForm)));
}
