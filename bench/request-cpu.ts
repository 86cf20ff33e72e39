/**
 * Where the CPU of one POST /verify goes, stage by stage: the request's work done in this process, one stage
 * after another, each timed with process.cpuUsage() (all threads, so onnxruntime's time counts). The server
 * spreads the same stages over worker threads and decode processes (bench:latency gives its total); here they
 * are taken apart. Same requests as bench:latency (bench/lib/verify-cases.ts); the first pass warms up.
 *
 *   npm run bench:request-cpu -- [--set mixed|layouts|specimens|fixture]
 */
import { parseArgs } from 'node:util';
import { HybridFaceEngine, selectPrimaryFace } from '../src/adapters/face/index.js';
import { createDocumentEngine } from '../src/adapters/document/index.js';
import { decodeImage } from '../src/adapters/image/decode-image.js';
import { loadConfig } from '../src/config/config.js';
import { buildPolicy } from '../src/config/policy.js';
import { measureFaceQuality } from '../src/domain/face-quality.js';
import { checkPresentation } from '../src/services/presentation-checks.js';
import { readDocumentImages } from '../src/services/document-reading.js';
import { verifyCases, type CaseSet } from './lib/verify-cases.js';

const { values } = parseArgs({ options: { set: { type: 'string', default: 'mixed' } } });
const policy = buildPolicy(loadConfig({}));
const faces = new HybridFaceEngine();
const documents = createDocumentEngine();
await Promise.all([faces.load(), documents.load()]);
const cases = await verifyCases(values.set as CaseSet);
if (cases.length === 0) throw new Error(`no cases in set ${values.set} (specimens need IDENTITY_CHECK_DATA)`);

const STAGES = ['decode selfie', 'decode ID', 'faces in the selfie', 'faces in the ID', 'findText on the selfie',
  'document reading', 'face quality', 'presentation checks'] as const;
type Stage = (typeof STAGES)[number];
const totals = new Map<Stage, number>();
let counting = false;

async function cpu<T>(stage: Stage, work: () => Promise<T> | T): Promise<T> {
  const start = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(start);
  if (counting) totals.set(stage, (totals.get(stage) ?? 0) + (used.user + used.system) / 1000);
  return result;
}

for (const pass of [0, 1]) {
  counting = pass === 1;
  for (const c of cases) {
    const live = await cpu('decode selfie', () => decodeImage('image1', c.selfie, policy.image));
    const id = await cpu('decode ID', () => decodeImage('image2', c.id, policy.image));
    const liveFaces = await cpu('faces in the selfie', () => faces.analyze(live.image));
    const idFaces = await cpu('faces in the ID', () => faces.analyze(id.image));
    const text = await cpu('findText on the selfie', () => documents.findText(live.image));
    await cpu('document reading', () => readDocumentImages({ front: id.image }, c.name, { documents, policy, now: () => new Date() }));
    const livePick = selectPrimaryFace(liveFaces, live.image.width, live.image.height);
    const idPick = selectPrimaryFace(idFaces, id.image.width, id.image.height);
    // Without a face the service answers 400 here; the stages above ran all the same.
    if (livePick === undefined || idPick === undefined) continue;
    await cpu('face quality', () => [measureFaceQuality(live.image, livePick, [], policy.face.quality), measureFaceQuality(id.image, idPick, [], policy.face.quality)]);
    await cpu('presentation checks', () => checkPresentation({
      liveBytes: c.selfie, idBytes: c.id, live: live.image, id: id.image, liveFace: livePick, idFace: idPick, liveText: text, similarity: 0.5,
    }, policy.presentation));
  }
}

const n = cases.length;
console.log(`set ${values.set}: ${n} requests, CPU ms per request (in-process, one stage after another; load ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`);
let sum = 0;
for (const stage of STAGES) {
  const ms = (totals.get(stage) ?? 0) / n;
  sum += ms;
  console.log(`  ${stage.padEnd(26)} ${ms.toFixed(1).padStart(7)}`);
}
console.log(`  ${'total'.padEnd(26)} ${sum.toFixed(1).padStart(7)}`);
await Promise.all([faces.dispose(), documents.dispose()]);
