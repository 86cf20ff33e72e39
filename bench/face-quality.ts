/**
 * Face quality gates: distribution of every measure and the fraction of images each gate would reject, on
 * genuine captures (LFW, the ID-photo simulation's cards) and on deliberately degraded LFW images (blur, dark,
 * bright, tiny, two people). Prints numbers; asserts nothing. Used to choose the thresholds in
 * src/config/policy.ts (DEFAULT_FACE_QUALITY); see docs/FACE-QUALITY.md.
 *
 *   node --import tsx bench/face-quality.ts [--lfw 400] [--idsim 300 --dir ../idsim] [--degraded 60]
 *       [--save measures.json] [--load measures.json]
 *
 * --load re-reports saved measures against the current policy without running the models.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { HybridFaceEngine, selectPrimaryFace } from '../src/adapters/face/index.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { DEFAULT_FACE_QUALITY } from '../src/config/policy.js';
import { assessFaceQuality, measureFaceQuality, type FaceQualityMeasures, type ImageRole } from '../src/domain/face-quality.js';
import { percentile } from './lib/verification-metrics.js';
import { evaluationDataPath } from '../src/testing/evaluation-data.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    lfw: { type: 'string', default: '400' },
    idsim: { type: 'string', default: '300' },
    dir: { type: 'string', default: resolve(root, '../idsim') },
    degraded: { type: 'string', default: '60' },
    save: { type: 'string' },
    load: { type: 'string' },
  },
});
const dataDir = evaluationDataPath();
const lfwDir = join(dataDir, 'faces', 'lfw');

/** One analysed image: its set, the role it plays, and the measures (null: no face found). */
interface Sample { readonly set: string; readonly role: ImageRole; readonly file: string; readonly m: FaceQualityMeasures | null }

async function rgb(input: Buffer | string): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Every n-th distinct image of pairs.txt, up to `count`. */
function lfwSample(count: number): string[] {
  const lines = readFileSync(join(lfwDir, 'pairs.txt'), 'utf8').trim().split('\n').slice(1);
  const files = new Set<string>();
  for (const line of lines) {
    const c = line.trim().split('\t');
    const [p1, n1, p2, n2] = c.length === 3 ? [c[0]!, c[1]!, c[0]!, c[2]!] : [c[0]!, c[1]!, c[2]!, c[3]!];
    files.add(join(lfwDir, 'images', p1, `${p1}_${n1.padStart(4, '0')}.jpg`));
    files.add(join(lfwDir, 'images', p2, `${p2}_${n2.padStart(4, '0')}.jpg`));
  }
  const all = [...files];
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}

/** Degradations of one LFW image (250x250, face ~110 px): each clearly unusable, or a milder control. */
const DEGRADATIONS: Record<string, (file: string) => Promise<Buffer>> = {
  'blur sigma 1.5 (control)': (f) => sharp(f).blur(1.5).png().toBuffer(),
  'blur sigma 4': (f) => sharp(f).blur(4).png().toBuffer(),
  'blur sigma 8': (f) => sharp(f).blur(8).png().toBuffer(),
  'dark x0.5 (control)': (f) => sharp(f).linear(0.5, 0).png().toBuffer(),
  'dark x0.15': (f) => sharp(f).linear(0.15, 0).png().toBuffer(),
  'bright x1.4+40 (control)': (f) => sharp(f).linear(1.4, 40).png().toBuffer(),
  'bright x2.5+90': (f) => sharp(f).linear(2.5, 90).png().toBuffer(),
  'half size in 250 px frame (control)': (f) => framed(f, 0.5),
  'quarter size in 250 px frame': (f) => framed(f, 0.25),
  'two people side by side': async (f) => sharp({ create: { width: 500, height: 250, channels: 3, background: '#808080' } })
    .composite([{ input: f, left: 0, top: 0 }, { input: await sharp(f).flop().toBuffer(), left: 250, top: 0 }]).png().toBuffer(),
};

async function framed(file: string, scale: number): Promise<Buffer> {
  const small = await sharp(file).resize(Math.round(250 * scale)).toBuffer();
  const offset = Math.round((250 - 250 * scale) / 2);
  return sharp({ create: { width: 250, height: 250, channels: 3, background: '#7a7a7a' } })
    .composite([{ input: small, left: offset, top: offset }]).png().toBuffer();
}

