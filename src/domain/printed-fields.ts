/**
 * The printed ("visual inspection") zone of an identity document, read from OCR lines: holder name, date of
 * birth, document number and expiry date, found next to their labels (in the languages ICAO documents use),
 * and their cross-check against the MRZ. Pure functions; no state kept between calls.
 *
 * Why a cross-check: the MRZ check digits protect the number and the dates but not the name, and a forged or
 * altered page often changes one zone and not the other. Each field is reported as `agree`, `disagree`
 * (both zones read and they differ: an OCR error or an inconsistent document, for a human to judge) or
 * `absent` (not read in one of the zones). A disagreement is evidence, not a decision.
 */
import type { MrzReading } from './mrz.types.js';
import { levenshtein } from './edit-distance.js';
import { foldIcao, foldPlain } from './text-normalise.js';

/** One OCR line with its box (any coordinates in which y grows down the page; image pixels for upright pages). */
export interface PrintedLine {
  readonly text: string;
  readonly box?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export interface PrintedFields {
  readonly surname: string | null;
  readonly givenNames: string | null;
  /** A whole-name value ("CRITTENDEN, LEE W.") found under a plain "Name" label. */
  readonly fullName: string | null;
  /** ISO YYYY-MM-DD. */
  readonly birthDate: string | null;
  readonly expiryDate: string | null;
  readonly documentNumber: string | null;
}

export type FieldName = 'surname' | 'givenNames' | 'birthDate' | 'expiryDate' | 'documentNumber';

type LabelKind = FieldName | 'fullName' | 'other';

/**
 * Label words by field, folded (upper case, no diacritics). Multi-word labels are matched as phrases.
 * `other` labels end a value: a line that is itself a label is never taken as a value.
 */
const LABELS: Readonly<Record<LabelKind, readonly string[]>> = Object.freeze({
  surname: [
    'SURNAME', 'SURNAMES', 'FAMILY NAME', 'LAST NAME', 'NOM DE FAMILLE', 'NOM', 'APELLIDOS', 'APELLIDO', 'NACHNAME',
    'FAMILIENNAME', 'NAME', 'COGNOME', 'NAZWISKO', 'PRIJMENI', 'ACHTERNAAM', 'SUKUNIMI', 'EFTERNAMN', 'ETTERNAVN',
    'EFTERNAVN', 'APELIDOS', 'APELIDO', 'SOBRENOME', 'VEZETEKNEV', 'PRIEZVISKO', 'PRIIMEK', 'PREZIME', 'PAVARDE',
    'UZVARDS', 'PEREKONNANIMI', 'NUME', 'EPONYMO', 'KENNI', 'SLOINNE', 'NUMM', 'PRIMARY IDENTIFIER',
    'IDENTIFIANT PRIMAIRE',
  ],
  givenNames: [
    'GIVEN NAMES', 'GIVEN NAME', 'FIRST NAMES', 'FIRST NAME', 'FORENAMES', 'FORENAME', 'PRENOMS', 'PRENOM', 'NOMBRES',
    'NOMBRE', 'VORNAMEN', 'VORNAME', 'NOME', 'NOMI', 'IMIONA', 'IMIE', 'JMENO', 'JMENA', 'VOORNAMEN', 'ETUNIMET',
    'FORNAMN', 'FORNAVN', 'NOMES', 'PRENUME', 'UTONEV', 'KRSTNO IME', 'IME', 'VARDAS', 'VARDAI', 'VARDS', 'EESNIMED',
    'EESNIMI', 'EIGINNAFN', 'CEAD AINM', 'VIRNUMM', 'SECONDARY IDENTIFIER', 'IDENTIFIANT SECONDAIRE',
  ],
  fullName: ['FULL NAME', 'NAME OF HOLDER', 'HOLDER', 'SURNAME GIVEN NAMES', 'SURNAME AND GIVEN NAMES', 'NOM PRENOMS'],
  birthDate: [
    'DATE OF BIRTH', 'BIRTH DATE', 'BIRTHDATE', 'DOB', 'DATE DE NAISSANCE', 'NE LE', 'NEE LE', 'GEBURTSDATUM',
    'GEBURTSTAG', 'GEBOREN AM', 'FECHA DE NACIMIENTO', 'FECHA NACIMIENTO', 'DATA DI NASCITA', 'DATA DE NASCIMENTO',
    'DATA URODZENIA', 'DATUM NAROZENI', 'GEBOORTEDATUM', 'SYNTYMAAIKA', 'FODELSEDATUM', 'FODSELSDATO', 'SZULETESI IDO',
    'DATUM NARODENIA', 'DATUM ROJSTVA', 'DATUM RODENJA', 'GIMIMO DATA', 'DZIMSANAS DATUMS', 'SUNNIAEG', 'DATA NASTERII',
    'FAEDINGARDAGUR',
  ],
  expiryDate: [
    'DATE OF EXPIRY', 'EXPIRY DATE', 'DATE OF EXPIRATION', 'EXPIRATION DATE', 'EXPIRY', 'EXPIRES', 'EXPIRATION',
    'VALID UNTIL', 'VALID THRU', "DATE D'EXPIRATION", 'DATE D EXPIRATION', 'EXPIRATION', 'VALABLE JUSQU', 'GULTIG BIS',
    'ABLAUFDATUM', 'FECHA DE CADUCIDAD', 'CADUCIDAD', 'VALIDO HASTA', 'DATA DI SCADENZA', 'SCADENZA', 'DATA DE VALIDADE',
    'VALIDADE', 'DATA WAZNOSCI', 'WAZNY DO', 'PLATNOST DO', 'PLATNE DO', 'GELDIG TOT', 'VERVALDATUM', 'VOIMASSA',
    'GILTIG TILL', 'GYLDIG TIL', 'ERVENYESSEG', 'DATA EXPIRARII', 'GILDIR TIL',
  ],
  documentNumber: [
    'PASSPORT NO', 'PASSPORT NUMBER', 'PASSPORT N', 'DOCUMENT NO', 'DOCUMENT NUMBER', 'DOCUMENT N', 'DOC NO', 'CARD NO',
    'CARD NUMBER', 'ID NO', 'NO DU PASSEPORT', 'PASSEPORT N', 'NO DU DOCUMENT', 'N DU DOCUMENT', 'NUMERO DU DOCUMENT', 'NUMERO DE DOCUMENT',
    'PASSNUMMER', 'PASS NR', 'PASS-NR', 'DOKUMENTNUMMER', 'AUSWEISNUMMER', 'NUMERO DE PASAPORTE', 'PASAPORTE N',
    'NUM SOPORTE', 'NUMERO DE DOCUMENTO', 'NUMERO DI PASSAPORTO', 'PASSAPORTO N', 'NUMER PASZPORTU', 'NUMER DOKUMENTU',
    'CISLO PASU', 'CISLO DOKLADU', 'PASPOORTNUMMER', 'DOCUMENTNUMMER', 'PASSIN NUMERO', 'PASSNUMMER', 'PASSZAM',
    'NUMERO', 'NUMBER', 'NO',
  ],
  other: [
    'DATE OF ISSUE', 'ISSUE DATE', 'DATE DE DELIVRANCE', 'AUSSTELLUNGSDATUM', 'FECHA DE EXPEDICION', 'DATA DI RILASCIO',
    'DATA WYDANIA', 'DATUM VYDANI', 'AFGIFTEDATUM', 'NATIONALITY', 'NATIONALITE', 'STAATSANGEHORIGKEIT',
    'NACIONALIDAD', 'SEX', 'SEXE', 'GESCHLECHT', 'SEXO', 'PLACE OF BIRTH', 'LIEU DE NAISSANCE', 'GEBURTSORT',
    'LUGAR DE NACIMIENTO', 'AUTHORITY', 'AUTORITE', 'BEHORDE', 'AUTORIDAD', 'TYPE', 'CODE', 'SIGNATURE', 'HEIGHT',
    'TAILLE', 'PASSPORT', 'PASSEPORT', 'REISEPASS', 'PASAPORTE', 'IDENTITY CARD', "CARTE D'IDENTITE", 'PERSONALAUSWEIS',
  ],
});

/** Upper case, diacritics dropped, punctuation other than `'` and `-` turned into spaces. */
function foldLabel(text: string): string {
  return foldPlain(text).replace(/[^A-Z0-9'-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

interface LabelHit {
  readonly kind: LabelKind;
  /** The line's text after the last label found in it (a value printed on the same line), folded. */
  readonly rest: string;
  /** The same rest, as printed (diacritics kept). */
  readonly restRaw: string;
}

const PHRASES: readonly { kind: LabelKind; phrase: string }[] = (Object.entries(LABELS) as [LabelKind, readonly string[]][])
  .flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, phrase })))
  .sort((a, b) => b.phrase.length - a.phrase.length);

