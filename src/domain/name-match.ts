/**
 * Decides whether the name a user typed is the name of the holder of an identity document.
 *
 * The document gives its name twice: in the MRZ (ICAO-transliterated A-Z, surname and given names kept apart,
 * possibly truncated) and in the printed text (diacritics, any layout, OCR errors). The MRZ is compared
 * exactly after folding, because it tells surname from given names and an edit there cannot be told from a
 * different person. The printed text is compared with a bounded tolerance for OCR errors, and never accepts a
 * typed word that a check-valid MRZ spells differently (mrz-agreement.ts): then the difference is the user's.
 *
 * The rules, in plain language, are in docs/name-matching.md. Every threshold is in `NameMatchPolicy`.
 */
import { mrzContradicts, ocrSplitOf, type TypedUnit } from './mrz-agreement.js';
import { canonicalUpper, nameVariants } from './text-normalise.js';

export interface DocumentNames {
  /** From a parsed MRZ, if any (already ICAO-transliterated, upper case). */
  readonly mrz?: {
    readonly surname: string;
    readonly givenNames: string;
    /** The MRZ name field was full, so its last word may be cut short (see `mrzNames` in mrz.ts). */
    readonly truncated?: boolean;
    /**
     * Every check digit of the zone verified. Absent counts as verified. A verified zone was read where the
     * digits are, so a typed word it spells differently is never accepted through the printed text
     * (mrz-agreement.ts); an unverified one only refutes an OCR-tolerant match of a printed word it spells.
     */
    readonly valid?: boolean;
  } | null;
  /**
   * The MRZ name field read again under the typed spelling (`typedMrzNameFields`), with what that cost in the
   * recogniser's log-score: how much less likely the image makes the typed spelling than the one read.
   */
  readonly mrzReread?: MrzReread | null;
  /** Every OCR text line of the document, in reading order. */
  readonly lines: readonly string[];
  /**
   * A check-valid MRZ was read whose name line is illegible (its names dropped, so `mrz` is null): the printed
   * text may then decide only for a typed name the MRZ image does not refute (`mrzReread` within maxRereadLoss).
   */
  readonly mrzNameIllegible?: boolean;
}

export interface MrzReread {
  readonly surname: string;
  readonly givenNames: string;
  /** Log-score lost against the free reading (nats). */
  readonly loss: number;
  /** The MRZ name field as re-read (letters and `<`) ... */
  readonly spelled: string;
  /** ... and as read freely, position for position. */
  readonly read: string;
}

export type NameMatchRule =
  | 'mrz_exact'
  | 'mrz_fuzzy'
  | 'mrz_reread'
  | 'text_exact'
  | 'text_fuzzy'
  | 'mrz_contradicts'
  | 'no_match'
  | 'typed_name_too_short';

export interface NameMatch {
  readonly match: boolean;
  /** 0..1: 1 - (OCR-error cost / letters typed) for a match, 0 otherwise. */
  readonly score: number;
  /** Stable code of the rule that decided. */
  readonly rule: NameMatchRule;
  /** The document text it matched, as read (MRZ as "SURNAME, GIVEN NAMES"; text lines joined by " / "). */
  readonly matchedText: string | null;
  readonly source: 'mrz' | 'text' | null;
  /** Why, in words, without repeating the names (this string may reach logs). */
  readonly explanation: string;
}

