/**
 * How close two photos of one person get, and how close one photo and its copies get: the evidence for the
 * same-source bounds in src/config/policy.ts (SAME_SOURCE). Prints numbers; asserts nothing.
 *
 *   npm run bench:same-source -- [--idsim-folds 2] [--variants 300] [--lfw-folds 10] [--save rows.json]
 *
 * Genuine (same person, different photo): LFW View 2 same pairs of all folds, the DeepFace same pairs, and idsim
 * pairs (card rendered in memory from the first LFW image of a same pair, folds 1..--idsim-folds, vs the
 * second image). Same source: each idsim card of those folds (the ID photo) against its own portrait cut out,
 * enlarged and degraded (bench/lib/same-source.ts), plus the demo fixture card.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HybridFaceEngine } from '../src/adapters/face/index.js';
import { pairSeed, readLfwPairs, simulateIdPhoto } from '../src/testing/idsim.js';
import { evaluationDataPath } from '../src/testing/evaluation-data.js';
import { loadFixtures } from '../test/support/fixtures.js';
import { loadRgb, loadRgbFromBuffer } from './lib/load-rgb.js';
import { compareFaces, measureFace, measureVariants, type MeasuredFace } from './lib/same-source.js';
import { percentile } from './lib/verification-metrics.js';
import { judgeSameSource, meanAbsoluteDifference } from '../src/domain/same-source.js';
import { DEFAULT_SAME_SOURCE } from '../src/config/policy.js';

const { values } = parseArgs({
  options: {
    'idsim-folds': { type: 'string', default: '2' },
    'lfw-folds': { type: 'string', default: '10' },
    variants: { type: 'string', default: '300' },
    save: { type: 'string' },
  },
});
const engine = new HybridFaceEngine();
await engine.load();

const cache = new Map<string, MeasuredFace | null>();
async function fromFile(path: string): Promise<MeasuredFace | null> {
  if (!cache.has(path)) {
    cache.set(path, await measureFace(engine, await loadRgb(path)));
    if (cache.size % 500 === 0) console.error(`  ${cache.size} images`);
  }
  return cache.get(path) ?? null;
}

interface Scored { readonly label: string; readonly similarity: number; readonly correlation: number; readonly pixels?: number | null }
const saved: (Scored & { set: string })[] = [];

/** Share of rows the policy calls one photo (bytes never equal here; pixels only where measured). */
function flagged(rows: readonly Scored[]): Scored[] {
  return rows.filter((r) => Number.isFinite(r.similarity) && judgeSameSource(
    { identicalBytes: false, pixelDifference: r.pixels ?? null, chipCorrelation: r.correlation, similarity: r.similarity }, DEFAULT_SAME_SOURCE,
  ).sameSource);
}

function summary(name: string, rows: readonly Scored[], high: boolean): void {
  saved.push(...rows.map((r) => ({ ...r, set: name })));
  const hit = flagged(rows);
  const bounds = `similarity >= ${DEFAULT_SAME_SOURCE.maxGenuineSimilarity} or chip >= ${DEFAULT_SAME_SOURCE.maxGenuineChipCorrelation}`;
  console.log(`${name}: called one photo (${bounds}${high ? '' : ' or identical pixels'}): ${hit.length} of ${rows.length}`
    + (high ? hit.slice(0, 5).map((r) => ` [${r.label} ${r.similarity.toFixed(4)}/${r.correlation.toFixed(3)}]`).join('') : ''));
  const sims = rows.map((r) => r.similarity).filter(Number.isFinite);
  const cors = rows.map((r) => r.correlation).filter(Number.isFinite);
  const q = (v: number[], p: number): string => percentile(v, p).toFixed(4);
  if (high) {
    console.log(`${name}: ${sims.length} pairs; similarity max ${Math.max(...sims).toFixed(4)}, p99.9 ${q(sims, 0.999)}, p99 ${q(sims, 0.99)}, p50 ${q(sims, 0.5)};`
      + ` chip correlation max ${Math.max(...cors).toFixed(4)}, p99.9 ${q(cors, 0.999)}, p99 ${q(cors, 0.99)}, p50 ${q(cors, 0.5)}`);
    const top = [...rows].sort((a, b) => b.similarity - a.similarity).slice(0, 3);
    console.log(`  highest similarity: ${top.map((r) => `${r.label} ${r.similarity.toFixed(4)}/${r.correlation.toFixed(3)}`).join('; ')}`);
    const topC = [...rows].sort((a, b) => b.correlation - a.correlation).slice(0, 3);
    console.log(`  highest correlation: ${topC.map((r) => `${r.label} ${r.similarity.toFixed(4)}/${r.correlation.toFixed(3)}`).join('; ')}`);
  } else {
    console.log(`${name}: ${rows.length} (${rows.length - sims.length} no face); similarity min ${Math.min(...sims).toFixed(4)}, p1 ${q(sims, 0.01)}, p50 ${q(sims, 0.5)};`
      + ` chip correlation min ${Math.min(...cors).toFixed(4)}, p1 ${q(cors, 0.01)}, p50 ${q(cors, 0.5)}`);
  }
}