/** Field numbers printed before labels on ICAO pages ("1.", "2/"), and separators between bilingual labels. */
const FIELD_NUMBER = /^\s*\d{1,2}[.)/]?\s*/;

/**
 * Reads a line as a label (possibly bilingual, "Surname / Nom / Apellidos") with an optional value after it.
 * The first label decides the kind; a line with no label word at its start is not a label.
 */
function readLabel(text: string): LabelHit | null {
  const raw = text.replace(FIELD_NUMBER, '');
  let folded = foldLabel(raw);
  let kind: LabelKind | null = null;
  // Consume label phrases (and the slashes between their languages) from the start of the line.
  for (let guard = 0; guard < 6; guard++) {
    const hit = PHRASES.find(({ phrase }) => folded === phrase || folded.startsWith(`${phrase} `));
    if (!hit) break;
    kind ??= hit.kind;
    folded = folded.slice(hit.phrase.length).trim();
  }
  if (kind === null) return compactLabel(raw);
  // A label cut short by the detector ("Given names/Preno") leaves the start of its next language, not a value.
  if (folded === '' || PHRASES.some(({ phrase }) => phrase.startsWith(folded) || lookAlike(phrase).startsWith(lookAlike(folded)))) return { kind, rest: '', restRaw: '' };
  // The printed rest (diacritics kept): as many trailing words of the raw line as the folded rest has.
  const rawWords = raw.split(/[\s:/]+/).filter((w) => foldLabel(w) !== '');
  const restRaw = rawWords.slice(-folded.split(' ').length).join(' ');
  return { kind, rest: folded, restRaw: restRaw || folded };
}

