/**
 * The real-document evaluation set (bench/real-documents/): photos and scans of specimen and mock identity
 * documents from public repositories, with the truth transcribed by eye. The manifest names each image by
 * repository, path, commit and sha256; `npm run make:real-documents` rebuilds the images outside the
 * repository and `bench:documents -- --set dev|test` reads them. Test and benchmark support only.
 */
import { parse as parseMrzPackage } from 'mrz';
import { mrzCheckDigit, mrzCheckPositions, mrzFormatOf, type MrzFormat } from '../domain/mrz.js';

export type RealDocumentSplit = 'dev' | 'test';
export type RealDocumentSide = 'front' | 'back' | 'both';

export interface RealDocument {
  /** Stable short name, unique in the manifest; the rebuilt file is `<split>/<id><extension of path>`. */
  readonly id: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  readonly path: string;
  readonly commit: string;
  readonly sha256: string;
  readonly split: RealDocumentSplit;
  readonly format: MrzFormat;
  /** Which side of the document the image shows: the MRZ side, the other side, or both in one image. */
  readonly side: RealDocumentSide;
  /** The MRZ lines exactly as printed, specimen defects included. */
  readonly mrz: readonly string[];
  readonly surname: string;
  readonly given_names: string;
  /** Every check digit of the printed MRZ verifies (the `mrz` package's per-field results). */
  readonly printed_mrz_valid: boolean;
  readonly notes: string;
}

const SPLITS: readonly string[] = ['dev', 'test'];
const SIDES: readonly string[] = ['front', 'back', 'both'];

/** File name of a document inside its split folder. */
export function realDocumentFile(doc: Pick<RealDocument, 'id' | 'path'>): string {
  const ext = /\.[A-Za-z0-9]+$/.exec(doc.path)?.[0]?.toLowerCase() ?? '';
  return `${doc.id}${ext}`;
}

/**
 * Every check digit of `lines` verifies, judged by the `mrz` package field by field (its overall `valid` is
 * false for the specimen state UTO and for unknown states whatever the digits say). The package refuses visas,
 * so their digits (number, birth, expiry; no composite) are computed here by ICAO 9303 Part 3.
 */
export function printedMrzValid(lines: readonly string[]): boolean {
  const format = mrzFormatOf(lines.length, lines[0]?.length ?? 0, lines[0] ?? '');
  if (format === 'MRVA' || format === 'MRVB') {
    return mrzCheckPositions(format).every(({ positions }) => {
      const chars = positions.map(({ line, pos }) => lines[line]!.charAt(pos));
      return chars.at(-1) === String(mrzCheckDigit(chars.slice(0, -1).join('')));
    });
  }
  try {
    const checks = parseMrzPackage([...lines]).details.filter((d) => d.field?.endsWith('CheckDigit'));
    return checks.length > 0 && checks.every((d) => d.valid);
  } catch {
    return false;
  }
}

const str = (o: Record<string, unknown>, key: string, problems: string[]): string => {
  const v = o[key];
  if (typeof v !== 'string') problems.push(`${key} must be a string`);
  return typeof v === 'string' ? v : '';
};

/** Parses one manifest line; throws naming the line and every problem found. */
export function parseRealDocument(line: string, lineNo: number): RealDocument {
  const problems: string[] = [];
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    o = parsed as Record<string, unknown>;
  } catch (e) {
    throw new Error(`manifest line ${lineNo}: not a JSON object (${(e as Error).message})`);
  }
  const id = str(o, 'id', problems);
  const repo = str(o, 'repo', problems);
  const path = str(o, 'path', problems);
  const commit = str(o, 'commit', problems);
  const sha256 = str(o, 'sha256', problems);
  const split = str(o, 'split', problems);
  const format = str(o, 'format', problems);
  const side = str(o, 'side', problems);
  const surname = str(o, 'surname', problems);
  const given = str(o, 'given_names', problems);
  const notes = str(o, 'notes', problems);
  const mrz = Array.isArray(o.mrz) && o.mrz.every((l) => typeof l === 'string') ? (o.mrz as string[]) : null;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) problems.push('id must be lower-case letters, digits and dashes');
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) problems.push('repo must be owner/name');
  if (!/^[0-9a-f]{40}$/.test(commit)) problems.push('commit must be 40 hex digits');
  if (!/^[0-9a-f]{64}$/.test(sha256)) problems.push('sha256 must be 64 hex digits');
  if (!SPLITS.includes(split)) problems.push(`split must be one of ${SPLITS.join(', ')}`);
  if (!SIDES.includes(side)) problems.push(`side must be one of ${SIDES.join(', ')}`);
  if (typeof o.printed_mrz_valid !== 'boolean') problems.push('printed_mrz_valid must be a boolean');
  if (!mrz) problems.push('mrz must be an array of strings');
  else {
    const shape = mrzFormatOf(mrz.length, mrz[0]?.length ?? 0, mrz[0] ?? '');
    if (mrz.some((l) => !/^[A-Z0-9<]+$/.test(l) || l.length !== mrz[0]!.length)) problems.push('mrz lines must be equally long, of A-Z 0-9 <');
    else if (shape !== format) problems.push(`format ${format} does not fit ${mrz.length} lines of ${mrz[0]?.length ?? 0} (${shape ?? 'no ICAO shape'})`);
  }
  if (surname.trim() === '') problems.push('surname must not be empty');
  if (problems.length > 0) throw new Error(`manifest line ${lineNo} (${id || '?'}): ${problems.join('; ')}`);
  return {
    id,
    repo,
    path,
    commit,
    sha256,
    split: split as RealDocumentSplit,
    format: format as MrzFormat,
    side: side as RealDocumentSide,
    mrz: mrz!,
    surname,
    given_names: given,
    printed_mrz_valid: o.printed_mrz_valid as boolean,
    notes,
  };
}

/** Parses the whole manifest (JSON lines; blank lines ignored). */
export function parseRealDocumentManifest(text: string): RealDocument[] {
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => parseRealDocument(line, n));
}

/**
 * What makes the set unusable for an honest measurement: duplicate ids or images, a repository on both sides
 * of the split (test documents would not be unseen), or a `printed_mrz_valid` that the check digits contradict.
 */
export function manifestProblems(docs: readonly RealDocument[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const d of docs) {
    for (const key of [`id ${d.id}`, `sha256 ${d.sha256}`]) {
      if (seen.has(key)) problems.push(`${key} appears twice (${seen.get(key)} and ${d.id})`);
      seen.set(key, d.id);
    }
    if (printedMrzValid(d.mrz) !== d.printed_mrz_valid) problems.push(`${d.id}: printed_mrz_valid is ${d.printed_mrz_valid} but the check digits say ${!d.printed_mrz_valid}`);
  }
  const splitOf = new Map<string, RealDocumentSplit>();
  for (const d of docs) {
    const other = splitOf.get(d.repo);
    if (other && other !== d.split) problems.push(`${d.repo} has documents in both dev and test`);
    splitOf.set(d.repo, d.split);
  }
  return [...new Set(problems)];
}