async function collect(): Promise<Sample[]> {
  const engine = new HybridFaceEngine();
  await engine.load();
  const samples: Sample[] = [];
  const analyse = async (set: string, role: ImageRole, file: string, input: Buffer | string): Promise<void> => {
    const image = await rgb(input);
    const faces = await engine.analyze(image);
    const face = selectPrimaryFace(faces, image.width, image.height);
    const m = face === undefined ? null : measureFaceQuality(image, face, faces.filter((f) => f !== face), DEFAULT_FACE_QUALITY);
    samples.push({ set, role, file, m });
    if (samples.length % 100 === 0) console.error(`  ${samples.length} images`);
  };
  if (existsSync(join(lfwDir, 'pairs.txt'))) {
    for (const f of lfwSample(Number(values.lfw))) await analyse('lfw', 'live', f, f);
    for (const f of lfwSample(Number(values.degraded))) {
      for (const [name, degrade] of Object.entries(DEGRADATIONS)) await analyse(`degraded: ${name}`, 'live', f, await degrade(f));
    }
  } else {
    console.log(`no LFW at ${lfwDir} (set IDENTITY_CHECK_DATA)`);
  }
  const manifest = join(values.dir as string, 'pairs.csv');
  if (existsSync(manifest)) {
    const cards = readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => join(values.dir as string, l.split(',')[0]!));
    const n = Number(values.idsim);
    const step = Math.max(1, Math.floor(cards.length / n));
    for (const f of cards.filter((_, i) => i % step === 0).slice(0, n)) await analyse('idsim cards', 'id', f, f);
  } else {
    console.log(`no idsim manifest at ${manifest} (npm run make:idsim)`);
  }
  await engine.dispose();
  return samples;
}

function report(samples: readonly Sample[]): void {
  const sets = [...new Set(samples.map((s) => s.set))];
  const keys: (keyof FaceQualityMeasures)[] = ['interOcularPx', 'sharpness', 'brightness', 'clippedFraction', 'yaw', 'pitch', 'comparableFaces', 'secondFaceRatio'];
  for (const set of sets) {
    const of = samples.filter((s) => s.set === set);
    const found = of.filter((s) => s.m !== null) as (Sample & { m: FaceQualityMeasures })[];
    console.log(`\n${set}: ${of.length} images, no face ${of.length - found.length}`);
    for (const k of keys) {
      const v = found.map((s) => s.m[k]);
      console.log(`  ${k.padEnd(16)} p1 ${fmt(percentile(v, 0.01))}  p5 ${fmt(percentile(v, 0.05))}  p50 ${fmt(percentile(v, 0.5))}  p95 ${fmt(percentile(v, 0.95))}  p99 ${fmt(percentile(v, 0.99))}`);
    }
    const counts = new Map<string, number>();
    let rejected = 0;
    for (const s of found) {
      // Re-derived from the runner-up ratio, so --load follows a changed comparableFaceRatio too.
      const comparable = s.m.secondFaceRatio >= DEFAULT_FACE_QUALITY.comparableFaceRatio ? Math.max(1, s.m.comparableFaces) : 0;
      const issues = assessFaceQuality({ ...s.m, comparableFaces: comparable }, DEFAULT_FACE_QUALITY, s.role);
      if (issues.some((i) => i.severity === 'reject')) rejected++;
      for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
    }
    const share = (n: number): string => `${n} (${((100 * n) / Math.max(1, of.length)).toFixed(1)}%)`;
    console.log(`  rejected by any gate: ${share(rejected)}; no face: ${share(of.length - found.length)}; unusable in total: ${share(rejected + of.length - found.length)}`);
    console.log(`  issues: ${[...counts].map(([c, n]) => `${c} ${share(n)}`).join(', ') || 'none'}`);
  }
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1)).padStart(6);

const samples = values.load ? (JSON.parse(readFileSync(values.load, 'utf8')) as Sample[]) : await collect();
if (values.save) writeFileSync(values.save, JSON.stringify(samples));
report(samples);
