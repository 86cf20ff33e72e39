/**
 * The command line: `identity-check read-document FILE [--back FILE] [--name NAME]` prints the JSON of
 * POST /documents/read, with the real models, on person A's synthetic card (front without MRZ, TD1 back).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idCardA, idCardBackA, loadFixtures } from './support/fixtures.js';

const CLI = new URL('../src/cli.ts', import.meta.url).pathname;

interface Run {
  readonly code: number;
  readonly body: { status: string; message: string; details: Record<string, any> } | null;
  readonly stderr: string;
}

function run(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ALLOW_SPECIMEN_DOCUMENTS: 'true' }, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, body: stdout.trim() === '' ? null : JSON.parse(stdout), stderr });
    });
  });
}

let dir: string;
let front: string;
let back: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'identity-check-cli-'));
  front = join(dir, 'front.jpg');
  back = join(dir, 'back.jpg');
  await loadFixtures();
  await Promise.all([writeFile(front, await idCardA({ withoutMrz: true })), writeFile(back, await idCardBackA())]);
});
after(() => rm(dir, { recursive: true, force: true }));

describe('identity-check read-document', { timeout: 300_000 }, () => {
  test('without a file: a coded error naming document, exit 2', async () => {
    const result = await run(['read-document']);
    assert.equal(result.code, 2);
    assert.equal(result.body?.details.code, 'ERR_MISSING_FILE');
    assert.equal(result.body?.details.field, 'document');
  });

  test('an unreadable back and a blank name are reported together, before any model loads', async () => {
    const result = await run(['read-document', front, '--back', join(dir, 'missing.jpg'), '--name', ' ']);
    assert.equal(result.code, 2);
    assert.deepEqual(result.body?.details.problems.map((p: { field: string }) => p.field), ['document_back', 'name']);
  });

  test('reads both sides and matches the name: the JSON of POST /documents/read, exit 0', async () => {
    const result = await run(['read-document', front, '--back', back, '--name', 'Anna Sofia Müller']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual([result.body?.status, result.body?.message], ['Success', 'Read']);
    assert.equal(result.body?.details.document.mrz.valid, true);
    assert.equal(result.body?.details.document.sides.mrz_side, 'back');
    assert.equal(result.body?.details.name_match, true);
  });
});
