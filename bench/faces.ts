/**
 * Face verification benchmark for HybridFaceEngine. Prints numbers; asserts nothing.
 *
 *   node --import tsx bench/faces.ts --set lfw [--folds N] [--from F] [--roc out.csv] [--scores part.json]
 *   node --import tsx bench/faces.ts --set lfw --merge part1.json,part2.json [--roc out.csv]
 *   node --import tsx bench/faces.ts --set deepface
 *   node --import tsx bench/faces.ts --set photos [--reps N]
 *   node --import tsx bench/faces.ts --set idsim [--dir ../idsim] [--folds N] [--from F]   (npm run make:idsim first)
 *   --far-table (any set) also prints the (threshold, false accepts) rows of calibration.ts FAR_TABLE
 *
 * --from F starts at fold F (1-based) and --scores saves the scored pairs, so halves of LFW can run in two
 * processes and be reported together with --merge.
 *
 * LFW: View 2 pairs.txt, standard protocol (threshold chosen on the other folds). A pair whose image yields no
 * face scores -1 (a reject). Embeddings are cached per image for this run only. Faces are picked with the
 * service's own selectPrimaryFace rule.
 *
 * photos: speed only, on phone-sized photos built from npm sample images (no data set needed): a 1.5 MP selfie,
 * an ID-card photo (synthetic card, 1.8 MP) and a 1600 x 1100 shot with a 110 px portrait (tiled pass).
 * Prints p50/p95 per stage, wall and CPU, over --reps runs each (default 20).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  FACE_CALIBRATION, HybridFaceEngine, cosineSimilarity, selectPrimaryFace, type FaceStageTimings,
} from '../src/adapters/face/index.js';
import sharp from 'sharp';
import { createRequire } from 'node:module';
import { loadRgb, loadRgbFromBuffer } from './lib/load-rgb.js';
import { loadFixtures } from '../test/support/fixtures.js';
import { idsimPairs, reportIdsimExtras } from './lib/idsim-bench.js';
import { printFarTable } from './lib/far-table.js';
import {
  accuracyAt, bestThreshold, foldAccuracies, meanSd, percentile, rocAuc, rocCurve, tarAtFar, type ScoredPair,
} from './lib/verification-metrics.js';
import { evaluationDataPath } from '../src/testing/evaluation-data.js';

/** One image's decode time and engine stage timings. */
type StageSample = FaceStageTimings & { readonly decodeMs: number; readonly cpuMs: number };

interface PairSpec { readonly a: string; readonly b: string; readonly same: boolean; readonly fold: number }

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const set = option('--set') ?? 'lfw';
const root = resolve(import.meta.dirname, '..');
const dataDir = evaluationDataPath();

/** Scored pairs plus per-image measurements, as saved by --scores and read by --merge. */
interface RunResult {
  readonly pairs: ScoredPair[];
  readonly times: number[];
  /** Per image: decode ms and the engine's stage timings (absent in score files from older runs). */
  readonly stages?: StageSample[];
  readonly images: number;
  readonly missed: number;
  readonly loadMs: number;
  readonly maxRssKb: number;
}

function lfwPairs(dir: string, folds: number, from: number): PairSpec[] {
  const lines = readFileSync(join(dir, 'pairs.txt'), 'utf8').trim().split('\n');
  const [foldCount, perFold] = (lines[0] ?? '').trim().split(/\s+/).map(Number);
  if (!foldCount || !perFold) throw new Error('pairs.txt header missing');
  const img = (name: string, n: string): string => join(dir, 'images', name, `${name}_${n.padStart(4, '0')}.jpg`);
  const out: PairSpec[] = [];
  for (let fold = from - 1; fold < Math.min(from - 1 + folds, foldCount); fold++) {
    for (let i = 0; i < 2 * perFold; i++) {
      const cols = (lines[1 + fold * 2 * perFold + i] ?? '').trim().split('\t');
      if (cols.length === 3) out.push({ a: img(cols[0]!, cols[1]!), b: img(cols[0]!, cols[2]!), same: true, fold });
      else if (cols.length === 4) out.push({ a: img(cols[0]!, cols[1]!), b: img(cols[2]!, cols[3]!), same: false, fold });
      else throw new Error(`bad pairs.txt line ${1 + fold * 2 * perFold + i}`);
    }
  }
  return out;
}

