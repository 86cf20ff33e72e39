/**
 * Does the document-in-selfie check (src/domain/document-in-selfie.ts) leave genuine selfies alone and catch
 * photos of documents? Prints rates, feature counts and the ms findText adds; asserts nothing.
 *
 *   npm run bench:document-in-selfie -- [--lfw 1000] [--idsim 200] [--save boxes.json]
 *   npm run bench:document-in-selfie -- --replay boxes.json     (judge saved boxes again, no models: for tuning)
 *
 * Genuine: the first --lfw LFW images of pairs.txt order (all folds, first and second images, deduplicated),
 * the DeepFace images and the route-test selfies. Documents: the specimen images (documents/specimens), idsim
 * card photos rendered in memory (first --idsim pairs) and the demo card of the route tests. Each image counts
 * only when a face is found in it (without a face the service answers 400 before this check matters).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HybridFaceEngine, selectPrimaryFace } from '../src/adapters/face/index.js';
import { createDocumentEngine } from '../src/adapters/document/index.js';
import { pairSeed, readLfwPairs, simulateIdPhoto } from '../src/testing/idsim.js';
import { evaluationDataPath } from '../src/testing/evaluation-data.js';
import { DEFAULT_DOCUMENT_IN_SELFIE } from '../src/config/policy.js';
import {
  judgeDocumentInSelfie, type DocumentInSelfieFinding, type DocumentInSelfiePolicy, type FaceRegion, type TextRegion,
} from '../src/domain/document-in-selfie.js';
import { loadFixtures } from '../test/support/fixtures.js';
import { loadRgbFromBuffer } from './lib/load-rgb.js';
import { percentile } from './lib/verification-metrics.js';

const { values } = parseArgs({
  options: { lfw: { type: 'string', default: '1000' }, idsim: { type: 'string', default: '200' }, save: { type: 'string' }, replay: { type: 'string' } },
});

/** What the models saw in one image: enough to judge it again under another policy. */
interface Raw { readonly set: string; readonly name: string; readonly face: FaceRegion | null; readonly boxes: TextRegion[]; readonly ms: number }
interface Sample { readonly name: string; readonly finding: DocumentInSelfieFinding; readonly ms: number; readonly probe: (p: DocumentInSelfiePolicy) => boolean }
const findMs: number[] = [];
/** CPU time of findText (one onnxruntime thread): the cost a request adds, whatever else the machine runs. */
const cpuMs: number[] = [];
const raws: Raw[] = [];
const replay = values.replay ? (JSON.parse(readFileSync(values.replay, 'utf8')) as Raw[]) : null;
const faces = new HybridFaceEngine();
const documents = createDocumentEngine();
if (replay === null) await Promise.all([faces.load(), documents.load()]);

async function observe(set: string, name: string, bytes: () => Promise<Buffer>): Promise<Raw> {
  const image = await loadRgbFromBuffer(await bytes());
  const face = selectPrimaryFace(await faces.analyze(image), image.width, image.height);
  if (face === undefined) return { set, name, face: null, boxes: [], ms: 0 };
  const t = performance.now();
  const cpu = process.cpuUsage();
  const boxes = await documents.findText(image);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
  return { set, name, face: face.box, boxes, ms: performance.now() - t };
}

function sample(raw: Raw & { face: FaceRegion }): Sample {
  findMs.push(raw.ms);
  return {
    name: raw.name, ms: raw.ms,
    finding: judgeDocumentInSelfie(raw.boxes, raw.face, DEFAULT_DOCUMENT_IN_SELFIE),
    probe: (p) => judgeDocumentInSelfie(raw.boxes, raw.face, p).showsDocument,
  };
}

