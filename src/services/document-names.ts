/**
 * What the name matcher is given about a document: the MRZ name as read, every printed line, and the MRZ
 * name field read again under the typed spelling (when the MRZ was decoded under its layout).
 */
import type { DocumentReading } from '../adapters/document/document.types.js';
import { rereadMrzName } from '../adapters/document/mrz-name-evidence.js';
import { mrzNames } from '../domain/mrz.js';
import { typedMrzNameFields, type DocumentNames, type MrzReread, type NameMatchPolicy } from '../domain/name-match.js';

/** Scores MRZ name fields against the evidence (mrz-name-evidence.ts `rereadMrzName`). */
export type MrzRereader = typeof rereadMrzName;

/**
 * The document's names for `matchName`. The re-read is computed only when the matcher asks for it, once: it is
 * a few constrained decodings of the name line (about 30 ms), and the MRZ rules before it decide most requests.
 */
export function documentNames(reading: DocumentReading, typedName: string, policy: NameMatchPolicy, reread: MrzRereader = rereadMrzName): DocumentNames {
  const evidence = reading.mrzEvidence;
  let cached: { value: MrzReread | null } | undefined;
  return {
    mrz: reading.mrz === null ? null : mrzNames(reading.mrz),
    lines: reading.lines.map((line) => line.text),
    get mrzReread(): MrzReread | null {
      cached ??= { value: evidence ? reread(evidence, typedMrzNameFields(typedName, policy)) : null };
      return cached.value;
    },
  };
}
