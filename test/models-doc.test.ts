import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FACE_MODELS } from '../src/adapters/face/index.js';
import { DOCUMENT_MODELS } from '../src/adapters/document/index.js';

test('MODELS.md lists every model file the engines load in its table, with its sha256 and licence', async () => {
  const doc = await readFile(new URL('../MODELS.md', import.meta.url), 'utf8');
  for (const model of [...FACE_MODELS, ...DOCUMENT_MODELS]) {
    assert.ok(doc.includes(model.sha256), `MODELS.md lacks ${model.id} ${model.sha256}`);
    assert.ok(doc.includes(model.file), `MODELS.md lacks ${model.file}`);
    assert.ok(model.licence.length > 0, `${model.id} has no licence`);
    assert.ok(doc.includes(`| ${model.id} | ${model.package} | ${model.version} | \`${model.file}\` | \`${model.sha256}\` |`), `MODELS.md's table lacks the row of ${model.id}`);
  }
});
