/**
 * Passive replay detection on the simulated spoof set (src/testing/spoof-set.ts): renders each LFW subject live
 * and as every attack type, measures the replay signals around the face the engine finds in the source photo,
 * and prints ISO/IEC 30107-3 figures on the TEST identities: APCER per attack type and BPCER at the committed
 * threshold, and APCER at a threshold set on TEST itself for BPCER <= 1%. With `fit`, first refits the model
 * on TRAIN and rewrites src/domain/presentation-calibration.ts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HybridFaceEngine, selectPrimaryFace } from '../../src/adapters/face/index.js';
import { measureReplaySignals } from '../../src/adapters/face/replay-features.js';
import {
  PRESENTATION_SIGNALS, scorePresentation, type PresentationModel, type PresentationSignals,
} from '../../src/domain/presentation-attack.js';
import { PRESENTATION_MODEL } from '../../src/domain/presentation-calibration.js';
import { evaluationDataPath, REPO_ROOT } from '../../src/testing/evaluation-data.js';
import {
  ATTACK_TYPES, SPOOF_SEED, isGreyPhoto, renderPresentation, spoofSubjects, type Presentation, type Split,
} from '../../src/testing/spoof-set.js';
import type { Box } from '../../src/adapters/image/rgb-image.js';
import sharp from 'sharp';
import { assessPresentation } from '../../src/adapters/face/presentation.js';
import { loadFixtures } from '../../test/support/fixtures.js';
import { loadRgb, loadRgbFromBuffer } from './load-rgb.js';
import { fitLogistic, thresholdAtBpcer } from './logistic-fit.js';
import { percentile } from './verification-metrics.js';

export interface PresentationBenchOptions {
  /** Identities per split (TRAIN and TEST each) rendered live and as every attack type. */
  readonly perSplit?: number;
  /**
   * Identities per split rendered live (at least perSplit): more bona fide selfies than attacks, since a
   * threshold at BPCER 1% is set by the few highest-scoring genuine images.
   */
  readonly bonaFidePerSplit?: number;
  readonly seed?: number;
  /** Refit on TRAIN and rewrite the calibration file before reporting. */
  readonly fit?: boolean;
}

/** One rendered image of the set. */
interface Shot {
  readonly name: string;
  readonly split: Split;
  readonly presentation: Presentation;
  readonly file: string;
  readonly box: Box;
}

/** The rendered set: its images, and the subjects left out (no face found, black-and-white source photo). */
interface Rendered {
  readonly dir: string;
  readonly index: Shot[];
  readonly noFace: number;
  readonly grey: number;
}