export interface NameMatchPolicy {
  /** Fewest words the typed name must have (lowered to the document's word count for one-word MRZ names). */
  readonly minTypedTokens: number;
  /** Fewest letters the typed name must have. */
  readonly minTypedLetters: number;
  /** Words shorter than this (LIN, JON, W) must match exactly; only a digit read for a letter is forgiven. */
  readonly minFuzzyTokenLength: number;
  /** Edit budget for a word of minFuzzyTokenLength..longTokenLength-1 letters. */
  readonly maxEditsShort: number;
  /** From this length on a word gets `maxEditsLong`. */
  readonly longTokenLength: number;
  readonly maxEditsLong: number;
  /** Cost of substituting an OCR look-alike (0/O, 1/I/L, 5/S, 8/B, 2/Z, 6/G, M/H, D/O, P/F); others cost 1. */
  readonly confusionCost: number;
  /** Edit budget over the whole name. */
  readonly maxTotalCost: number;
  /** May the typed name leave out given names (a middle name)? At least one given name is always needed. */
  readonly allowOmittedGivenNames: boolean;
  /** Must the first given name be among those typed? */
  readonly requireFirstGivenName: boolean;
  /** Most words joined into one when spaces or hyphens were dropped (ANNAMARIA = ANNA MARIA). */
  readonly maxJoinedTokens: number;
  /** Surname and given-name lines may be this many name-bearing lines apart in the printed text. */
  readonly maxLineGap: number;
  /**
   * The typed spelling may stand for the MRZ name as read when the recogniser finds it at most this much less
   * likely (nats of log-score: 5 is about 150 times) ...
   */
  readonly maxRereadLoss: number;
  /**
   * ... it changes at most this many characters of the name field, and no word more than the edit budget
   * above allows (words shorter than minFuzzyTokenLength not at all).
   */
  readonly maxRereadChanges: number;
}

/** Defaults; the reasons for each value are in docs/name-matching.md. */
export const DEFAULT_NAME_POLICY: NameMatchPolicy = Object.freeze({
  minTypedTokens: 2,
  minTypedLetters: 3,
  minFuzzyTokenLength: 5,
  maxEditsShort: 1,
  longTokenLength: 9,
  maxEditsLong: 2,
  confusionCost: 0.5,
  maxTotalCost: 2,
  allowOmittedGivenNames: true,
  requireFirstGivenName: false,
  maxJoinedTokens: 3,
  maxLineGap: 2,
  maxRereadLoss: 5,
  maxRereadChanges: 3,
});

// ---------------------------------------------------------------------------------------------------------
// Tokens

interface Token {
  /** A-Z(0-9) spellings: ICAO transliteration, plain diacritic folding, accents as umlauts (nameVariants). */
  readonly forms: readonly string[];
  readonly raw: string;
}

interface Group {
  readonly tokens: readonly Token[];
  readonly raw: string;
}

