/**
 * The typed-name tables the name matcher is measured with, shared by its unit test (on ground truth) and by
 * bench/documents.ts (on the OCR output): the true holder's name in the forms users type it, and impostors
 * built from other specimens' names and near-miss spellings. Test and benchmark support only.
 */
import { foldIcao } from '../domain/text-normalise.js';

export interface NamedSpecimen {
  readonly file: string;
  readonly surname?: string;
  readonly given?: string;
}

const title = (s: string): string => s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());

/** Given-first title case, surname-first upper case, "Surname, Given", all lower case, and the middle name omitted. */
export function trueForms(s: NamedSpecimen): string[] {
  const surname = s.surname ?? '';
  const given = s.given ?? '';
  const first = given.split(/\s+/)[0] ?? '';
  const forms = [`${title(given)} ${title(surname)}`, `${surname} ${given}`, `${title(surname)}, ${title(given)}`, `${given} ${surname}`.toLowerCase()];
  if (first !== given) forms.push(`${title(first)} ${title(surname)}`);
  return forms;
}

/** Two substitutions by a letter in no OCR confusion class. */
function twoEdits(word: string): string {
  const sub = (w: string, i: number): string => w.slice(0, i) + (w.charAt(i) === 'X' ? 'J' : 'X') + w.slice(i + 1);
  return sub(sub(word, 1), word.length - 2);
}

const foldedTokens = (s: string): Set<string> => new Set(foldIcao(s).split(/[^A-Z]+/).filter(Boolean));

/**
 * Different people: the holder's given names with another surname, the first given name alone with another
 * surname (one shared given name), another person's given name with the holder's surname, near-miss spellings
 * (two non-look-alike substitutions in the surname or the first given name), and the given names alone.
 */
export function impostors(s: NamedSpecimen, all: readonly NamedSpecimen[]): string[] {
  const own = foldedTokens(`${s.surname} ${s.given}`);
  const others = all.filter((o) => [...foldedTokens(o.surname ?? '')].every((t) => !own.has(t)));
  const other = others[all.indexOf(s) % Math.max(1, others.length)];
  const given = s.given ?? '';
  const surname = s.surname ?? '';
  const first = given.split(/\s+/)[0] ?? '';
  const out: string[] = [];
  if (other) out.push(`${given} ${other.surname}`, `${first} ${other.surname}`, `${other.given} ${surname}`);
  if (surname.length >= 3 && surname.length <= 8) out.push(`${given} ${twoEdits(surname)}`);
  if (first.length >= 3 && first.length <= 8) out.push(`${twoEdits(first)} ${surname}`);
  if (given.includes(' ')) out.push(given);
  return out;
}