interface Row extends Shot {
  readonly signals: PresentationSignals;
  /** Wall and CPU ms of measuring the signals (the scoring itself is a dot product). */
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** One logistic head per family of attack types that share their cues. */
const FAMILIES: Readonly<Record<string, readonly Presentation[]>> = {
  screen: ['screen', 'screen-bezel'],
  print: ['print-halftone', 'print-grey', 'print-photo'],
};

const CALIBRATION_FILE = join(REPO_ROOT, 'src/domain/presentation-calibration.ts');

/**
 * Renders every subject x presentation once into bench/out/spoof-<seed>/ (JPEGs, as the camera delivered them,
 * plus the face boxes), so changing a signal does not mean rendering again.
 */
async function render(lfw: string, perSplit: number, bonaFidePerSplit: number, seed: number): Promise<Rendered> {
  const dir = join(REPO_ROOT, 'bench', 'out', `spoof-${seed}`);
  const indexFile = join(dir, `index-${perSplit}-${bonaFidePerSplit}.json`);
  if (existsSync(indexFile)) return JSON.parse(readFileSync(indexFile, 'utf8')) as Rendered;
  mkdirSync(dir, { recursive: true });
  // Renders are deterministic, so those listed by any earlier index of this seed are reused.
  const done = new Map<string, Shot>();
  for (const f of readdirSync(dir).filter((f) => f.startsWith('index-'))) {
    for (const shot of (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { index: Shot[] }).index) done.set(shot.file, shot);
  }
  const engine = new HybridFaceEngine();
  await engine.load();
  const index: Shot[] = [];
  let noFace = 0, grey = 0;
  const seen = { train: 0, test: 0 };
  for (const [n, subject] of spoofSubjects(lfw, Number.MAX_SAFE_INTEGER, seed).entries()) {
    if (seen.train >= bonaFidePerSplit && seen.test >= bonaFidePerSplit) break;
    if (seen[subject.split] >= bonaFidePerSplit) continue;
    const source = await loadRgb(subject.path);
    if (isGreyPhoto(source)) { grey++; continue; }
    const presentations = seen[subject.split]++ < perSplit ? ['genuine', ...ATTACK_TYPES] as const : ['genuine'] as const;
    const wanted = presentations.map((p) => `${subject.name}.${p}.jpg`);
    if (wanted.every((f) => done.has(f))) { index.push(...wanted.map((f) => done.get(f)!)); continue; }
    const face = selectPrimaryFace(await engine.analyze(source), source.width, source.height);
    if (!face) { noFace++; continue; }
    for (const presentation of presentations) {
      const file = `${subject.name}.${presentation}.jpg`;
      const shot = await renderPresentation(source, face.box, presentation, subject.name, seed);
      writeFileSync(join(dir, file), shot.jpeg);
      index.push({ name: subject.name, split: subject.split, presentation, file, box: shot.box });
    }
    if ((n + 1) % 50 === 0) console.error(`  rendered ${n + 1} subjects`);
  }
  await engine.dispose();
  writeFileSync(indexFile, JSON.stringify({ dir, index, noFace, grey }));
  return { dir, index, noFace, grey };
}

/** Signals of every rendered image, with the time each measurement took. */
async function measure(perSplit: number, bonaFidePerSplit: number, seed: number): Promise<{ rows: Row[]; noFace: number; grey: number } | undefined> {
  const lfw = evaluationDataPath('faces', 'lfw', 'images');
  if (!existsSync(lfw)) return undefined;
  const { dir, index, noFace, grey } = await render(lfw, perSplit, bonaFidePerSplit, seed);
  const rows: Row[] = [];
  for (const shot of index) {
    const image = await loadRgb(join(dir, shot.file));
    const t = performance.now(), cpu = process.cpuUsage();
    const signals = measureReplaySignals(image, shot.box);
    const used = process.cpuUsage(cpu);
    rows.push({ ...shot, signals, wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 });
  }
  return { rows, noFace, grey };
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

function writeCalibration(model: PresentationModel, note: string): void {
  const round = (v: number): number => Number(v.toPrecision(6));
  const record = (r: Record<string, number>): string =>
    `{ ${PRESENTATION_SIGNALS.map((k) => `${k}: ${round(r[k]!)}`).join(', ')} }`;
  const heads = model.heads.map((h) => `    {
      family: '${h.family}',
      mean: ${record(h.mean)},
      sd: ${record(h.sd)},
      weight: ${record(h.weight)},
      bias: ${round(h.bias)},
    },`).join('\n');
  writeFileSync(CALIBRATION_FILE, `/**
 * Calibrated replay model: one logistic head per attack family on standardised signals, fitted on the TRAIN
 * identities of the simulated spoof set, threshold at BPCER 1% on TRAIN genuine selfies. Generated; refit with
 *   npm run bench:presentation -- --fit [--per-split N] [--bona-fide-per-split M] [--seed S]
 * (bench/lib/presentation-attacks.ts). Figures on TEST: docs/PRESENTATION-ATTACKS.md.
 * ${note}
 */
import type { PresentationModel } from './presentation-attack.js';

export const PRESENTATION_MODEL: PresentationModel = Object.freeze({
  heads: [
${heads}
  ],
  threshold: ${round(model.threshold)},
});
`);
}

/** Prints the presentation-attack figures; returns quietly when the LFW images are absent. */
export async function printPresentationAttacks(options: PresentationBenchOptions = {}): Promise<void> {
  const perSplit = options.perSplit ?? 100, seed = options.seed ?? SPOOF_SEED;
  const bonaFidePerSplit = Math.max(perSplit, options.bonaFidePerSplit ?? 500);
  const measured = await measure(perSplit, bonaFidePerSplit, seed);
  if (!measured) {
    console.log('presentation attacks: LFW not found under IDENTITY_CHECK_DATA, skipped');
    return;
  }
  const { rows, noFace, grey } = measured;
  const train = rows.filter((r) => r.split === 'train'), test = rows.filter((r) => r.split === 'test');
  let model: PresentationModel = PRESENTATION_MODEL;
  if (options.fit) {
    const heads = Object.entries(FAMILIES).map(([family, members]) => fitLogistic(family, train
      .filter((r) => r.presentation === 'genuine' || members.includes(r.presentation))
      .map((r) => ({ signals: r.signals, attack: r.presentation !== 'genuine' }))));
    const fitted = { heads, threshold: 0.5 };
    const genuine = train.filter((r) => r.presentation === 'genuine').map((r) => scorePresentation(r.signals, fitted).score);
    model = { heads, threshold: thresholdAtBpcer(genuine, 0.01) };
    writeCalibration(model, `Fitted on ${train.length} TRAIN images (${genuine.length} genuine), seed ${seed}, ${perSplit} identities per split.`);
    console.log(`refitted on TRAIN and wrote ${CALIBRATION_FILE}`);
  }
  const count = (split: readonly Row[]): number => new Set(split.map((r) => r.name)).size;
  console.log(`presentation attacks: simulated set, seed ${seed}; split by LFW identity: TRAIN ${count(train)} identities (fit), TEST ${count(test)} identities (reported); left out: ${grey} black-and-white source photos, ${noFace} with no face found`);
  const score = (r: Row): number => scorePresentation(r.signals, model).score;
  const genuineTest = test.filter((r) => r.presentation === 'genuine').map(score);
  const onTest = thresholdAtBpcer(genuineTest, 0.01);
  const bpcer = (t: number): number => genuineTest.filter((s) => s >= t).length / genuineTest.length;
  console.log(`  bona fide TEST: ${genuineTest.length}; BPCER at committed threshold ${model.threshold.toFixed(4)}: ${pct(bpcer(model.threshold))} (${genuineTest.filter((s) => s >= model.threshold).length})`);
  console.log(`  threshold set on TEST for BPCER <= 1%: ${onTest.toFixed(4)} (BPCER ${pct(bpcer(onTest))})`);
  console.log('  attack type       n    APCER@committed  APCER@BPCER<=1%(TEST)  top reason');
  for (const attack of ATTACK_TYPES) {
    const scored = test.filter((r) => r.presentation === attack).map((r) => scorePresentation(r.signals, model));
    const missed = (t: number): number => scored.filter((e) => e.score < t).length / Math.max(1, scored.length);
    const reasons = new Map<string, number>();
    for (const e of scored) if (e.reasons[0]) reasons.set(e.reasons[0], (reasons.get(e.reasons[0]) ?? 0) + 1);
    const top = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0];
    console.log(`  ${attack.padEnd(16)} ${String(scored.length).padStart(4)}    ${pct(missed(model.threshold)).padStart(6)}           ${pct(missed(onTest)).padStart(6)}                 ${top ? `${top[0]} (${top[1]})` : '-'}`);
  }
  const wall = rows.map((r) => r.wallMs), cpu = rows.map((r) => r.cpuMs);
  const size = '400 x 400 px, faces about 160 px';
  console.log(`  signals ms/image (${size}): wall p50 ${percentile(wall, 0.5).toFixed(1)} p95 ${percentile(wall, 0.95).toFixed(1)}, CPU p50 ${percentile(cpu, 0.5).toFixed(1)} p95 ${percentile(cpu, 0.95).toFixed(1)}`);
  await printLargeSelfieSpeed();
}

/** assessPresentation on the fixture selfie at 720 x 960 and enlarged to 1200 x 1600 (the service's largest). */
async function printLargeSelfieSpeed(): Promise<void> {
  const { selfieA } = await loadFixtures();
  const box = { x: 236, y: 285, width: 243, height: 241 };
  for (const scale of [1, 5 / 3]) {
    const image = await loadRgbFromBuffer(scale === 1 ? selfieA : await sharp(selfieA).resize(1200, 1600).toBuffer());
    const face = { box: { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale } };
    const wall: number[] = [], cpu: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now(), c = process.cpuUsage();
      assessPresentation(image, face);
      const used = process.cpuUsage(c);
      wall.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
    }
    console.log(`  assessPresentation ms on a ${image.width} x ${image.height} selfie (face ${Math.round(face.box.width)} px), 20 runs: wall p50 ${percentile(wall, 0.5).toFixed(1)} p95 ${percentile(wall, 0.95).toFixed(1)}, CPU p50 ${percentile(cpu, 0.5).toFixed(1)}`);
  }
}
