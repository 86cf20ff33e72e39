/**
 * Issue 14's name tricks as an attack corpus through POST /verify, with stand-in engines that read the demo
 * card: a check-valid TD3 MRZ MUELLER<<ANNA<SOFIA and the printed lines MÜLLER / ANNA SOFIA. Each trick is
 * refused as input (400 ERR_INVALID_NAME) or decided as a name mismatch (401); the diacritic spellings of the
 * true name stay Verified; the length limit counts characters.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { parseMrzLines } from '../src/domain/mrz.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';
import { td3Lines } from './support/synthetic-passport.js';

const jpeg = await stubPhoto();
// The ID beside the selfie: one picture sent twice is refused as the same photo (SELFIE_IS_DOCUMENT_PHOTO).
const idJpeg = await stubIdPhoto();
const holder = { surname: 'Mueller', givenNames: 'Anna Sofia', documentNumber: 'D23145890', birthDate: '900415', expiryDate: '341231', sex: 'F' as const, nationality: 'UTO' };
const mrz = parseMrzLines('TD3', td3Lines(holder));
const PRINTED = ['PASSPORT / PASSEPORT', 'Surname / Nom', 'MÜLLER', 'Given names / Prénoms', 'ANNA SOFIA'];

interface Answer {
  readonly status: number;
  readonly body: { status: string; message: string; details: { code?: string; field?: string; reason?: string; name_match?: boolean; name?: { rule: string } } };
}

let app: FastifyInstance;
before(async () => {
  assert.ok(mrz?.valid, 'the stand-in MRZ must be check-valid');
  app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', ALLOW_SPECIMEN_DOCUMENTS: 'true' }), engines: stubEngines({ mrz, documentLines: PRINTED }) });
});
after(async () => {
  await app?.close();
});

async function verify(name: string): Promise<Answer> {
  const response = await app.inject({ method: 'POST', url: '/verify', ...verifyForm(jpeg, idJpeg, name) });
  return { status: response.statusCode, body: response.json() };
}

describe('names one letter off the check-valid MRZ: 401 name mismatch', () => {
  const tricks: readonly (readonly [string, string])[] = [
    ['Anna Sofia Möller', 'Ö for Ü'],
    ['Anna Sofia Mäller', 'Ä for Ü'],
    ['Anna Sofia Müler', 'one L dropped'],
    ['Anna Sofia Nüller', 'N for M'],
    ['Anna Sofie Müller', 'one letter off a given name'],
  ];
  for (const [typed, note] of tricks) {
    test(`${note}: ${typed}`, async () => {
      const { status, body } = await verify(typed);
      assert.equal(status, 401, JSON.stringify(body.details));
      assert.equal(body.message, "Verification failed. Provided name doesn't match that on ID.");
      assert.equal(body.details.name_match, false);
      assert.equal(body.details.name?.rule, 'mrz_contradicts');
    });
  }
});

describe('characters that make the stored name differ from the checked one: 400 ERR_INVALID_NAME', () => {
  const tricks: readonly (readonly [string, RegExp, string])[] = [
    ['Anna Sofia Müllеr', /mixes Latin and Cyrillic letters \(U\+0435, Cyrillic, at character 16\)/, 'Cyrillic е'],
    ['Anna Sofia Müllεr', /mixes Latin and Greek letters \(U\+03B5/, 'Greek ε'],
    ['Anna Sofia \u202EMüller', /bidi control \(U\+202E RIGHT-TO-LEFT OVERRIDE\) at character 12/, 'RLO'],
    ['Anna So\u200Bfia Müller', /zero-width character \(U\+200B ZERO WIDTH SPACE\) at character 8/, 'zero-width space'],
    ['Anna Sofia Mül\u200Dler', /zero-width character \(U\+200D ZERO WIDTH JOINER\) at character 15/, 'zero-width joiner'],
    ['Anna Sofia Mül\u00ADler', /soft hyphen \(U\+00AD SOFT HYPHEN\) at character 15/, 'soft hyphen'],
    ['\uFEFFAnna Sofia Müller', /byte order mark \(U\+FEFF BYTE ORDER MARK\) at character 1/, 'BOM'],
  ];
  for (const [typed, reason, note] of tricks) {
    test(note, async () => {
      const { status, body } = await verify(typed);
      assert.equal(status, 400, JSON.stringify(body.details));
      assert.deepEqual([body.message, body.details.code, body.details.field], ['Invalid Request', 'ERR_INVALID_NAME', 'name']);
      assert.match(body.details.reason ?? '', reason);
      assert.doesNotMatch(JSON.stringify(body), /\u202E|\u200B|\u200D|\u00AD|\uFEFF/u, 'the invisible character is echoed');
    });
  }
});

describe('the true name, with diacritics dropped, added or transliterated: 200 Verified', () => {
  const spellings: readonly (readonly [string, string])[] = [
    ['Anna Sofia Müller', 'mrz_exact'],
    ['Anna Sofia Mueller', 'mrz_exact'],
    ['Anna Sofia Muller', 'text_exact'],
    ['MULLER, anna sofia', 'text_exact'],
    ['Anna Sofia Mu\u0308ller', 'mrz_exact'],
  ];
  for (const [typed, rule] of spellings) {
    test(`${typed} -> ${rule}`, async () => {
      const { status, body } = await verify(typed);
      assert.equal(status, 200, JSON.stringify(body.details));
      assert.equal(body.details.name?.rule, rule);
    });
  }

  test('a whole word in another script is valid input (and then, like any word, must be on the document)', async () => {
    const { status, body } = await verify('Сергей Anna Sofia Müller');
    assert.equal(status, 401, JSON.stringify(body.details));
    assert.equal(body.details.code, undefined);
  });
});

describe('the length limit counts characters (code points after NFC)', () => {
  const astral = '\u{20000}'; // a CJK letter outside the BMP: two UTF-16 units, one character
  test('200 astral letters are accepted as input (then decided: 401)', async () => {
    const { status } = await verify(astral.repeat(200));
    assert.equal(status, 401);
  });
  test('201 astral letters: 400 ERR_NAME_TOO_LONG', async () => {
    const { status, body } = await verify(astral.repeat(201));
    assert.equal(status, 400);
    assert.equal(body.details.code, 'ERR_NAME_TOO_LONG');
  });
  test('a name padded with emoji to 200 characters is within the limit; surrogate pairs count once', async () => {
    const name = `Anna Sofia Müller ${'😀'.repeat(182)}`;
    assert.equal([...name].length, 200);
    const { status, body } = await verify(name);
    assert.equal(status, 200, JSON.stringify(body.details));
  });
  test('decomposed diacritics count as the composed character', async () => {
    const name = `Anna Sofia Mu\u0308ller ${'a'.repeat(182)}`;
    assert.equal([...name.normalize('NFC')].length, 200);
    assert.notEqual((await verify(name)).status, 400);
    assert.equal((await verify(`${name}a`)).body.details.code, 'ERR_NAME_TOO_LONG');
  });
});
