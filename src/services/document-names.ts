/**
 * What the name matcher is given about a document: the MRZ name as read, every printed line, and the MRZ
 * name field read again under the typed spelling (when the MRZ was decoded under its layout).
 */
import type { DocumentReading } from '../adapters/document/document.types.js';
import { rereadMrzName } from '../adapters/document/mrz-name-evidence.js';
import { mrzNames } from '../domain/mrz.js';
import { typedMrzNameFields, type DocumentNames, type NameMatchPolicy } from '../domain/name-match.js';

export function documentNames(reading: DocumentReading, typedName: string, policy: NameMatchPolicy): DocumentNames {
  const evidence = reading.mrzEvidence;
  return {
    mrz: reading.mrz === null ? null : mrzNames(reading.mrz),
    lines: reading.lines.map((line) => line.text),
    mrzReread: evidence ? rereadMrzName(evidence, typedMrzNameFields(typedName, policy)) : null,
  };
}
