/**
 * Prints the model table of MODELS.md from the lists the engines verify at load, so the document and the
 * code cannot drift apart (a test checks every hash appears in MODELS.md).
 *   node --import tsx scripts/print-models.ts
 */
import { FACE_MODELS } from '../src/adapters/face/index.js';
import { DOCUMENT_MODELS } from '../src/adapters/document/index.js';

process.stdout.write('| id | npm package | version | file | sha256 | licence |\n|---|---|---|---|---|---|\n');
for (const m of [...FACE_MODELS, ...DOCUMENT_MODELS]) {
  process.stdout.write(`| ${m.id} | ${m.package} | ${m.version} | \`${m.file}\` | \`${m.sha256}\` | ${m.licence} |\n`);
}