function deepfacePairs(dir: string): PairSpec[] {
  const lines = readFileSync(join(dir, 'pairs.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [a, b, same] = line.trim().split(',');
    return { a: join(dir, a!), b: join(dir, b!), same: same === '1', fold: 0 };
  });
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

async function run(set: string, dir: string): Promise<RunResult> {
  const from = Number(option('--from') ?? 1);
  const specs = set === 'lfw' ? lfwPairs(dir, Number(option('--folds') ?? 10), from)
    : set === 'idsim' ? idsimPairs(dir, join(dataDir, 'faces', 'lfw'), from, Number(option('--folds') ?? 10))
    : deepfacePairs(dir);
  const engine = new HybridFaceEngine();
  const t0 = performance.now();
  await engine.load();
  const loadMs = performance.now() - t0;

  const cache = new Map<string, Float32Array | null>();
  const times: number[] = [];
  const stages: StageSample[] = [];
  const embedding = async (path: string): Promise<Float32Array | null> => {
    const hit = cache.get(path);
    if (hit !== undefined) return hit;
    const t0 = performance.now();
    const image = await loadRgb(path);
    const t = performance.now();
    const cpu = process.cpuUsage();
    const { faces, stages: s } = await engine.analyzeTimed(image);
    times.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    stages.push({ ...s, decodeMs: t - t0, cpuMs: (used.user + used.system) / 1000 });
    const face = selectPrimaryFace(faces, image.width, image.height);
    const emb = face?.embedding ?? null;
    cache.set(path, emb);
    if (cache.size % 500 === 0) console.error(`  ${cache.size} images`);
    return emb;
  };

  const pairs: ScoredPair[] = [];
  for (const spec of specs) {
    const [a, b] = [await embedding(spec.a), await embedding(spec.b)];
    pairs.push({ score: a && b ? cosineSimilarity(a, b) : -1, same: spec.same, fold: spec.fold });
  }
  await engine.dispose();
  if (set === 'idsim') reportIdsimExtras(dir, join(dataDir, 'faces', 'lfw'), cache);
  const missed = [...cache.entries()].filter(([, e]) => e === null);
  for (const [path] of missed) console.error(`  no face: ${path}`);
  return { pairs, times, stages, images: cache.size, missed: missed.length, loadMs, maxRssKb: process.resourceUsage().maxRSS };
}

function merge(parts: readonly RunResult[]): RunResult {
  return {
    pairs: parts.flatMap((p) => p.pairs),
    times: parts.flatMap((p) => p.times),
    stages: parts.flatMap((p) => p.stages ?? []),
    images: parts.reduce((s, p) => s + p.images, 0),
    missed: parts.reduce((s, p) => s + p.missed, 0),
    loadMs: Math.max(...parts.map((p) => p.loadMs)),
    maxRssKb: Math.max(...parts.map((p) => p.maxRssKb)),
  };
}

function report(set: string, result: RunResult): void {
  const { pairs, times, missed, loadMs, maxRssKb } = result;
  console.log(`set ${set}: ${pairs.length} pairs (${pairs.filter((p) => p.same).length} same), ${result.images} images`);
  if (set === 'lfw' || set === 'idsim') {
    const folds = foldAccuracies(pairs);
    const { mean, sd } = meanSd(folds.map((f) => f.accuracy));
    console.log(`accuracy (threshold from other folds): ${pct(mean)} +- ${pct(sd)} over ${folds.length} folds`);
    console.log(`  per fold: ${folds.map((f) => `${pct(f.accuracy)}@${f.threshold.toFixed(4)}`).join(' ')}`);
    const best = bestThreshold(pairs);
    console.log(`best single threshold: ${best.threshold.toFixed(4)} (accuracy ${pct(best.accuracy)})`);
  } else {
    console.log(`accuracy at calibrated threshold ${FACE_CALIBRATION.threshold}: ${pct(accuracyAt(pairs, FACE_CALIBRATION.threshold))}`);
    const best = bestThreshold(pairs);
    console.log(`accuracy at best threshold ${best.threshold.toFixed(4)}: ${pct(best.accuracy)}`);
  }
  console.log(`ROC AUC: ${rocAuc(pairs).toFixed(4)}`);
  for (const far of [1e-2, 1e-3]) {
    const r = tarAtFar(pairs, far);
    console.log(`TAR at FAR ${far}: ${pct(r.tar)} (threshold ${r.threshold.toFixed(4)}, measured FAR ${r.far.toFixed(4)})`);
  }
  const negatives = pairs.filter((p) => !p.same);
  const positives = pairs.filter((p) => p.same);
  const fa = negatives.filter((p) => p.score >= FACE_CALIBRATION.threshold).length;
  const ta = positives.filter((p) => p.score >= FACE_CALIBRATION.threshold).length;
  console.log(`at FACE_CALIBRATION.threshold ${FACE_CALIBRATION.threshold}: FAR ${(fa / Math.max(1, negatives.length)).toFixed(4)}, TAR ${pct(ta / Math.max(1, positives.length))}`);
  console.log(`no face: ${missed} of ${result.images} images (${pct(missed / Math.max(1, result.images))})`);
  console.log(`ms/image: p50 ${percentile(times, 0.5).toFixed(0)}, p95 ${percentile(times, 0.95).toFixed(0)}`);
  if (result.stages && result.stages.length > 0) printStages(result.stages);
  console.log(`model load + warm-up: ${loadMs.toFixed(0)} ms`);
  console.log(`peak RSS: ${(maxRssKb / 1024).toFixed(0)} MB`);
  if (args.includes('--far-table')) printFarTable(pairs);
  const rocOut = option('--roc');
  if (rocOut) {
    const rows = rocCurve(pairs).map((r) => `${r.threshold},${r.far},${r.tar}`);
    writeFileSync(rocOut, ['threshold,far,tar', ...rows].join('\n') + '\n');
    console.log(`ROC written to ${rocOut}`);
  }
}

/** p50/p95 per stage (wall ms; CPU ms of the process shows how much of the wall time was waiting for a core). */
export function printStages(samples: readonly StageSample[]): void {
  const keys = ['decodeMs', 'detectMs', 'tilesMs', 'meshMs', 'alignMs', 'embedMs', 'cpuMs'] as const;
  const cells = keys.map((k) => {
    const v = samples.map((s) => s[k]);
    return `${k.replace('Ms', '')} ${percentile(v, 0.5).toFixed(1)}/${percentile(v, 0.95).toFixed(1)}`;
  });
  const total = samples.map((s) => s.decodeMs + s.detectMs + s.tilesMs + s.meshMs + s.alignMs + s.embedMs);
  console.log(`  stages p50/p95 ms: ${cells.join(', ')}; decode..embed ${percentile(total, 0.5).toFixed(1)}/${percentile(total, 0.95).toFixed(1)}`);
}

/** Speed on phone-sized photos made from face-api's demo images (see the header). */
async function photos(): Promise<void> {
  const reps = Number(option('--reps') ?? 20);
  const demo = join(createRequire(import.meta.url).resolve('@vladmandic/face-api'), '../../demo');
  const fx = await loadFixtures();
  const selfie = await sharp(join(demo, 'sample1.jpg')).extract({ left: 1294, top: 0, width: 573, height: 764 })
    .resize({ width: 1060 }).jpeg({ quality: 90 }).toBuffer();
  const card = await sharp(fx.idA).resize({ width: 1600 }).jpeg({ quality: 90 }).toBuffer();
  const portrait = await sharp(join(demo, 'sample6.jpg')).extract({ left: 200, top: 460, width: 320, height: 320 })
    .resize(110, 110).toBuffer();
  const smallPortrait = await sharp({ create: { width: 1600, height: 1100, channels: 3, background: { r: 214, g: 208, b: 196 } } })
    .composite([{ input: portrait, left: 180, top: 420 }]).jpeg({ quality: 90 }).toBuffer();
  const engine = new HybridFaceEngine();
  const t0 = performance.now();
  await engine.load();
  console.log(`model load + warm-up: ${(performance.now() - t0).toFixed(0)} ms`);
  for (const [name, jpeg] of [['selfie 1060x1413', selfie], ['id card 1600x1137', card], ['110 px portrait 1600x1100', smallPortrait]] as const) {
    const samples: StageSample[] = [];
    const totals: number[] = [];
    let faces = 0;
    for (let i = 0; i < reps; i++) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      const image = await loadRgbFromBuffer(jpeg);
      const t1 = performance.now();
      const result = await engine.analyzeTimed(image);
      totals.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      samples.push({ ...result.stages, decodeMs: t1 - t, cpuMs: (used.user + used.system) / 1000 });
      faces = result.faces.length;
    }
    console.log(`${name}: ${faces} face(s); decode..embed wall p50 ${percentile(totals, 0.5).toFixed(1)}, p95 ${percentile(totals, 0.95).toFixed(1)} ms`);
    printStages(samples);
  }
  await engine.dispose();
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

async function main(): Promise<void> {
  if (set === 'photos') return photos();
  if (set !== 'lfw' && set !== 'deepface' && set !== 'idsim') throw new Error(`unknown --set ${set} (lfw | deepface | idsim | photos)`);
  const mergeFiles = option('--merge');
  if (mergeFiles) {
    report(set, merge(mergeFiles.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunResult)));
    return;
  }
  const dir = set === 'idsim' ? resolve(option('--dir') ?? join(root, '../idsim')) : join(dataDir, 'faces', set);
  if (!existsSync(join(dir, set === 'lfw' ? 'pairs.txt' : 'pairs.csv'))) {
    console.log(`no ${set} data at ${dir} (set IDENTITY_CHECK_DATA); nothing to measure`);
    return;
  }
  const result = await run(set, dir);
  const scoresOut = option('--scores');
  if (scoresOut) writeFileSync(scoresOut, JSON.stringify(result));
  report(set, result);
}

await main();
