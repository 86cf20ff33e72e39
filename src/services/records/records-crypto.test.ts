import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordSecrets, nameKey } from './record-secrets.js';
import { packFields, unpackFields } from './job-payload.js';
import { maskPersonalFields } from './personal-fields.js';
import { nextAttemptAt } from './webhook-dispatcher.js';

const config = { recordSecret: 'r'.repeat(32), uploadKey: Buffer.alloc(32, 7), webhookSecret: 'w'.repeat(32) } as const;
const secrets = () => RecordSecrets.resolve(config as never, { secret: async () => assert.fail('configured secrets are not generated') });

test('held uploads are AES-256-GCM sealed to their verification id: tampering or another id fails', async () => {
  const s = await secrets();
  const packed = packFields({ live: Buffer.from('selfie bytes'), id: Buffer.from('id bytes'), name: 'Jane', frames: [Buffer.from('a'), Buffer.from('bc')] });
  const sealed = s.seal(packed, 'v1');
  assert.ok(!sealed.includes(Buffer.from('selfie bytes')), 'ciphertext only');
  assert.deepEqual(unpackFields(s.open(sealed, 'v1')), {
    live: Buffer.from('selfie bytes'), id: Buffer.from('id bytes'), name: 'Jane', frames: [Buffer.from('a'), Buffer.from('bc')],
  });
  assert.throws(() => s.open(sealed, 'v2'));
  const flipped = Buffer.from(sealed);
  flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
  assert.throws(() => s.open(flipped, 'v1'));
});

test('names hash the same whatever the case, accents, spacing or word order', async () => {
  const s = await secrets();
  const cases: [string, string, boolean][] = [
    ['Jane Doe', 'DOE  jane', true], ['Anna Müller', 'anna muller', true], ['Jane Doe', 'Jane Doe-Roe', false], ['Jane Doe', 'John Doe', false],
  ];
  for (const [a, b, same] of cases) assert.equal(s.hmac(nameKey(a)) === s.hmac(nameKey(b)), same, `${a} / ${b}`);
});

test('personal fields of a stored body are replaced by keyed hashes; the rest is kept', () => {
  const body = {
    status: 'Success', message: 'Verified',
    details: {
      verdict: 'verified',
      name: { score: 1, rule: 'exact', matched_text: 'JANE DOE', explanation: 'JANE DOE matched' },
      document: {
        mrz: { format: 'TD3', surname: 'DOE', given_names: 'JANE', document_number: 'X1', birth_date: '1990-04-15', name_corrections: [{ read: 'N', corrected: 'M' }] },
        printed: { surname: 'DOE', full_name: null },
        cross_check: [{ field: 'surname', status: 'agree', mrz: 'DOE', printed: 'DOE' }],
        expiry_date: '2034-12-31',
      },
    },
  };
  const masked = maskPersonalFields(body, (t) => `h(${t})`);
  assert.equal(masked.details.document.mrz.surname, 'hmac:h(DOE)');
  assert.equal(masked.details.document.mrz.format, 'TD3');
  assert.equal(masked.details.document.printed.full_name, null);
  assert.equal(masked.details.name.matched_text, 'hmac:h(JANE DOE)');
  assert.equal(masked.details.name.rule, 'exact');
  assert.equal(masked.details.document.cross_check[0]?.printed, 'hmac:h(DOE)');
  assert.equal(masked.details.document.expiry_date, 'hmac:h(2034-12-31)');
  assert.ok(!JSON.stringify(masked).includes('"DOE"'));
  assert.equal(body.details.document.mrz.surname, 'DOE', 'the original is untouched');
});

test('webhook retries back off exponentially, at most an hour apart, and stop after the retry period', () => {
  const h = 3_600_000;
  const cases: [number, number, number | null][] = [
    [1, 0, 5_000], [2, 0, 10_000], [5, 0, 80_000], [20, 0, h], [20, 23.5 * h, null], [3, 24 * h - 1, null],
  ];
  for (const [attempts, now, expected] of cases) {
    const next = nextAttemptAt(0, attempts, now, 5_000, 24 * h);
    assert.equal(next === null ? null : next - now, expected, `${attempts} at ${now}`);
  }
});
