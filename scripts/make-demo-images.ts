/**
 * Writes demo inputs for a first request: a selfie, a photo of a synthetic ID card of the same person,
 * and a selfie of someone else. Generated from photos shipped in an npm package; see test/support/fixtures.ts.
 *   npm run demo:images -- [--out demo]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadFixtures } from '../test/support/fixtures.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'demo' } } });
const out = values.out as string;
const fx = await loadFixtures();
await mkdir(out, { recursive: true });
await Promise.all([
  writeFile(join(out, 'selfie.jpg'), fx.selfieA),
  writeFile(join(out, 'id-card.jpg'), fx.idA),
  writeFile(join(out, 'someone-else.jpg'), fx.selfieB),
]);
process.stdout.write(`wrote ${out}/selfie.jpg, ${out}/id-card.jpg (holder: "${fx.holderA.typed}"), ${out}/someone-else.jpg\n`);
