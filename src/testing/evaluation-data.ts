/**
 * Where the evaluation data (LFW, DeepFace pairs, document specimens) lives for tests, benchmarks and
 * scripts: `IDENTITY_CHECK_DATA` as parsed by config.ts (the one reader of the environment), resolved
 * against the repository root, default `../shared/data`. Callers skip, saying so, when a set is absent.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of the evaluation data folder, or of `parts` inside it. */
export function evaluationDataPath(...parts: string[]): string {
  return resolve(REPO_ROOT, loadConfig().dataDir, ...parts);
}