const APOSTROPHES = /['’‘`´ʼ]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** Words on documents that label a name field; they are never part of the name. */
const LABEL_WORDS = new Set([
  'SURNAME', 'SURNAMES', 'NAME', 'NAMES', 'GIVEN', 'FORENAME', 'FORENAMES', 'FIRST', 'LAST', 'MIDDLE',
  'NOM', 'NOMS', 'PRENOM', 'PRENOMS', 'NACHNAME', 'VORNAME', 'VORNAMEN', 'NAMEN', 'FAMILIENNAME',
  'APELLIDO', 'APELLIDOS', 'NOMBRE', 'NOMBRES', 'COGNOME', 'NOMI', 'ACHTERNAAM', 'VOORNAMEN',
  'NAZWISKO', 'IMIONA', 'PRIJMENI', 'JMENO', 'SUKUNIMI', 'ETUNIMET', 'HOLDER', 'OF', 'AND',
]);

function toToken(raw: string): Token {
  return { raw, forms: nameVariants(raw) };
}

/** Apostrophes vanish (O'Connor = OCONNOR); every other non-letter separates words (Anne-Marie = ANNE MARIE). */
function tokenise(text: string): Token[] {
  return canonicalUpper(text)
    .replace(APOSTROPHES, '')
    .split(SEPARATORS)
    .filter((w) => w.length > 0)
    .map(toToken);
}

function isNameWord(t: Token): boolean {
  const f = t.forms[0] ?? '';
  return /\p{L}/u.test(f) && !LABEL_WORDS.has(f);
}

/** MRZ lines repeat the MRZ name with fillers; they are read by the MRZ path, not as printed text. */
function isMrzLine(line: string): boolean {
  return /[<«]{2,}/.test(line);
}

/** A word with a spelling in A-Z (any script the transliteration tables cover). */
function hasLatinForm(t: Token): boolean {
  return t.forms.some((f) => /[A-Z]/.test(f));
}

/**
 * The printed name-bearing lines. A name typed in Latin letters cannot spell a word of a script no table
 * transliterates (Han, Hangul, Kana: 鐘/CHUNG on a Hong Kong passport), so such words are left out of the lines
 * it is compared with; otherwise the surname line "鐘 CHUNG" could never be covered entirely.
 */
function textGroups(lines: readonly string[], typed: readonly Token[]): Group[] {
  const latinTyped = typed.every(hasLatinForm);
  return lines
    .filter((l) => !isMrzLine(l))
    .map((l) => ({ raw: l.trim(), tokens: tokenise(l).filter((t) => isNameWord(t) && (!latinTyped || hasLatinForm(t))) }))
    .filter((g) => g.tokens.length > 0);
}

function mrzGroups(mrz: { readonly surname: string; readonly givenNames: string }): Group[] {
  const groups: Group[] = [{ raw: mrz.surname, tokens: tokenise(mrz.surname) }];
  const given = tokenise(mrz.givenNames);
  if (given.length > 0) groups.push({ raw: mrz.givenNames, tokens: given });
  return groups;
}

// ---------------------------------------------------------------------------------------------------------
// Comparing words

const CONFUSION_CLASSES: readonly string[] = ['0ODQ', '1IL', '5S', '8B', '2Z', '6G', 'MH', 'PF'];

function confusable(a: string, b: string): boolean {
  return CONFUSION_CLASSES.some((c) => c.includes(a) && c.includes(b));
}

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

/** Substitution cost: 0 equal, `confusionCost` for OCR look-alikes, 1 otherwise. */
function substitutionCost(a: string, b: string, policy: NameMatchPolicy): number {
  if (a === b) return 0;
  return confusable(a, b) ? policy.confusionCost : 1;
}

/** Optimal-string-alignment Damerau-Levenshtein distance with cheap OCR look-alike substitutions. */
export function ocrEditDistance(typed: string, doc: string, policy: NameMatchPolicy = DEFAULT_NAME_POLICY): number {
  const n = typed.length;
  const m = doc.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => i + j));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const a = typed.charAt(i - 1);
      const b = doc.charAt(j - 1);
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitutionCost(a, b, policy));
      const transposed = i > 1 && j > 1 && a === doc.charAt(j - 2) && typed.charAt(i - 2) === b;
      if (transposed) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(n, m);
}

/** Short words: same length, and only digits on the document that stand for the typed letter (R1TA). */
function digitOnlyCost(typed: string, doc: string, policy: NameMatchPolicy): number {
  if (typed.length !== doc.length) return Infinity;
  let cost = 0;
  for (let i = 0; i < typed.length; i++) {
    const a = typed.charAt(i);
    const b = doc.charAt(i);
    if (a === b) continue;
    if (!isDigit(b) || !confusable(a, b)) return Infinity;
    cost += policy.confusionCost;
  }
  return cost;
}

function editBudget(length: number, policy: NameMatchPolicy): number {
  return length >= policy.longTokenLength ? policy.maxEditsLong : policy.maxEditsShort;
}

type Mode = 'exact' | 'mrz_confusion' | 'fuzzy';

/**
 * `shortestWord` is the shortest single word on either side: joining ANA+MARIA must not let an edit hide
 * inside a word too short to be compared loosely on its own.
 */
function formCost(typed: string, doc: string, shortestWord: number, mode: Mode, policy: NameMatchPolicy): number {
  if (typed === doc) return 0;
  if (mode === 'exact') return Infinity;
  const short = shortestWord < policy.minFuzzyTokenLength;
  if (mode === 'mrz_confusion' || short) return digitOnlyCost(typed, doc, policy);
  const cost = ocrEditDistance(typed, doc, policy);
  return cost <= editBudget(typed.length, policy) ? cost : Infinity;
}

