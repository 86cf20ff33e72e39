/**
 * Where the evaluation data (LFW, DeepFace pairs, document specimens) lives for tests, benchmarks and
 * scripts: `IDENTITY_CHECK_DATA` as parsed by config.ts (the one reader of the environment), resolved
 * against the repository root, default `../shared/data`. Callers skip, saying so, when a set is absent.
 * The real-document set (bench/real-documents/) is rebuilt outside the repository into
 * `IDENTITY_CHECK_REAL_DOCUMENTS` (default `../real-documents`).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of the evaluation data folder, or of `parts` inside it. */
export function evaluationDataPath(...parts: string[]): string {
  return resolve(REPO_ROOT, loadConfig().dataDir, ...parts);
}

/** The committed manifest of the real-document set: one JSON object per image. */
export const REAL_DOCUMENTS_MANIFEST = resolve(REPO_ROOT, 'bench/real-documents/manifest.jsonl');

/** Absolute path of the rebuilt real-document images folder, or of `parts` inside it. */
export function realDocumentsPath(...parts: string[]): string {
  return resolve(REPO_ROOT, loadConfig().realDocumentsDir, ...parts);
}

/** Default folder of the fetched bare repositories the real-document set is rebuilt from. */
export const DEFAULT_MIRRORS = resolve(REPO_ROOT, '../.mirror');