/**
 * The recogniser often drops the spaces of small print ("Dateofbirth", "Documentno."): a line that starts
 * with a label once spaces are ignored is that label, and what follows it (as printed) is its value.
 */
function compactLabel(raw: string): LabelHit | null {
  const compact = foldLabel(raw).replace(/[\s'-]/g, '');
  const bare = (phrase: string): string => phrase.replace(/[\s'-]/g, '');
  const exact = PHRASES.find(({ phrase }) => phrase.length >= 5 && compact.startsWith(bare(phrase)));
  const near = exact ? null : nearLabel(compact);
  const hit = exact ?? near?.hit;
  if (!hit) return null;
  let letters = near ? near.read : bare(hit.phrase).length;
  let at = 0;
  while (at < raw.length && letters > 0) {
    if (/[\p{L}\p{N}]/u.test(raw.charAt(at))) letters--;
    at++;
  }
  // A one-word label must end its word: HOLDERMAN and COGNOMEN are names, not labels. A label of several words
  // run together (Dateofbirth, Documentno.D23145890) is specific enough without.
  if (!hit.phrase.includes(' ') && /\p{L}/u.test(raw.charAt(at))) return null;
  // "Sumame/Norr": what follows a slash is the label in its next language, not a value.
  const after = raw.slice(at);
  const restRaw = (/^\s*\//.test(after) ? after.replace(/^\s*\/\S*/, '') : after).replace(/^[\s.:/]+/, '').trim();
  return { kind: hit.kind, rest: foldLabel(restRaw), restRaw };
}

/** How many characters of `compact` make the first `n` once look-alikes are folded. */
function unfoldedLength(compact: string, n: number): number {
  let k = 0;
  while (k < compact.length && lookAlike(compact.slice(0, k + 1)).length <= n) k++;
  return k;
}

/** Letters OCR swaps in small print, folded alike before a near match: RN read as M (SUMAME), C for G, 0 for O. */
const lookAlike = (text: string): string => text.replace(/RN/g, 'M').replace(/C/g, 'G').replace(/0/g, 'O').replace(/[1L]/g, 'I');

/**
 * A label misread in small print ("Sumame/Norr", "Civen names"): a name, date or number label that the start
 * of the line spells once look-alikes are folded, with at most one edit per 6 letters for labels of 10 or more.
 * `read` is how many characters of `compact` the label took.
 */
function nearLabel(compact: string): { hit: { kind: LabelKind; phrase: string }; read: number } | null {
  const line = lookAlike(compact);
  for (const hit of PHRASES) {
    const label = lookAlike(hit.phrase.replace(/[\s'-]/g, ''));
    if (hit.kind === 'other' || label.length < 5) continue;
    const budget = label.length < 10 ? 0 : Math.floor(label.length / 6);
    // The line's start may be a little shorter or longer than the label (letters dropped or doubled): the
    // closest length wins, the longer on a tie.
    let best: { n: number; distance: number } | null = null;
    for (let n = label.length - budget; n <= label.length + budget; n++) {
      if (n <= 0 || n > line.length) continue;
      const distance = levenshtein(line.slice(0, n), label);
      if (distance <= budget && (!best || distance <= best.distance)) best = { n, distance };
    }
    if (best) return { hit, read: unfoldedLength(compact, best.n) };
  }
  return null;
}

const NAME_VALUE = /^[\p{L}][\p{L}'’ ,.-]*$/u;
/** A value that is a name: letters, spaces, hyphens, apostrophes, commas; at least two letters. */
function isNameValue(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && NAME_VALUE.test(t) && readLabel(t) === null;
}

const MONTHS: Readonly<Record<string, number>> = Object.freeze({
  JAN: 1, JANUARY: 1, JANV: 1, JANVIER: 1, JANUAR: 1, ENE: 1, ENERO: 1, GEN: 1, GENNAIO: 1, JANEIRO: 1, JANUARI: 1, STY: 1,
  FEB: 2, FEBRUARY: 2, FEV: 2, FEVR: 2, FEVRIER: 2, FEBRUAR: 2, FEBRERO: 2, FEBBRAIO: 2, FEVEREIRO: 2, FEBRUARI: 2, LUT: 2,
  MAR: 3, MARCH: 3, MARS: 3, MARZ: 3, MAERZ: 3, MARZO: 3, MARCO: 3, MAART: 3,
  APR: 4, APRIL: 4, AVR: 4, AVRIL: 4, ABR: 4, ABRIL: 4, APRILE: 4, KWI: 4,
  MAY: 5, MAI: 5, MAYO: 5, MAG: 5, MAGGIO: 5, MAIO: 5, MEI: 5, MAJ: 5,
  JUN: 6, JUNE: 6, JUIN: 6, JUNI: 6, JUNIO: 6, GIU: 6, GIUGNO: 6, JUNHO: 6, CZE: 6,
  JUL: 7, JULY: 7, JUIL: 7, JUILLET: 7, JULI: 7, JULIO: 7, LUG: 7, LUGLIO: 7, JULHO: 7, LIP: 7,
  AUG: 8, AUGUST: 8, AOU: 8, AOUT: 8, AGO: 8, AGOSTO: 8, AUGUSTUS: 8, SIE: 8,
  SEP: 9, SEPT: 9, SEPTEMBER: 9, SEPTEMBRE: 9, SEPTIEMBRE: 9, SET: 9, SETTEMBRE: 9, SETEMBRO: 9, WRZ: 9,
  OCT: 10, OCTOBER: 10, OCTOBRE: 10, OKT: 10, OKTOBER: 10, OCTUBRE: 10, OTT: 10, OTTOBRE: 10, OUT: 10, OUTUBRO: 10, PAZ: 10,
  NOV: 11, NOVEMBER: 11, NOVEMBRE: 11, NOVIEMBRE: 11, NOVEMBRO: 11, LIS: 11,
  DEC: 12, DECEMBER: 12, DECEMBRE: 12, DEZ: 12, DEZEMBER: 12, DIC: 12, DICIEMBRE: 12, DICEMBRE: 12, DEZEMBRO: 12, GRU: 12,
});

/** How to place a two-digit year: birth dates are never in the future, other dates fall within 50 years of today. */
export type DateKind = 'birth' | 'other';

function fullYear(year: number, digits: number, kind: DateKind, today: Date): number {
  if (digits === 4) return year;
  const current = today.getUTCFullYear();
  const century = Math.floor(current / 100) * 100;
  if (kind === 'birth') return century + year > current ? century - 100 + year : century + year;
  const candidate = century + year;
  return candidate - current > 50 ? candidate - 100 : current - candidate > 50 ? candidate + 100 : candidate;
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** O/D/Q read for 0, I/L for 1, S for 5, B for 8 inside a run of digits: common OCR slips in printed dates. */
function digitsOf(text: string): string {
  return text.replace(/[ODQ]/g, '0').replace(/[IL|]/g, '1').replace(/S/g, '5').replace(/B/g, '8');
}

/**
 * Every date printed in `text`, as ISO YYYY-MM-DD, in order: DD.MM.YYYY (also `/`, `-` or spaces),
 * YYYY-MM-DD, and DD MMM YYYY or DD MMM YY with month names in English, French, German, Spanish, Italian,
 * Portuguese, Dutch or Polish, including bilingual months ("12 AUG/AOUT 74"). Impossible dates are skipped.
 */
export function parsePrintedDates(text: string, kind: DateKind = 'other', today: Date = new Date()): string[] {
  const folded = foldPlain(text);
  const out: { at: number; date: string }[] = [];
  const numeric = /(?<![0-9A-Z])(\d[0-9ODQIL]?|[ODQIL]\d)(?:\s?[./-]\s?|\s)([0-9ODQIL]{1,2})(?:\s?[./-]\s?|\s)([0-9ODQILSB]{4}|[0-9ODQIL]{2})(?![0-9])/g;
  for (const m of folded.matchAll(numeric)) {
    const [d, mo, y] = [m[1]!, m[2]!, m[3]!].map(digitsOf) as [string, string, string];
    const date = iso(fullYear(Number(y), y.length, kind, today), Number(mo), Number(d));
    if (date) out.push({ at: m.index, date });
  }
  for (const m of folded.matchAll(/(?<![0-9])(\d{4})-(\d{2})-(\d{2})(?![0-9])/g)) {
    const date = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) out.push({ at: m.index, date });
  }
  const named = /(?<![0-9A-Z])(\d[0-9ODQIL]?|[ODQIL]\d)[\s.]*([A-Z]{3,9})\.?(?:\s*\/?\s*([A-Z]{3,9})\.?)?[\s.,]*([0-9ODQILSB]{4}|[0-9ODQIL]{2})(?![0-9])/g;
  for (const m of folded.matchAll(named)) {
    const month = MONTHS[m[2]!] ?? (m[3] ? MONTHS[m[3]] : undefined);
    if (month === undefined) continue;
    const y = digitsOf(m[4]!);
    const date = iso(fullYear(Number(y), y.length, kind, today), month, Number(digitsOf(m[1]!)));
    if (date) out.push({ at: m.index, date });
  }
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.at - b.at)
    .map((x) => x.date)
    .filter((d) => (seen.has(d) ? false : (seen.add(d), true)));
}

/** A document number: 5 to 14 letters and digits with at least one digit (spaces inside dropped). */
function documentNumberIn(text: string): string | null {
  const tokens = foldPlain(text).replace(/[^A-Z0-9 ]+/g, ' ').split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    // Numbers printed in groups ("C 01X 00T 4") are joined back, up to four groups.
    for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
      const joined = tokens.slice(i, i + n).join('');
      if (/^[A-Z0-9]{5,14}$/.test(joined) && /\d/.test(joined) && (n === 1 || tokens.slice(i, i + n).every((t) => t.length <= 4))) {
        return joined;
      }
    }
  }
  return null;
}

interface Placed {
  readonly text: string;
  readonly label: LabelHit | null;
  readonly box: PrintedLine['box'];
  readonly index: number;
}

/**
 * The value of a label: on its own line after the label, else the nearest line below starting where the label
 * starts (within three label heights either way), else the nearest line beside it on its row, else the next
 * line in reading order when no boxes are known.
 */
function valueLines(lines: readonly Placed[], at: Placed): Placed[] {
  const out: Placed[] = [];
  if (at.label && at.label.rest !== '') out.push({ ...at, text: at.label.restRaw, label: null });
  const box = at.box;
  if (box) {
    // Centres, not edges: boxes of tilted photos overlap their neighbours' rows.
    const centre = (b: NonNullable<PrintedLine['box']>): number => b.y + b.height / 2;
    const below = lines
      .filter((l) => l.index !== at.index && l.box && centre(l.box) - centre(box) > 0.3 * box.height)
      .filter((l) => l.box!.y - (box.y + box.height) < 3 * box.height)
      // Values are printed left-aligned under their labels; a piece of the label's own row further right
      // (lower in a tilted photo) is not its value.
      .filter((l) => Math.abs(l.box!.x - box.x) < 3 * box.height)
      .sort((a, b) => a.box!.y - b.box!.y || Math.abs(a.box!.x - box.x) - Math.abs(b.box!.x - box.x));
    // Past the label's other languages printed under it ("Primary identifier" over "Identifiant primaire").
    const first = below.find((l) => l.label === null);
    if (first) out.push(first);
    // Forms that print the value beside its label ("Surname:   SMITH"): the nearest line to the right on the
    // label's row, after any value below (a row of labels has their values below them).
    const beside = lines
      .filter((l) => l.index !== at.index && l.box && Math.abs(centre(l.box) - centre(box)) < 0.5 * box.height)
      .filter((l) => l.box!.x >= box.x + box.width - 0.5 * box.height && l.box!.x - (box.x + box.width) < 12 * box.height)
      .sort((a, b) => a.box!.x - b.box!.x)[0];
    if (beside) out.push(beside);
  } else {
    const next = lines[at.index + 1];
    if (next) out.push(next);
  }
  return out.filter((l) => l.label === null);
}

function firstOf<T>(items: readonly Placed[], pick: (text: string) => T | null): T | null {
  for (const item of items) {
    const value = pick(item.text);
    if (value !== null) return value;
  }
  return null;
}

const cleanName = (text: string): string => text.replace(/\s+/g, ' ').replace(/^[\s,.-]+|[\s,.-]+$/g, '').trim();

export interface ReadPrintedOptions {
  readonly today?: Date;
}

/**
 * Finds the printed holder name, birth date, expiry date and document number next to their labels.
 * MRZ lines are ignored. A field whose label or value was not read is null; nothing is guessed from layout
 * alone, because a wrong guess would show up as a false disagreement with the MRZ.
 */
export function readPrintedFields(lines: readonly PrintedLine[], options: ReadPrintedOptions = {}): PrintedFields {
  const today = options.today ?? new Date();
  const placed: Placed[] = lines
    .filter((l) => (l.text.match(/</g) ?? []).length < 2)
    .map((l, index) => ({ text: l.text, label: readLabel(l.text), box: l.box, index }));
  const result: { -readonly [K in keyof PrintedFields]: PrintedFields[K] } = {
    surname: null,
    givenNames: null,
    fullName: null,
    birthDate: null,
    expiryDate: null,
    documentNumber: null,
  };
  for (const line of placed) {
    const kind = line.label?.kind;
    if (!kind || kind === 'other') continue;
    const values = valueLines(placed, line);
    if (kind === 'surname' && result.surname === null) {
      const value = firstOf(values, (t) => (isNameValue(t) ? cleanName(t) : null));
      // A plain "Name" label may hold "SURNAME, GIVEN NAMES".
      if (value?.includes(',')) result.fullName ??= value;
      else result.surname = value;
    } else if (kind === 'givenNames' && result.givenNames === null) {
      result.givenNames = firstOf(values, (t) => (isNameValue(t) ? cleanName(t) : null));
    } else if (kind === 'fullName' && result.fullName === null) {
      result.fullName = firstOf(values, (t) => (isNameValue(t) ? cleanName(t) : null));
    } else if (kind === 'birthDate' && result.birthDate === null) {
      result.birthDate = firstOf(values, (t) => parsePrintedDates(t, 'birth', today)[0] ?? null);
    } else if (kind === 'expiryDate' && result.expiryDate === null) {
      result.expiryDate = firstOf(values, (t) => parsePrintedDates(t, 'other', today)[0] ?? null);
    } else if (kind === 'documentNumber' && result.documentNumber === null) {
      result.documentNumber = firstOf(values, (t) => (parsePrintedDates(t).length > 0 ? null : documentNumberIn(t)));
    }
  }
  // "SURNAME, GIVEN NAMES" under a whole-name label gives both parts.
  if (result.fullName !== null && result.surname === null && result.fullName.includes(',')) {
    const [surname, given] = result.fullName.split(',', 2).map(cleanName) as [string, string];
    result.surname = surname || null;
    result.givenNames ??= given || null;
  }
  return result;
}

export type CrossCheckStatus = 'agree' | 'disagree' | 'absent';

export interface FieldCrossCheck {
  readonly field: FieldName;
  readonly status: CrossCheckStatus;
  readonly mrz: string | null;
  readonly printed: string | null;
}

/** Name words as the MRZ would write them (both spellings of each, since a printed Ü may be MUELLER or MULLER). */
function nameWords(text: string): string[][] {
  const split = (s: string): string[] => s.replace(/'/g, '').split(/[^A-Z0-9]+/).filter(Boolean);
  const icao = split(foldIcao(text));
  const plain = split(foldPlain(text));
  return icao.length === plain.length ? icao.map((w, i) => [w, plain[i]!]) : icao.map((w) => [w]);
}

/**
 * Printed and MRZ names agree when they have the same words in the same order, each equal in one of its
 * spellings; the MRZ's last word may be a prefix when the MRZ name field was full (truncation).
 */
function sameName(printed: string, mrz: string, truncated: boolean): boolean {
  const p = nameWords(printed);
  const m = nameWords(mrz).map((w) => w[0]!);
  if (m.length === 0) return false;
  // A printed Ü read (or printed) without its dots meets the MRZ's UE: MULLER agrees with MUELLER.
  const undotted = (w: string): string => w.replace(/([AOU])E/g, '$1');
  // Spaces and hyphens dropped or added in print (KARINSOFIA, KOWAL SKA) do not make another name.
  const joined = m.join('');
  if (p.map((w) => w[0]!).join('') === joined || p.map((w) => w[w.length - 1]!).join('') === joined) return true;
  if (p.length !== m.length && !(truncated && p.length > m.length)) return false;
  return m.every((word, i) => {
    const forms = p[i] ?? [];
    const last = i === m.length - 1;
    return forms.some((f) => f === word || f === undotted(word) || (truncated && last && f.startsWith(word)));
  });
}

/** Whether the printed text shows the MRZ value somewhere, for fields whose label was not read. */
function printedAnywhere(field: FieldName, value: string, lines: readonly PrintedLine[], today: Date): boolean {
  const texts = lines.filter((l) => (l.text.match(/</g) ?? []).length < 2).map((l) => l.text);
  if (field === 'birthDate') return texts.some((t) => parsePrintedDates(t, 'birth', today).includes(value));
  if (field === 'expiryDate') return texts.some((t) => parsePrintedDates(t, 'other', today).includes(value));
  if (field === 'documentNumber') return texts.some((t) => foldPlain(t).replace(/[^A-Z0-9]/g, '').includes(value.replace(/</g, '')));
  return texts.some((t) => sameNameInside(t, value));
}

function sameNameInside(text: string, mrzName: string): boolean {
  const words = nameWords(text);
  const wanted = nameWords(mrzName).map((w) => w[0]!);
  if (wanted.length === 0) return false;
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, k) => (words[i + k] ?? []).includes(w))) return true;
  }
  return false;
}

export interface CrossCheckOptions {
  /** The MRZ name field was full: its last name word may be cut short. */
  readonly truncated?: boolean;
  /** All OCR lines, to find an MRZ value printed without a readable label (reported as agree). */
  readonly lines?: readonly PrintedLine[];
  readonly today?: Date;
}

/** Document-number characters print shows alike in many fonts, folded to one: O to 0, I to 1. */
const sameGlyphs = (text: string): string => text.replace(/O/g, '0').replace(/I/g, '1');

/**
 * Compares MRZ and printed zone field by field. A printed value read next to its label is compared with the
 * MRZ (`agree` / `disagree`); without one, the MRZ value found anywhere in the printed lines counts as `agree`;
 * otherwise `absent`. Dates and the document number are compared only when the MRZ check digit of that field
 * verifies, so an MRZ misread is not reported as a disagreement of the document.
 */
export function crossCheckMrz(mrz: MrzReading, printed: PrintedFields, options: CrossCheckOptions = {}): FieldCrossCheck[] {
  const today = options.today ?? new Date();
  const lines = options.lines ?? [];
  const checked = (field: string): boolean => mrz.checks.find((c) => c.field === field)?.valid === true;
  const truncated = options.truncated ?? false;
  const rows: { field: FieldName; mrz: string | null; printed: string | null; equal: (p: string, m: string) => boolean; trusted: boolean }[] = [
    { field: 'surname', mrz: mrz.surname, printed: printed.surname, equal: (p, m) => sameName(p, m, false), trusted: true },
    { field: 'givenNames', mrz: mrz.givenNames, printed: printed.givenNames, equal: (p, m) => sameName(p, m, truncated), trusted: true },
    { field: 'birthDate', mrz: mrz.birthDate, printed: printed.birthDate, equal: (p, m) => p === m, trusted: checked('birthDate') },
    { field: 'expiryDate', mrz: mrz.expirationDate, printed: printed.expiryDate, equal: (p, m) => p === m, trusted: checked('expirationDate') },
    {
      field: 'documentNumber',
      mrz: mrz.documentNumber,
      printed: printed.documentNumber,
      // Print shows O and 0 (I and 1) alike in many fonts: MO0000426 is the MRZ's M00000426.
      equal: (p, m) => sameGlyphs(p.replace(/[^A-Z0-9]/g, '')) === sameGlyphs(m.replace(/</g, '')),
      trusted: checked('documentNumber'),
    },
  ];
  return rows.map(({ field, mrz: m, printed: p, equal, trusted }) => {
    if (m === null || m === '' || !trusted) return { field, status: 'absent', mrz: m, printed: p };
    if (p !== null) return { field, status: equal(p, m) ? 'agree' : 'disagree', mrz: m, printed: p };
    return printedAnywhere(field, m, lines, today) ? { field, status: 'agree', mrz: m, printed: null } : { field, status: 'absent', mrz: m, printed: null };
  });
}

export type DocumentType = 'passport' | 'id_card' | 'visa' | 'other';

/** Title words that name the kind of document, for pages without a readable MRZ. */
const TYPE_WORDS: readonly [DocumentType, RegExp][] = [
  ['visa', /\b(VISA|VISUM|VISADO|VISTO|WIZA)\b/],
  ['passport', /\b(PASSPORT|PASSEPORT|REISEPASS|PASAPORTE|PASSAPORTO|PASSAPORTE|PASZPORT|CESTOVNI PAS|PASPOORT|PASSI|PASS)\b/],
  ['id_card', /\b(IDENTITY CARD|ID CARD|CARTE D'?IDENTITE|CARTE NATIONALE D'?IDENTITE|PERSONALAUSWEIS|DOCUMENTO NACIONAL DE IDENTIDAD|DNI|CARTA D'?IDENTITA|DOWOD OSOBISTY|OBCANSKY PRUKAZ|IDENTITEITSKAART|RESIDENT CARD|IDENTITY)\b/],
];

/**
 * Passport, ID card or visa: from the MRZ document code when there is one (P passport; I, A, C identity and
 * other official cards; V visa, ICAO 9303 Parts 4-7), else from the MRZ format (TD3 is a passport booklet,
 * TD1 a card), else from the title words printed on the page; null when nothing tells.
 */
export function documentTypeOf(mrz: MrzReading | null, lines: readonly string[]): DocumentType | null {
  const code = mrz?.documentCode?.charAt(0);
  if (code === 'P') return 'passport';
  if (code === 'V') return 'visa';
  if (code === 'I' || code === 'A' || code === 'C') return 'id_card';
  if (mrz?.format === 'TD3') return 'passport';
  if (mrz?.format === 'TD1' || mrz?.format === 'TD2') return 'id_card';
  if (mrz?.format === 'MRVA' || mrz?.format === 'MRVB') return 'visa';
  const text = lines.map(foldLabel).join(' \n ');
  return TYPE_WORDS.find(([, pattern]) => pattern.test(text))?.[0] ?? (mrz ? 'other' : null);
}

export interface DocumentEvidence {
  readonly type: DocumentType | null;
  /** Three-letter code of the issuing state or organisation, from the MRZ. */
  readonly issuingCountry: string | null;
  readonly printed: PrintedFields;
  /** One row per field when an MRZ was read; empty otherwise. */
  readonly crossCheck: readonly FieldCrossCheck[];
}

/**
 * Everything the service reports about the document beyond the MRZ itself: its type and issuer, the printed
 * fields and their cross-check against the MRZ. `lines` carry boxes only when they are in the page's own
 * frame (upright); otherwise values are looked for on the next line in reading order.
 */
export function documentEvidence(
  mrz: MrzReading | null,
  lines: readonly PrintedLine[],
  options: { readonly truncatedName?: boolean; readonly today?: Date } = {},
): DocumentEvidence {
  const printed = readPrintedFields(lines, { ...(options.today ? { today: options.today } : {}) });
  return {
    type: documentTypeOf(mrz, lines.map((l) => l.text)),
    issuingCountry: mrz?.issuingState ?? null,
    printed,
    crossCheck: mrz ? crossCheckMrz(mrz, printed, { truncated: options.truncatedName ?? false, lines, ...(options.today ? { today: options.today } : {}) }) : [],
  };
}
