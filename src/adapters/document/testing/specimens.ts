/**
 * Where optional evaluation data lives. The specimen images are not part of the repository (their licences
 * do not allow it), so tests that use them skip, saying why, when the folder is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluationDataPath } from '../../../testing/evaluation-data.js';

/** `$IDENTITY_CHECK_DATA/documents/specimens`, default `../shared/data` from the repository root; null if absent. */
export function specimenDir(): string | null {
  const dir = evaluationDataPath('documents', 'specimens');
  return existsSync(join(dir, 'ground_truth.json')) ? dir : null;
}