/** Spellings of consecutive words written as one: the words' first spellings joined, their second, their third. */
function joinedForms(tokens: readonly Token[]): string[] {
  const most = Math.max(...tokens.map((t) => t.forms.length));
  const joined = Array.from({ length: most }, (_, k) => tokens.map((t) => t.forms[Math.min(k, t.forms.length - 1)] ?? '').join(''));
  return [...new Set(joined)];
}

// ---------------------------------------------------------------------------------------------------------
// Assigning typed words to document words

interface Pair {
  readonly typedStart: number;
  readonly typedEnd: number;
  readonly group: number;
  readonly docStart: number;
  readonly docEnd: number;
  readonly cost: number;
  readonly docForm: string;
}

interface Assignment {
  readonly pairs: readonly Pair[];
  readonly cost: number;
}

interface SearchSpec {
  readonly typed: readonly Token[];
  readonly groups: readonly Group[];
  readonly mode: Mode;
  readonly policy: NameMatchPolicy;
  /** The one document word that may be a truncated prefix of the typed word, as [group, index]. */
  readonly truncatedAt: readonly [number, number] | null;
  readonly accept: Accept;
}

const key = (group: number, index: number): string => `${group}:${index}`;

function shortestWord(tokens: readonly Token[]): number {
  return Math.min(...tokens.map((t) => Math.min(...t.forms.map((f) => f.length))));
}

function unitCost(
  spec: SearchSpec,
  typed: readonly Token[],
  doc: readonly Token[],
  truncatable: boolean,
): { cost: number; docForm: string } {
  let best = { cost: Infinity, docForm: '' };
  const shortest = Math.min(shortestWord(typed), shortestWord(doc));
  for (const t of joinedForms(typed)) {
    for (const d of joinedForms(doc)) {
      const prefix = truncatable && d.length > 0 && t.length > d.length && t.startsWith(d);
      const cost = prefix ? 0 : formCost(t, d, shortest, spec.mode, spec.policy);
      if (cost < best.cost) best = { cost, docForm: d };
    }
  }
  return best;
}

function candidatePairs(spec: SearchSpec): Pair[] {
  const pairs: Pair[] = [];
  const maxJoin = spec.policy.maxJoinedTokens;
  for (let ts = 0; ts < spec.typed.length; ts++) {
    for (let te = ts + 1; te <= Math.min(spec.typed.length, ts + maxJoin); te++) {
      const typedUnit = spec.typed.slice(ts, te);
      spec.groups.forEach((g, gi) => {
        for (let ds = 0; ds < g.tokens.length; ds++) {
          for (let de = ds + 1; de <= Math.min(g.tokens.length, ds + maxJoin); de++) {
            const truncatable = spec.truncatedAt?.[0] === gi && spec.truncatedAt[1] === de - 1;
            const { cost, docForm } = unitCost(spec, typedUnit, g.tokens.slice(ds, de), truncatable);
            if (cost > spec.policy.maxTotalCost) continue;
            pairs.push({ typedStart: ts, typedEnd: te, group: gi, docStart: ds, docEnd: de, cost, docForm });
          }
        }
      });
    }
  }
  return pairs;
}

function docKeys(p: Pair): string[] {
  const keys: string[] = [];
  for (let i = p.docStart; i < p.docEnd; i++) keys.push(key(p.group, i));
  return keys;
}

/**
 * Every typed word must be used exactly once and each document word at most once; among assignments the
 * `accept` rule allows, the cheapest wins (ties: the one covering more document words).
 */
