/**
 * The name evidence of one page, finished where the page was read (the document worker): the MRZ name, every
 * printed line, the MRZ name field re-read under the typed spelling when the matcher needs it, and the
 * matcher's decision on the page. The service takes this as it is and never re-reads the MRZ on its own
 * thread (the re-read decodes the recogniser's lattice, which stays in the worker).
 */
import { mrzNames } from '../../domain/mrz.js';
import { matchName, typedMrzNameFields, type DocumentNames, type MrzReread, type NameMatchPolicy } from '../../domain/name-match.js';
import type { DocumentReading, PageNameEvidence } from './document.types.js';
import { rereadMrzName } from './mrz-name-evidence.js';

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
    mrzNameIllegible: reading.mrz?.valid === true && reading.mrz.nameIllegible === true,
    get mrzReread(): MrzReread | null {
      cached ??= { value: evidence ? reread(evidence, typedMrzNameFields(typedName, policy)) : null };
      return cached.value;
    },
  };
}

/**
 * Matches the typed name against the page once and returns the decision with the evidence it used, as plain
 * data that crosses a thread: `names.mrzReread` is present when the matcher asked for the re-read. A matcher
 * given these names again (with another side's lines added) decides the MRZ rules the same way, so it asks for
 * the re-read only where it was computed here.
 */
export function pageNameEvidence(reading: DocumentReading, typedName: string, policy: NameMatchPolicy, reread: MrzRereader = rereadMrzName): PageNameEvidence {
  let asked = false;
  const lazy = documentNames(reading, typedName, policy, (evidence, fields) => ((asked = true), reread(evidence, fields)));
  const match = matchName(typedName, lazy, policy);
  const names = { mrz: lazy.mrz ?? null, lines: lazy.lines, mrzNameIllegible: lazy.mrzNameIllegible === true };
  return { match, names: asked ? { ...names, mrzReread: lazy.mrzReread ?? null } : names };
}
