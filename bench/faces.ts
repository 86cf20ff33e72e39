/**
 * Face verification benchmark for HybridFaceEngine. Prints numbers; asserts nothing.
 *
 *   node --import tsx bench/faces.ts --set lfw [--folds N] [--from F] [--roc out.csv] [--scores part.json]
 *   node --import tsx bench/faces.ts --set lfw --merge part1.json,part2.json [--roc out.csv]
 *   node --import tsx bench/faces.ts --set deepface
 *
 * --from F starts at fold F (1-based) and --scores saves the scored pairs, so halves of LFW can run in two
 * processes and be reported together with --merge.
 *
 * LFW: View 2 pairs.txt, standard protocol (threshold chosen on the other folds). A pair whose image yields no
 * face scores -1 (a reject). Embeddings are cached per image for this run only. Faces are picked with the
 * service's own selectPrimaryFace rule.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FACE_CALIBRATION, HybridFaceEngine, cosineSimilarity, selectPrimaryFace } from '../src/adapters/face/index.js';
import { loadRgb } from './lib/load-rgb.js';
import {
  accuracyAt, bestThreshold, foldAccuracies, meanSd, percentile, rocAuc, rocCurve, tarAtFar, type ScoredPair,
} from './lib/verification-metrics.js';

interface PairSpec { readonly a: string; readonly b: string; readonly same: boolean; readonly fold: number }

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const set = option('--set') ?? 'lfw';
const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(root, process.env.IDENTITY_CHECK_DATA ?? '../shared/data');

/** Scored pairs plus per-image measurements, as saved by --scores and read by --merge. */
interface RunResult {
  readonly pairs: ScoredPair[];
  readonly times: number[];
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
  const specs = set === 'lfw' ? lfwPairs(dir, Number(option('--folds') ?? 10), from) : deepfacePairs(dir);
  const engine = new HybridFaceEngine();
  const t0 = performance.now();
  await engine.load();
  const loadMs = performance.now() - t0;

  const cache = new Map<string, Float32Array | null>();
  const times: number[] = [];
  const embedding = async (path: string): Promise<Float32Array | null> => {
    const hit = cache.get(path);
    if (hit !== undefined) return hit;
    const image = await loadRgb(path);
    const t = performance.now();
    const faces = await engine.analyze(image);
    times.push(performance.now() - t);
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
  const missed = [...cache.entries()].filter(([, e]) => e === null);
  for (const [path] of missed) console.error(`  no face: ${path}`);
  return { pairs, times, images: cache.size, missed: missed.length, loadMs, maxRssKb: process.resourceUsage().maxRSS };
}

function merge(parts: readonly RunResult[]): RunResult {
  return {
    pairs: parts.flatMap((p) => p.pairs),
    times: parts.flatMap((p) => p.times),
    images: parts.reduce((s, p) => s + p.images, 0),
    missed: parts.reduce((s, p) => s + p.missed, 0),
    loadMs: Math.max(...parts.map((p) => p.loadMs)),
    maxRssKb: Math.max(...parts.map((p) => p.maxRssKb)),
  };
}

function report(set: string, result: RunResult): void {
  const { pairs, times, missed, loadMs, maxRssKb } = result;
  console.log(`set ${set}: ${pairs.length} pairs (${pairs.filter((p) => p.same).length} same), ${result.images} images`);
  if (set === 'lfw') {
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
  console.log(`model load + warm-up: ${loadMs.toFixed(0)} ms`);
  console.log(`peak RSS: ${(maxRssKb / 1024).toFixed(0)} MB`);
  const rocOut = option('--roc');
  if (rocOut) {
    const rows = rocCurve(pairs).map((r) => `${r.threshold},${r.far},${r.tar}`);
    writeFileSync(rocOut, ['threshold,far,tar', ...rows].join('\n') + '\n');
    console.log(`ROC written to ${rocOut}`);
  }
}

async function main(): Promise<void> {
  if (set !== 'lfw' && set !== 'deepface') throw new Error(`unknown --set ${set} (lfw | deepface)`);
  const mergeFiles = option('--merge');
  if (mergeFiles) {
    report(set, merge(mergeFiles.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunResult)));
    return;
  }
  const dir = join(dataDir, 'faces', set);
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
