/**
 * The requests the latency and load benchmarks send to POST /verify: person A's selfie with ID photos of
 * several layouts (the fixture TD1 card, TD1 cards with another MRZ font or a stronger tilt, TD3 passport
 * pages, one in perspective) and, when the evaluation data is present, every specimen document with a face,
 * typed with its holder's true name. The specimens carry other people's faces, so those answers are 401 face
 * mismatches; their document is read all the same, which is what costs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idCardA, loadFixtures, portraitOfA } from '../../test/support/fixtures.js';
import { syntheticPassportPhoto } from '../../test/support/synthetic-passport.js';
import { specimenDir } from '../../src/adapters/document/testing/specimens.js';

export interface VerifyCase {
  readonly label: string;
  readonly selfie: Buffer;
  readonly id: Buffer;
  readonly name: string;
}

export type CaseSet = 'fixture' | 'layouts' | 'specimens' | 'mixed';

/** The synthetic layouts: need no data. */
async function layouts(): Promise<VerifyCase[]> {
  const fx = await loadFixtures();
  const portrait = await portraitOfA();
  const holder = { ...fx.holderA, documentNumber: 'L898902C3' };
  const of = (label: string, id: Buffer): VerifyCase => ({ label, selfie: fx.selfieA, id, name: fx.holderA.typed });
  return [
    of('td1-ocr-b', fx.idA),
    of('td1-mono', await idCardA({ mrzFont: 'mono' })),
    of('td1-tilt-7', await idCardA({ tiltDegrees: 7 })),
    of('td3', await syntheticPassportPhoto(holder, { portrait })),
    of('td3-perspective', await syntheticPassportPhoto(holder, { portrait, perspective: 0.15, tiltDegrees: -3, unevenLight: 0.3 })),
  ];
}

interface Truth {
  readonly file: string;
  readonly face: boolean;
  readonly surname: string;
  readonly given: string;
}

/** Specimens with a face, or none when the evaluation data is absent. */
async function specimens(): Promise<VerifyCase[]> {
  const dir = specimenDir();
  if (dir === null) return [];
  const fx = await loadFixtures();
  const truth = JSON.parse(readFileSync(join(dir, 'ground_truth.json'), 'utf8')) as Truth[];
  return truth
    .filter((t) => t.face)
    .map((t) => ({ label: t.file, selfie: fx.selfieA, id: readFileSync(join(dir, t.file)), name: `${t.given} ${t.surname}` }));
}

/** Builds a case set; `mixed` is the layouts followed by the specimens. */
export async function verifyCases(set: CaseSet): Promise<VerifyCase[]> {
  if (set === 'fixture') return (await layouts()).slice(0, 1);
  if (set === 'layouts') return layouts();
  if (set === 'specimens') return specimens();
  return [...(await layouts()), ...(await specimens())];
}