function bestAssignment(spec: SearchSpec): Assignment | null {
  const pairs = candidatePairs(spec);
  const byStart = new Map<number, Pair[]>();
  for (const p of pairs) byStart.set(p.typedStart, [...(byStart.get(p.typedStart) ?? []), p]);
  const state: { best: Assignment | null; covered: number } = { best: null, covered: 0 };
  const used = new Set<string>();
  const chosen: Pair[] = [];
  const visit = (i: number, cost: number): void => {
    if (cost > spec.policy.maxTotalCost) return;
    if (i === spec.typed.length) {
      if (!spec.accept(used)) return;
      const better = !state.best || cost < state.best.cost || (cost === state.best.cost && used.size > state.covered);
      if (better) {
        state.best = { pairs: [...chosen], cost };
        state.covered = used.size;
      }
      return;
    }
    for (const p of byStart.get(i) ?? []) {
      const keys = docKeys(p);
      if (keys.some((k) => used.has(k))) continue;
      keys.forEach((k) => used.add(k));
      chosen.push(p);
      visit(p.typedEnd, cost + p.cost);
      chosen.pop();
      keys.forEach((k) => used.delete(k));
    }
  };
  visit(0, 0);
  return state.best;
}

// ---------------------------------------------------------------------------------------------------------
// Coverage rules

/** Given names: at least one; the first if the policy says so; all if omissions are not allowed. */
function givenCovered(group: number, size: number, covered: ReadonlySet<string>, policy: NameMatchPolicy): boolean {
  const hits = Array.from({ length: size }, (_, i) => covered.has(key(group, i)));
  if (!hits.some(Boolean)) return false;
  if (policy.requireFirstGivenName && !hits[0]) return false;
  return policy.allowOmittedGivenNames || hits.every(Boolean);
}

function allCovered(group: number, size: number, covered: ReadonlySet<string>): boolean {
  return Array.from({ length: size }, (_, i) => covered.has(key(group, i))).every(Boolean);
}

/** MRZ: the whole surname, and given names per `givenCovered`. */
function mrzRule(groups: readonly Group[], policy: NameMatchPolicy): Accept {
  return (covered) => {
    const surname = groups[0];
    const given = groups[1];
    if (!surname || !allCovered(0, surname.tokens.length, covered)) return false;
    return !given || givenCovered(1, given.tokens.length, covered, policy);
  };
}

/**
 * One printed line holding the whole name ("ANNA MARIA ERIKSSON", "LIN, MEI-HUA"): its first and last words,
 * one of which is the surname whichever order the document uses, plus at least two words.
 */
function singleLineRule(size: number): Accept {
  return (covered) => covered.size >= 2 && covered.has(key(0, 0)) && covered.has(key(0, size - 1));
}

/**
 * Two printed lines: the upper one (the surname in the ICAO layout) wholly, the lower one (given names)
 * per `givenCovered`.
 */
function twoLineRule(upper: number, lower: number, policy: NameMatchPolicy): Accept {
  return (covered) => allCovered(0, upper, covered) && givenCovered(1, lower, covered, policy);
}

// ---------------------------------------------------------------------------------------------------------
// Matching against each source

type MrzName = NonNullable<DocumentNames['mrz']>;
type Accept = (covered: ReadonlySet<string>) => boolean;

interface TextWindow {
  readonly groups: Group[];
  readonly accept: Accept;
}

interface Found {
  readonly assignment: Assignment;
  readonly groups: readonly Group[];
}

function lastTokenPosition(groups: readonly Group[]): readonly [number, number] | null {
  const gi = groups.length - 1;
  const g = groups[gi];
  return g && g.tokens.length > 0 ? [gi, g.tokens.length - 1] : null;
}

function matchMrz(typed: readonly Token[], doc: MrzName, mode: Mode, policy: NameMatchPolicy): Found | null {
  const groups = mrzGroups(doc);
  const truncatedAt = doc.truncated ? lastTokenPosition(groups) : null;
  const assignment = bestAssignment({ typed, groups, mode, policy, truncatedAt, accept: mrzRule(groups, policy) });
  return assignment ? { assignment, groups } : null;
}

/** A line of words made of letters only: what a surname line looks like in the two-line ICAO layout. */
function looksLikeSurnameLine(g: Group | undefined): boolean {
  return g !== undefined && g.tokens.every((t) => /^\p{L}+$/u.test(t.forms[0] ?? ''));
}

/**
 * A line may hold the whole name on its own only if it is written "SURNAME, GIVEN" or does not sit right
 * under a surname-like line: under one it is read as the given-names line, which lacks the surname.
 */
