/**
 * Active liveness over a synthetic clip set: for each test face (the people in @vladmandic/face-api's demo
 * photos, shipped in npm; no evaluation data needed) and each of `--challenges` seeded challenges, the frames
 * the capture page would send (captureTimes) of a genuine 3-D head turn and of four attacks (a still photo,
 * one frame replayed, the photo rotated in the plane, the photo sheared and squeezed), judged by the real
 * face engine and liveness.service.ts. Prints APCER per attack, BPCER, the reasons, the parallax ranges and
 * CPU time per frame.
 *
 *   npm run bench:liveness -- [--faces 8] [--challenges 2] [--seed 1]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { HybridFaceEngine } from '../src/adapters/face/index.js';
import { packageDir } from '../src/adapters/face/model-files.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { loadConfig } from '../src/config/config.js';
import { buildPolicy } from '../src/config/policy.js';
import { drawSteps, type LivenessStep } from '../src/domain/liveness.js';
import { checkLiveness } from '../src/services/liveness.service.js';
import { MemoryChallengeStore } from '../src/services/liveness-challenges.js';
import { captureTimes, CLIP_KINDS, headModel, renderAt, type ClipKind, type HeadModel } from '../src/testing/head-turn.js';
import { seededRandom } from '../src/testing/idsim.js';

const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, faces: { type: 'string', default: '8' }, challenges: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' } } });
const maxFaces = Number(values.faces), perFace = Number(values.challenges), seed = Number(values.seed);

const engine = new HybridFaceEngine();
await engine.load();
const policy = buildPolicy(loadConfig({}));

async function rgb(bytes: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
const jpeg = (image: RgbImage): Promise<Buffer> =>
  sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();

/** Near-frontal faces (|yaw| <= 15, |pitch| <= 20) at least 90 px wide in the demo photos: people facing a camera. */
async function testFaces(): Promise<HeadModel[]> {
  const dir = join(packageDir('@vladmandic/face-api'), 'demo');
  const models: HeadModel[] = [];
  for (const file of ['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg']) {
    const photo = await rgb(await readFile(join(dir, file)));
    const faces = (await engine.analyze(photo)).filter((f) => f.box.width >= 90 && Math.abs(f.pose.yaw) <= 15 && Math.abs(f.pose.pitch) <= 20).sort((a, b) => b.box.width - a.box.width);
    for (const face of faces) {
      const model = await headModel(photo, face.box, (image) => engine.analyze(image));
      if (model !== null) models.push(model);
    }
  }
  // Spread over the photos rather than taking the first photo's crowd.
  return models.filter((_, i) => i % Math.max(1, Math.floor(models.length / maxFaces)) === 0).slice(0, maxFaces);
}

interface Row { kind: ClipKind; passed: boolean; reasons: readonly string[]; parallax: number | null }
const rows: Row[] = [];
const random = seededRandom(seed);
const models = await testFaces();
let frames = 0;
const cpu0 = process.cpuUsage();
for (const [m, model] of models.entries()) {
  for (let c = 0; c < perFace; c++) {
    const steps: LivenessStep[] = drawSteps(random);
    const selfie = await jpeg(model.photo);
    for (const kind of CLIP_KINDS) {
      const images = renderAt(model, { kind, steps, seed: seed * 1000 + m * 10 + c }, captureTimes(steps));
      const store = new MemoryChallengeStore({ ttlMs: 120_000, steps: () => steps });
      const challenge = store.issue(new Date());
      const bytes = await Promise.all(images.map(jpeg));
      frames += bytes.length + 1;
      const { evidence } = await checkLiveness({ challengeId: challenge.id, frames: bytes }, selfie, { faces: engine, challenges: store, policy, now: () => new Date() });
      rows.push({ kind, passed: evidence.passed, reasons: evidence.reasons, parallax: evidence.parallax });
      if (values.verbose) {
        console.log(`face ${m} ${kind} [${steps.join(' ')}] -> ${evidence.reasons.join(' ') || 'passed'} parallax ${evidence.parallax}`);
        console.log(`  ${evidence.frames.map((f) => `${f.label}(${f.yaw},${f.pitch})`).join(' ')}`);
      }
    }
  }
}
const cpu = process.cpuUsage(cpu0);
await engine.dispose();

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);
console.log(`liveness clip set: ${models.length} faces (near-frontal faces of the face-api demo photos, at most --faces ${maxFaces}) x ${perFace} challenges x ${CLIP_KINDS.length} clip kinds, seed ${seed}`);
console.log(`policy: turn |yaw| >= ${policy.liveness.turnYaw} deg, tilt |pitch| >= ${policy.liveness.tiltPitch} deg, parallax >= ${policy.liveness.minParallax} IOD\n`);
console.log('| clip | clips | accepted | refused | reasons (clips) | parallax min..max |');
console.log('|---|---|---|---|---|---|');
for (const kind of CLIP_KINDS) {
  const r = rows.filter((x) => x.kind === kind);
  const reasons = new Map<string, number>();
  r.forEach((x) => x.reasons.forEach((code) => reasons.set(code, (reasons.get(code) ?? 0) + 1)));
  const p = r.flatMap((x) => (x.parallax === null ? [] : [x.parallax]));
  const range = p.length === 0 ? '-' : `${Math.min(...p).toFixed(3)}..${Math.max(...p).toFixed(3)}`;
  console.log(`| ${kind} | ${r.length} | ${r.filter((x) => x.passed).length} | ${r.filter((x) => !x.passed).length} | ${[...reasons].map(([k, v]) => `${k} ${v}`).join(', ') || '-'} | ${range} |`);
}
const attacks = rows.filter((x) => x.kind !== 'genuine'), genuine = rows.filter((x) => x.kind === 'genuine');
console.log(`\nAPCER ${pct(attacks.filter((x) => x.passed).length, attacks.length)} (attacks accepted)`);
for (const kind of CLIP_KINDS.filter((k) => k !== 'genuine')) {
  const r = rows.filter((x) => x.kind === kind);
  console.log(`  APCER ${kind}: ${pct(r.filter((x) => x.passed).length, r.length)}`);
}
console.log(`BPCER ${pct(genuine.filter((x) => !x.passed).length, genuine.length)} (genuine refused)`);
console.log(`process CPU ${((cpu.user + cpu.system) / 1000 / frames).toFixed(0)} ms per analysed image (${frames} images, frames plus selfies; clip rendering and JPEG encoding included)`);