const lfwDir = evaluationDataPath('faces', 'lfw');
const deepfaceDir = evaluationDataPath('faces', 'deepface');
if (!existsSync(join(lfwDir, 'pairs.txt'))) {
  console.log(`no LFW at ${lfwDir} (set IDENTITY_CHECK_DATA); nothing to measure`);
  process.exit(0);
}
const short = (p: string): string => p.split('/').slice(-1)[0] ?? p;
const genuine = async (label: string, a: string, b: string): Promise<Scored | null> => {
  const [x, y] = [await fromFile(a), await fromFile(b)];
  return x && y ? { label, ...compareFaces(x, y) } : null;
};

const lfwPairs = readLfwPairs(lfwDir).filter((p) => p.same && p.fold < Number(values['lfw-folds']));
const lfw: Scored[] = [];
for (const p of lfwPairs) {
  const s = await genuine(`${short(p.first.file)}~${short(p.second.file)}`, join(lfwDir, p.first.file), join(lfwDir, p.second.file));
  if (s) lfw.push(s);
}
summary(`genuine LFW (same pairs, folds 1-${values['lfw-folds']})`, lfw, true);
// Every LFW image is 250 x 250, so each genuine pair has a pixel difference: how low does it go?
const differences: number[] = [];
for (const p of lfwPairs) {
  const d = meanAbsoluteDifference(await loadRgb(join(lfwDir, p.first.file)), await loadRgb(join(lfwDir, p.second.file)));
  if (d !== null) differences.push(d);
}
console.log(`genuine LFW pixel difference (mean |RGB| 0-255): min ${Math.min(...differences).toFixed(2)}, p1 ${percentile(differences, 0.01).toFixed(2)}, p50 ${percentile(differences, 0.5).toFixed(2)} over ${differences.length} pairs`);

if (existsSync(join(deepfaceDir, 'pairs.csv'))) {
  const deep: Scored[] = [];
  for (const line of readFileSync(join(deepfaceDir, 'pairs.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [a, b, same] = line.trim().split(',');
    if (same !== '1' || a === b) continue;
    const s = await genuine(`${a}~${b}`, join(deepfaceDir, a!), join(deepfaceDir, b!));
    if (s) deep.push(s);
  }
  summary('genuine DeepFace (same pairs)', deep, true);
}

const idsimPairs = readLfwPairs(lfwDir).filter((p) => p.same && p.fold < Number(values['idsim-folds']));
const idsim: Scored[] = [];
const variants: Scored[] = [];
const maxVariants = Number(values.variants);
for (const p of idsimPairs) {
  const { jpeg } = await simulateIdPhoto(readFileSync(join(lfwDir, p.first.file)), pairSeed(1, p.index));
  const card = await measureFace(engine, await loadRgbFromBuffer(jpeg));
  const selfie = await fromFile(join(lfwDir, p.second.file));
  if (card === null) continue;
  if (selfie) idsim.push({ label: `card(${short(p.first.file)})~${short(p.second.file)}`, ...compareFaces(card, selfie) });
  if (variants.length < maxVariants * 6) {
    for (const v of await measureVariants(engine, jpeg, card)) variants.push({ label: `${v.name} ${short(p.first.file)}`, ...v });
  }
}
summary(`genuine idsim (card vs other photo, folds 1-${values['idsim-folds']})`, idsim, true);

const fx = await loadFixtures();
const demo = await measureFace(engine, await loadRgbFromBuffer(fx.idA));
if (demo) for (const v of await measureVariants(engine, fx.idA, demo)) variants.push({ label: `${v.name} demo card`, ...v });
const names = [...new Set(variants.map((v) => v.label.split(' ').slice(0, -1).join(' ')))];
for (const name of names) summary(`same source: ${name}`, variants.filter((v) => v.label.startsWith(`${name} `)), false);
summary('same source: all variants', variants, false);
const missed = variants.filter((v) => Number.isFinite(v.similarity) && !flagged([v]).length);
console.log(`same source missed: ${missed.slice(0, 12).map((r) => `${r.label} ${r.similarity.toFixed(4)}/${r.correlation.toFixed(3)}`).join('; ')}`);
if (values.save) writeFileSync(values.save, JSON.stringify(saved));
await engine.dispose();