function canHoldWholeName(groups: readonly Group[], i: number): boolean {
  const g = groups[i];
  if (!g) return false;
  return g.raw.includes(',') || !looksLikeSurnameLine(groups[i - 1]);
}

/** Windows of one line or two nearby lines, each tried on its own. */
function textWindows(groups: readonly Group[], policy: NameMatchPolicy): TextWindow[] {
  const windows: TextWindow[] = [];
  groups.forEach((g, i) => {
    if (canHoldWholeName(groups, i)) windows.push({ groups: [g], accept: singleLineRule(g.tokens.length) });
    for (let j = i + 1; j <= Math.min(groups.length - 1, i + policy.maxLineGap); j++) {
      const h = groups[j];
      if (h) windows.push({ groups: [g, h], accept: twoLineRule(g.tokens.length, h.tokens.length, policy) });
    }
  });
  return windows;
}

function matchText(typed: readonly Token[], lines: readonly string[], mode: Mode, policy: NameMatchPolicy): Found | null {
  let best: Found | null = null;
  for (const w of textWindows(textGroups(lines, typed), policy)) {
    const assignment = bestAssignment({ typed, groups: w.groups, mode, policy, truncatedAt: null, accept: w.accept });
    if (assignment && (!best || assignment.cost < best.assignment.cost)) best = { assignment, groups: w.groups };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// Decision

function letterCount(tokens: readonly Token[]): number {
  return tokens.reduce((n, t) => n + (t.forms[0] ?? '').length, 0);
}

function scoreOf(found: Found, typed: readonly Token[]): number {
  const letters = Math.max(1, letterCount(typed));
  return Math.max(0, Math.min(1, 1 - found.assignment.cost / letters));
}

function describe(found: Found): string {
  const onDocument = found.groups.reduce((n, g) => n + g.tokens.length, 0);
  const omitted = onDocument - found.assignment.pairs.reduce((n, p) => n + p.docEnd - p.docStart, 0);
  const edits = found.assignment.cost;
  const parts = [`${found.assignment.pairs.length} typed word group(s) matched`];
  if (omitted > 0) parts.push(`${omitted} document word(s) not typed`);
  if (edits > 0) parts.push(`OCR tolerance used: cost ${edits}`);
  return parts.join('; ');
}

function mrzText(mrz: MrzName): string {
  return mrz.givenNames ? `${mrz.surname}, ${mrz.givenNames}` : mrz.surname;
}

function success(rule: NameMatchRule, found: Found, typed: readonly Token[], matchedText: string, why: string): NameMatch {
  const source = rule.startsWith('mrz') ? 'mrz' : 'text';
  const explanation = `${why}: ${describe(found)}`;
  return { match: true, score: scoreOf(found, typed), rule, matchedText, source, explanation };
}

function failure(rule: NameMatchRule, explanation: string, matchedText: string | null = null): NameMatch {
  return { match: false, score: 0, rule, matchedText, source: matchedText === null ? null : 'text', explanation };
}

function mrzTokenCount(mrz: DocumentNames['mrz']): number {
  return mrz ? mrzGroups(mrz).reduce((n, g) => n + g.tokens.length, 0) : Infinity;
}

function tooShort(typed: readonly Token[], doc: DocumentNames, policy: NameMatchPolicy): boolean {
  if (letterCount(typed) < policy.minTypedLetters) return true;
  return typed.length < Math.min(policy.minTypedTokens, mrzTokenCount(doc.mrz));
}

function tryMrz(typed: readonly Token[], doc: DocumentNames, policy: NameMatchPolicy): NameMatch | null {
  const mrz = doc.mrz;
  if (!mrz || tokenise(mrz.surname).length === 0) return null;
  const exact = matchMrz(typed, mrz, 'exact', policy);
  if (exact) return success('mrz_exact', exact, typed, mrzText(mrz), 'the MRZ name matches after folding');
  const confused = matchMrz(typed, mrz, 'mrz_confusion', policy);
  if (!confused) return null;
  return success('mrz_fuzzy', confused, typed, mrzText(mrz), 'the MRZ name matches once OCR digits are read as letters');
}

/**
 * Characters the re-reading changed, or null when it changed a word more than OCR tolerance allows: words
 * shorter than minFuzzyTokenLength not at all, longer ones within the edit budget of their length.
 */
function rereadChanges(reread: MrzReread, policy: NameMatchPolicy): number | null {
  let changed = 0;
  for (const word of reread.spelled.matchAll(/[A-Z]+|<+/g)) {
    const start = word.index;
    const text = word[0];
    let inWord = 0;
    for (let i = 0; i < text.length; i++) if (text.charAt(i) !== reread.read.charAt(start + i)) inWord++;
    const letters = !text.startsWith('<');
    if (letters && inWord > 0 && (text.length < policy.minFuzzyTokenLength || inWord > editBudget(text.length, policy))) return null;
    changed += inWord;
  }
  return changed;
}

function tryReread(typed: readonly Token[], doc: DocumentNames, policy: NameMatchPolicy): NameMatch | null {
  const reread = doc.mrzReread;
  if (!reread || reread.loss > policy.maxRereadLoss) return null;
  const changed = rereadChanges(reread, policy);
  if (changed === null || changed > policy.maxRereadChanges) return null;
  const found = matchMrz(typed, { surname: reread.surname, givenNames: reread.givenNames }, 'exact', policy);
  if (!found) return null;
  const why = `the MRZ image supports the typed spelling (${changed} character(s) read otherwise, log-score cost ${reread.loss.toFixed(1)})`;
  return success('mrz_reread', found, typed, mrzText(reread), why);
}

/**
 * The MRZ name fields the typed name could be, for re-reading the MRZ under it: each split of the typed words
 * into surname and given names (surname first or last), in each spelling, with the given names complete or
 * (when the policy allows omitting some) followed by `<` and MRZ_FREE_TAIL.
 */
export function typedMrzNameFields(typed: string, policy: NameMatchPolicy = DEFAULT_NAME_POLICY): string[] {
  const tokens = tokenise(typed);
  const n = tokens.length;
  if (n < 2) return [];
  const spellings = spellingsOf(tokens);
  const out = new Set<string>();
  for (const words of spellings) {
    for (let k = 1; k < n; k++) {
      for (const [surname, given] of [[words.slice(0, k), words.slice(k)], [words.slice(n - k), words.slice(0, n - k)]] as const) {
        const field = `${surname.join('<')}<<${given.join('<')}`;
        out.add(field);
        if (policy.allowOmittedGivenNames) out.add(`${field}<${MRZ_FREE_TAIL}`);
      }
    }
  }
  return [...out];
}

/** Marks the end of what a candidate name field spells; the rest is left to the recogniser. */
export const MRZ_FREE_TAIL = '*';
/** Spellings tried per typed name (each word has up to three: nameVariants). */
const MAX_SPELLINGS = 8;

function spellingsOf(tokens: readonly Token[]): string[][] {
  let out: string[][] = [[]];
  for (const t of tokens) {
    out = out.flatMap((prefix) => t.forms.map((f) => [...prefix, f])).slice(0, MAX_SPELLINGS);
  }
  return out;
}

/** A typed word (or joined words) as the MRZ check needs it: its spellings and how it met the printed text. */
function unitOf(p: Pair, typed: readonly Token[]): TypedUnit {
  return { forms: joinedForms(typed.slice(p.typedStart, p.typedEnd)), cost: p.cost, docForm: p.docForm };
}

/** Does the MRZ contradict the words the printed text accepted (mrz-agreement.ts)? */
function contradictedByMrz(found: Found, typed: readonly Token[], mrz: MrzName, policy: NameMatchPolicy): boolean {
  const words = (text: string): string[] => tokenise(text).map((t) => t.forms[0] ?? '');
  const zone = { surname: words(mrz.surname), givenNames: words(mrz.givenNames), truncated: mrz.truncated === true, valid: mrz.valid !== false };
  const units = found.assignment.pairs.map((p) => unitOf(p, typed));
  // "The same word spelled differently": within the edit budget of its length, and at least one edit away.
  const near = (a: string, b: string): boolean => ocrEditDistance(a, b, policy) <= Math.max(1, editBudget(a.length, policy));
  return mrzContradicts(units, zone, { maxJoinedTokens: policy.maxJoinedTokens, near });
}

function textOf(found: Found): string {
  return found.groups.map((g) => g.raw).join(' / ');
}

/**
 * With an MRZ present, its surname is the one structural fact we trust: the typed name must contain it, within
 * the OCR budget (the MRZ name itself is not covered by check digits), before the printed text may decide.
 */
function typedHasMrzSurname(typed: readonly Token[], mrz: DocumentNames['mrz'], policy: NameMatchPolicy): 'yes' | 'split' | 'no' {
  if (!mrz) return 'yes';
  const surname = tokenise(mrz.surname);
  if (surname.length === 0) return 'yes';
  const groups: Group[] = [{ raw: mrz.surname, tokens: surname }];
  const spec: SearchSpec = { typed, groups, mode: 'fuzzy', policy, truncatedAt: null, accept: () => true };
  const pairs = candidatePairs(spec);
  if (surname.every((_, i) => pairs.some((p) => p.docStart <= i && i < p.docEnd))) return 'yes';
  // A surname the MRZ recogniser doubled or split (LLOORD for LORD): only the printed text, read exactly, may confirm it.
  const split = surname.every((word) => typed.some((t) => t.forms.some((f) => word.forms.some((w) => ocrSplitOf(w, f)))));
  return split ? 'split' : 'no';
}

function tryText(typed: readonly Token[], doc: DocumentNames, policy: NameMatchPolicy): NameMatch | null {
  if (typed.length < policy.minTypedTokens) return null;
  // An illegible MRZ name still says which names it cannot be: without this, any typed name printed on the page
  // would pass (a specimen printing SPECIMEN and MEI-HUA accepted "Mei-Hua Specimen", re-read at 49 nats).
  if (doc.mrzNameIllegible && doc.mrzReread && doc.mrzReread.loss > policy.maxRereadLoss) return null;
  const surname = typedHasMrzSurname(typed, doc.mrz, policy);
  if (surname === 'no') return null;
  const exact = matchText(typed, doc.lines, 'exact', policy);
  const found = exact ?? (surname === 'split' ? null : matchText(typed, doc.lines, 'fuzzy', policy));
  if (!found) return null;
  if (doc.mrz && contradictedByMrz(found, typed, doc.mrz, policy)) {
    const why = 'the printed name matches, but the MRZ spells a typed word differently';
    return failure('mrz_contradicts', why, textOf(found));
  }
  if (exact && surname === 'split') {
    return success('text_exact', exact, typed, textOf(exact), 'the printed name matches after folding; the MRZ reads a letter of the surname doubled or split');
  }
  if (exact) return success('text_exact', exact, typed, textOf(exact), 'the printed name matches after folding');
  return success('text_fuzzy', found, typed, textOf(found), 'the printed name matches within the OCR error budget');
}

/**
 * Does the typed name name the holder of this document? MRZ first (exact, then digits-for-letters undone),
 * then the printed text (exact, then within a bounded OCR-error budget unless the MRZ contradicts it).
 * Every typed word must be found on the document; the surname in full and at least one given name.
 */
export function matchName(typed: string, doc: DocumentNames, policy: NameMatchPolicy = DEFAULT_NAME_POLICY): NameMatch {
  const tokens = tokenise(typed);
  if (tooShort(tokens, doc, policy)) {
    const why = `the typed name needs at least ${policy.minTypedTokens} words and ${policy.minTypedLetters} letters`;
    return failure('typed_name_too_short', why);
  }
  return (
    tryMrz(tokens, doc, policy) ??
    tryReread(tokens, doc, policy) ??
    tryText(tokens, doc, policy) ??
    failure('no_match', 'no reading of the document covers every typed word, the whole surname and a given name')
  );
}
