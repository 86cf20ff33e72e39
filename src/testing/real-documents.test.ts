import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  manifestProblems,
  parseRealDocument,
  parseRealDocumentManifest,
  printedMrzValid,
  realDocumentFile,
  type RealDocument,
} from './real-documents.js';
import { REAL_DOCUMENTS_MANIFEST } from './evaluation-data.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const entry = (over: Partial<Record<keyof RealDocument, unknown>> = {}): Record<string, unknown> => ({
  id: 'uto-passport',
  repo: 'owner/name',
  path: 'images/Passport.JPG',
  commit: 'a'.repeat(40),
  sha256: 'b'.repeat(64),
  split: 'dev',
  format: 'TD3',
  side: 'front',
  mrz: TD3,
  surname: 'ERIKSSON',
  given_names: 'ANNA MARIA',
  printed_mrz_valid: true,
  notes: '',
  ...over,
});
const line = (over: Partial<Record<keyof RealDocument, unknown>> = {}): string => JSON.stringify(entry(over));

describe('real-document manifest', () => {
  it('parses a well-formed entry and names its file by id and lower-case extension', () => {
    const doc = parseRealDocument(line(), 1);
    assert.equal(doc.format, 'TD3');
    assert.equal(realDocumentFile(doc), 'uto-passport.jpg');
  });

  const bad: [string, Partial<Record<keyof RealDocument, unknown>>, RegExp][] = [
    ['an upper-case id', { id: 'UTO' }, /id must be/],
    ['a repository without owner', { repo: 'name' }, /repo must be owner\/name/],
    ['a short commit', { commit: 'abc' }, /commit must be 40 hex/],
    ['a short sha256', { sha256: 'abc' }, /sha256 must be 64 hex/],
    ['an unknown split', { split: 'train' }, /split must be one of dev, test/],
    ['an unknown side', { side: 'inside' }, /side must be one of/],
    ['a format the lines do not have', { format: 'TD1' }, /format TD1 does not fit 2 lines of 44/],
    ['lines of unequal length', { mrz: [TD3[0], TD3[1]!.slice(1)] }, /equally long/],
    ['lower-case MRZ text', { mrz: [TD3[0]!.toLowerCase(), TD3[1]] }, /A-Z 0-9/],
    ['an empty surname', { surname: ' ' }, /surname must not be empty/],
    ['a validity that is not a boolean', { printed_mrz_valid: 'yes' }, /printed_mrz_valid must be a boolean/],
  ];
  for (const [what, over, message] of bad) {
    it(`rejects ${what}, naming the line`, () => {
      assert.throws(() => parseRealDocument(line(over), 7), (e: Error) => /manifest line 7/.test(e.message) && message.test(e.message));
    });
  }

  it('rejects a line that is not a JSON object', () => {
    assert.throws(() => parseRealDocumentManifest('{"id":\n'), /manifest line 1: not a JSON object/);
    assert.throws(() => parseRealDocumentManifest('[1]'), /manifest line 1: not a JSON object/);
  });

  it('judges the printed check digits field by field (UTO and visas count when every digit verifies)', () => {
    assert.equal(printedMrzValid(TD3), true);
    assert.equal(printedMrzValid([TD3[0]!, TD3[1]!.replace('C36', 'C35')]), false);
    assert.equal(printedMrzValid(['VIUSATRAVELER<<HAPPYPERSON<<<<<<<<<<<<<<<<<<', '555123ABC6GBR6502056F0412236IFLND00AMS803085']), true);
    assert.equal(printedMrzValid(['garbage']), false);
  });

  it('finds duplicates, a repository split across dev and test, and a wrong printed_mrz_valid', () => {
    const a = parseRealDocument(line(), 1);
    const b = parseRealDocument(line({ id: 'other', split: 'test', printed_mrz_valid: false }), 2);
    const problems = manifestProblems([a, b]);
    assert.ok(problems.some((p) => /sha256 b+ appears twice/.test(p)));
    assert.ok(problems.some((p) => /owner\/name has documents in both dev and test/.test(p)));
    assert.ok(problems.some((p) => /other: printed_mrz_valid is false but the check digits say true/.test(p)));
    assert.deepEqual(manifestProblems([a]), []);
  });

  it('the committed manifest is well formed, split by repository, and its validity flags match the check digits', () => {
    const docs = parseRealDocumentManifest(readFileSync(REAL_DOCUMENTS_MANIFEST, 'utf8'));
    assert.deepEqual(manifestProblems(docs), []);
    assert.ok(docs.length > 0);
  });
});