async function run(label: string, items: Iterable<[string, () => Promise<Buffer>]>): Promise<Sample[]> {
  const out: Sample[] = [];
  let noFace = 0;
  const set = label.replace(/ \(.*/, '');
  const seen = replay !== null ? replay.filter((r) => r.set === set)
    : await (async () => { const o: Raw[] = []; for (const [name, bytes] of items) o.push(await observe(set, name, bytes)); return o; })();
  for (const raw of seen) {
    raws.push(raw);
    if (raw.face === null) noFace++;
    else out.push(sample({ ...raw, face: raw.face }));
  }
  const flagged = out.filter((s) => s.finding.showsDocument);
  const dist = (f: (s: Sample) => number): string => {
    const v = out.map(f);
    return `min ${Math.min(...v)}, p5 ${percentile(v, 0.05)}, p50 ${percentile(v, 0.5)}, p95 ${percentile(v, 0.95)}, p99 ${percentile(v, 0.99)}, max ${Math.max(...v)}`;
  };
  console.log(`${label}: ${out.length} images with a face (${noFace} without); flagged ${flagged.length} (${(100 * flagged.length / Math.max(1, out.length)).toFixed(2)}%)`);
  console.log(`  lines near face ${dist((s) => s.finding.linesNearFace)}; MRZ-like rows ${dist((s) => s.finding.mrzLikeRows)}; text lines ${dist((s) => s.finding.textLines)}`);
  const shown = label.startsWith('genuine') ? flagged : out.filter((s) => !s.finding.showsDocument);
  if (shown.length > 0) console.log(`  ${label.startsWith('genuine') ? 'flagged' : 'missed'}: ${shown.slice(0, 12).map((s) => `${s.name} (${s.finding.linesNearFace} near, ${s.finding.mrzLikeRows} mrz)`).join(', ')}`);
  return out;
}

const lfwDir = evaluationDataPath('faces', 'lfw');
const deepfaceDir = evaluationDataPath('faces', 'deepface');
const specimens = evaluationDataPath('documents', 'specimens');
const fx = await loadFixtures();
const file = (path: string) => (): Promise<Buffer> => Promise.resolve(readFileSync(path));

const genuine: Sample[] = [];
if (existsSync(join(lfwDir, 'pairs.txt'))) {
  const seen = new Set<string>();
  for (const p of readLfwPairs(lfwDir)) for (const f of [p.first.file, p.second.file]) if (seen.size < Number(values.lfw)) seen.add(f);
  genuine.push(...await run(`genuine LFW (${seen.size} images)`, [...seen].map((f) => [f.split('/').pop()!, file(join(lfwDir, f))])));
}
if (existsSync(deepfaceDir)) {
  const imgs = readdirSync(deepfaceDir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  genuine.push(...await run('genuine DeepFace', imgs.map((f) => [f, file(join(deepfaceDir, f))])));
}
genuine.push(...await run('genuine route-test selfies', [['selfieA', async () => fx.selfieA], ['selfieB', async () => fx.selfieB]]));

const docs: Sample[] = [];
if (existsSync(join(specimens, 'ground_truth.json'))) {
  const imgs = readdirSync(specimens).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  docs.push(...await run('documents: specimens', imgs.map((f) => [f, file(join(specimens, f))])));
}
docs.push(...await run('documents: demo card', [['idA', async () => fx.idA]]));
if (existsSync(join(lfwDir, 'pairs.txt'))) {
  const pairs = readLfwPairs(lfwDir).slice(0, Number(values.idsim));
  docs.push(...await run(`documents: idsim cards (${pairs.length})`, pairs.map((p) => [`card${p.index}`,
    async () => (await simulateIdPhoto(readFileSync(join(lfwDir, p.first.file)), pairSeed(1, p.index))).jpeg])));
}

console.log(`findText ms per image: wall p50 ${percentile(findMs, 0.5).toFixed(0)}, p95 ${percentile(findMs, 0.95).toFixed(0)}`
  + (cpuMs.length > 0 ? `; CPU p50 ${percentile(cpuMs, 0.5).toFixed(0)}, p95 ${percentile(cpuMs, 0.95).toFixed(0)}` : '') + ' (one thread; 384 px, then 640 px when that pass finds text)');
console.log('policy grid (minLinesNearFace x minMrzRows): genuine flagged / documents caught');
for (const lines of [4, 6, 8, 9, 10, 12]) {
  const cells = [1, 2, 3, 99].map((mrz) => {
    const p = { ...DEFAULT_DOCUMENT_IN_SELFIE, minLinesNearFace: lines, minMrzRows: mrz };
    return `mrz>=${mrz}: ${genuine.filter((s) => s.probe(p)).length}/${genuine.length} | ${docs.filter((s) => s.probe(p)).length}/${docs.length}`;
  });
  console.log(`  near>=${lines}: ${cells.join('   ')}`);
}
if (values.save) writeFileSync(values.save, JSON.stringify(raws));
await Promise.all([faces.dispose(), documents.dispose()]);
