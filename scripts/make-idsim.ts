/**
 * Builds the ID-photo simulation from LFW View 2 pairs: the first image of every pair printed on a synthetic
 * ID card and photographed (src/testing/idsim.ts), the second image kept as the selfie. Deterministic from the
 * seed. Writes outside the repository by default; never commit the output.
 *
 *   npm run make:idsim -- [--seed 1] [--out ../idsim] [--from 1] [--folds 10] [--data ../shared/data] [--resume]
 *
 * --resume keeps card files already present (same seed: the bytes would be identical) and renders the rest.
 *
 * Output: <out>/cards/<pair>.jpg, <out>/pairs.csv (card, selfie relative to the LFW folder, same, fold,
 * persons) and <out>/idsim.json (seed, LFW folder, capture plan of every card). Read by
 * `npm run bench:faces -- --set idsim --dir <out>`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { pairSeed, planCapture, readLfwPairs, seededRandom, simulateIdPhoto, type CapturePlan } from '../src/testing/idsim.js';
import { evaluationDataPath } from '../src/testing/evaluation-data.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: resolve(root, '../idsim') },
    from: { type: 'string', default: '1' },
    folds: { type: 'string', default: '10' },
    data: { type: 'string', default: evaluationDataPath() },
    resume: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const from = Number(values.from), folds = Number(values.folds);
if (!Number.isInteger(seed) || !Number.isInteger(from) || !Number.isInteger(folds)) throw new Error('--seed, --from and --folds take integers');
const lfwDir = resolve(values.data as string, 'faces', 'lfw');
if (!existsSync(join(lfwDir, 'pairs.txt'))) {
  console.log(`no LFW at ${lfwDir} (set IDENTITY_CHECK_DATA or --data); nothing to build`);
  process.exit(0);
}
const out = resolve(values.out as string);
await mkdir(join(out, 'cards'), { recursive: true });

const pairs = readLfwPairs(lfwDir).filter((p) => p.fold >= from - 1 && p.fold < from - 1 + folds);
const plans: Record<number, CapturePlan> = {};
let done = 0;
const t0 = performance.now();
async function worker(queue: typeof pairs): Promise<void> {
  for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
    const file = join(out, 'cards', `${p.index}.jpg`);
    if (values.resume && existsSync(file)) {
      // The plan is the first thing drawn from the pair's stream, so it can be recovered without rendering.
      plans[p.index] = planCapture(seededRandom(pairSeed(seed, p.index)));
      done++;
      continue;
    }
    const { jpeg, plan } = await simulateIdPhoto(await readFile(join(lfwDir, p.first.file)), pairSeed(seed, p.index));
    // Written under a temporary name first, so an interrupted run never leaves a truncated card for --resume.
    await writeFile(`${file}.part`, jpeg);
    await rename(`${file}.part`, file);
    plans[p.index] = plan;
    if (++done % 200 === 0) console.error(`  ${done} of ${pairs.length} cards`);
  }
}
const queue = [...pairs];
await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, () => worker(queue)));

const rows = pairs.map((p) => [`cards/${p.index}.jpg`, p.second.file, p.same ? 1 : 0, p.fold, p.first.person, p.second.person].join(','));
await writeFile(join(out, 'pairs.csv'), ['card,selfie,same,fold,card_person,selfie_person', ...rows].join('\n') + '\n');
await writeFile(join(out, 'idsim.json'), JSON.stringify({ generator: 'src/testing/idsim.ts', seed, lfwDir, from, folds, plans }, null, 1));
console.log(`wrote ${pairs.length} card photos and pairs.csv to ${out} (seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
