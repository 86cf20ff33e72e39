/**
 * Every attack of issue 14 sent to POST /verify of the real service, with the answer it got: the ID as the
 * selfie, copies of its portrait, replays of the selfie on simulated screens and prints, a card without an
 * MRZ, a made-up Utopian MRZ, an MRZ typed in Courier, and the name tricks. Prints one row per attack and how
 * many were Verified (the target is none). Needs no data: the images are built from npm-shipped photos.
 */
import sharp from 'sharp';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { ATTACK_TYPES, renderPresentation } from '../../src/testing/spoof-set.js';
import { headSquare, idCardA, loadFixtures, SELFIE_A_FACE } from '../../test/support/fixtures.js';
import { verifyForm } from '../../test/support/multipart.js';
import { sameSourceVariants } from './same-source.js';

interface Attack {
  readonly name: string;
  readonly live: Buffer;
  readonly id: Buffer;
  readonly typed: string;
}

/** The selfie replayed as every simulated attack type, as the simulated camera's JPEGs. */
async function replays(selfie: Buffer): Promise<{ name: string; live: Buffer }[]> {
  const square = await headSquare(selfie, SELFIE_A_FACE);
  const out: { name: string; live: Buffer }[] = [];
  for (const attack of ATTACK_TYPES) {
    out.push({ name: `selfie replayed: ${attack}`, live: (await renderPresentation(square.image, square.box, attack, 'corpus-A')).jpeg });
  }
  return out;
}

/** Prints the corpus table; `allowSpecimens` as the demo runs (the fixture card is Utopian). */
export async function printAttackCorpus(): Promise<void> {
  const fx = await loadFixtures();
  const dutch = await idCardA({ nationality: 'NLD' });
  const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }) });
  await app.engines.ready;
  try {
    const post = async (a: Attack): Promise<{ status: number; verdict: string; reasons: string; code: string }> => {
      const form = verifyForm(a.live, a.id, a.typed);
      const res = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
      const details = (res.json() as { details: { verdict?: string; reasons?: string[]; code?: string } }).details;
      return { status: res.statusCode, verdict: details.verdict ?? '-', reasons: (details.reasons ?? []).filter((r) => !/_MATCH$|MRZ_VALID|EXPIRY/.test(r)).join(' '), code: details.code ?? '' };
    };
    const genuine = await post({ name: 'genuine', live: fx.selfieA, id: dutch, typed: fx.holderA.typed });
    const portrait = (await app.inject({ method: 'POST', url: '/verify', ...verifyForm(fx.selfieA, dutch, fx.holderA.typed) })).json() as { details: { face: { id: { box: { x: number; y: number; width: number; height: number } } } } };
    const copies = await sameSourceVariants(dutch, portrait.details.face.id.box);
    const typed = fx.holderA.typed;
    const attacks: Attack[] = [
      { name: 'the ID image as the selfie', live: dutch, id: dutch, typed },
      { name: 'the ID re-encoded as the selfie', live: await sharp(dutch).jpeg({ quality: 70 }).toBuffer(), id: dutch, typed },
      ...copies.map((c) => ({ name: `ID portrait: ${c.name}`, live: c.jpeg, id: dutch, typed })),
      { name: 'a photo of an ID card as the selfie', live: fx.idA, id: dutch, typed },
      ...(await replays(fx.selfieA)).map((r) => ({ ...r, id: dutch, typed })),
      { name: 'grey printout of the selfie', live: await sharp(fx.selfieA).greyscale().jpeg({ quality: 85 }).toBuffer(), id: dutch, typed },
      { name: 'card with a face and a name, no MRZ', live: fx.selfieA, id: await idCardA({ nationality: 'NLD', withoutMrz: true }), typed },
      { name: 'made-up MRZ of Utopia (check-valid)', live: fx.selfieA, id: fx.idA, typed },
      { name: 'MRZ typed in Courier (check-valid)', live: fx.selfieA, id: await idCardA({ nationality: 'NLD', mrzFont: 'courier' }), typed },
      ...['Anna Sofia Möller', 'Anna Sofia Mäller', 'Anna Sofia Müler', 'Anna Sofia Nüller'].map((name) => ({ name: `name one letter off: ${name}`, live: fx.selfieA, id: dutch, typed: name })),
      { name: 'name with a Cyrillic е', live: fx.selfieA, id: dutch, typed: 'Anna Sofia Müllеr' },
      { name: 'name with RLO', live: fx.selfieA, id: dutch, typed: 'Anna Sofia \u202eMüller' },
      { name: 'name with a zero-width space', live: fx.selfieA, id: dutch, typed: 'Anna Sofia Mül\u200bler' },
      { name: 'name with a soft hyphen', live: fx.selfieA, id: dutch, typed: 'Anna Sofia Mül\u00adler' },
    ];
    console.log('attack corpus through POST /verify (default policy; the genuine card is person A\'s, issued by NLD)');
    console.log(`genuine selfie + card + name: ${genuine.status} ${genuine.verdict}`);
    console.log('attack | status | verdict or code | reasons');
    let verified = 0;
    for (const attack of attacks) {
      const r = await post(attack);
      if (r.status === 200) verified++;
      console.log(`${attack.name} | ${r.status} | ${r.status === 400 ? r.code : r.verdict} | ${r.reasons}`);
    }
    console.log(`Verified: ${verified} of ${attacks.length} attacks`);
  } finally {
    await app.close();
  }
}
