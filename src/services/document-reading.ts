/**
 * The document side of a request: read the ID (and its back, when sent) in the document workers, take the MRZ
 * from whichever side carries it, cross-check the sides and the zones, judge the document and take the typed
 * name's decision as the worker finished it. Shared by /verify and /documents/read. No HTTP here.
 */
import type { DocumentReading, MrzProblem, MrzReading, OcrLine } from '../adapters/document/document.types.js';
import type { RgbImage } from '../adapters/image/rgb-image.js';
import type { Policy } from '../config/policy.js';
import { checkDocument, type DocumentChecks } from '../domain/document-checks.js';
import { combineSides, type Side } from '../domain/document-sides.js';
import { mrzNames } from '../domain/mrz.js';
import { matchName, type DocumentNames, type NameMatch } from '../domain/name-match.js';
import { documentEvidence, type DocumentEvidence, type FieldCrossCheck, type FieldName, type PrintedLine } from '../domain/printed-fields.js';
import type { DocumentReader } from './verification.service.js';

export interface DocumentImages {
  /** The side with the portrait (image2, document). */
  readonly front: RgbImage;
  /** The back of the card (image3, document_back), when sent. */
  readonly back?: RgbImage;
}

/** The two sides compared, when both were sent. */
export interface SidesOutcome {
  readonly mrzSide: Side | null;
  readonly crossCheck: readonly FieldCrossCheck[];
  readonly disagreeing: readonly FieldName[];
}

export interface DocumentOutcome {
  readonly mrz: MrzReading | null;
  readonly expired: boolean | null;
  readonly linesRead: number;
  /** Type, issuer, printed fields and their cross-check against the MRZ (src/domain/printed-fields.ts). */
  readonly evidence: DocumentEvidence;
  /** Reading stopped once a check-valid MRZ confirmed the typed name; the printed zone was then not read. */
  readonly stoppedEarly: boolean;
  /** Why no check-valid MRZ was read (document.types.ts MrzProblem), null when one was. */
  readonly mrzProblem: MrzProblem | null;
  /** What the document is worth as evidence: MRZ, font, consistency, specimen (document-checks.ts). */
  readonly checks: DocumentChecks;
  /** Null when only one side was sent. */
  readonly sides: SidesOutcome | null;
}

export interface DocumentDeps {
  readonly documents: Pick<DocumentReader, 'read'>;
  readonly policy: Policy;
  readonly now: () => Date;
}

/** Reads every side in the document workers (in parallel) and judges the document; `name` is null without a typed name. */
export async function readDocumentImages(images: DocumentImages, typedName: string, deps: DocumentDeps): Promise<{ readonly document: DocumentOutcome; readonly name: NameMatch }>;
export async function readDocumentImages(images: DocumentImages, typedName: string | undefined, deps: DocumentDeps): Promise<{ readonly document: DocumentOutcome; readonly name: NameMatch | null }>;
export async function readDocumentImages(
  images: DocumentImages,
  typedName: string | undefined,
  deps: DocumentDeps,
): Promise<{ readonly document: DocumentOutcome; readonly name: NameMatch | null }> {
  const hints = typedName === undefined ? undefined : { typedName, namePolicy: deps.policy.name };
  const [front, back] = await Promise.all([deps.documents.read(images.front, hints), images.back ? deps.documents.read(images.back, hints) : null]);
  return judgeDocument(front, back, typedName, deps);
}

/** Boxes help pair labels with values only in the page's own frame; a turned page is read in line order. */
function printedLines(reading: DocumentReading): PrintedLine[] {
  return reading.lines.map((line: OcrLine) => ((reading.rotation ?? 0) === 0 ? { text: line.text, box: line.box } : { text: line.text }));
}

/** The names a page gives the matcher: as the worker finished them, else (a stand-in engine) the plain reading. */
function namesOf(reading: DocumentReading): DocumentNames {
  return reading.name?.names ?? { mrz: reading.mrz === null ? null : mrzNames(reading.mrz), lines: reading.lines.map((l) => l.text) };
}

function judgeDocument(
  front: DocumentReading,
  back: DocumentReading | null,
  typedName: string | undefined,
  deps: DocumentDeps,
): { document: DocumentOutcome; name: NameMatch | null } {
  const today = deps.now();
  let mrz: MrzReading | null;
  let evidence: DocumentEvidence;
  let sides: SidesOutcome | null = null;
  let mrzPage: DocumentReading = front;
  if (back === null) {
    mrz = front.mrz;
    evidence = documentEvidence(mrz, printedLines(front), { truncatedName: mrz ? mrzNames(mrz)?.truncated ?? false : false, today });
  } else {
    const combined = combineSides({ mrz: front.mrz, lines: printedLines(front) }, { mrz: back.mrz, lines: printedLines(back) }, { today });
    mrz = combined.mrz;
    evidence = combined.evidence;
    sides = { mrzSide: combined.mrzSide, crossCheck: combined.betweenSides, disagreeing: combined.disagreeing };
    if (combined.mrzSide === 'back') mrzPage = back;
  }
  const pages = back === null ? [front] : [front, back];
  const lines = pages.flatMap((p) => p.lines.map((l) => l.text));
  const checks = checkDocument({ mrz, crossCheck: evidence.crossCheck, lines, ...(sides ? { sidesDisagree: sides.disagreeing } : {}) }, deps.policy.document);
  const document: DocumentOutcome = {
    mrz,
    expired: isExpired(mrz, today),
    linesRead: lines.length,
    evidence,
    stoppedEarly: mrzPage.stoppedEarly ?? false,
    mrzProblem: mrzProblemOf(mrz, pages),
    checks,
    sides,
  };
  return { document, name: typedName === undefined ? null : nameOf(typedName, front, back, mrzPage, deps) };
}

/**
 * Why no check-valid MRZ was read: with two sides, the side that says more than "none found" (the front of a
 * card normally has no MRZ, so its MRZ_NOT_FOUND says nothing about a glared back).
 */
function mrzProblemOf(mrz: MrzReading | null, pages: readonly DocumentReading[]): MrzProblem | null {
  if (mrz?.valid === true) return null;
  const problems = pages.map((p) => p.mrzProblem).filter((p): p is MrzProblem => p !== undefined);
  return problems.find((p) => p !== 'MRZ_NOT_FOUND') ?? problems[0] ?? null;
}

/**
 * One side: the worker's decision as it is. Two sides: one matching over the MRZ side's names (with its
 * re-read) and the lines of both, so the front's printed name is checked against the back's MRZ.
 */
function nameOf(typedName: string, front: DocumentReading, back: DocumentReading | null, mrzPage: DocumentReading, deps: DocumentDeps): NameMatch {
  if (back === null) return front.name?.match ?? matchName(typedName, namesOf(front), deps.policy.name);
  const withMrz = namesOf(mrzPage);
  const merged: DocumentNames = { ...withMrz, lines: [...namesOf(front).lines, ...namesOf(back).lines] };
  return matchName(typedName, merged, deps.policy.name);
}

/** Expired when the MRZ expiry date (check digit valid) is before today; null when not known. */
export function isExpired(mrz: MrzReading | null, now: Date): boolean | null {
  if (mrz === null || mrz.expirationDate === null) return null;
  const expiryCheck = mrz.checks.find((c) => c.field === 'expirationDate');
  if (expiryCheck !== undefined && !expiryCheck.valid) return null;
  return mrz.expirationDate < now.toISOString().slice(0, 10);
}
