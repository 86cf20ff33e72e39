/**
 * The document reader on synthetic photos of the conditions real data holds few of (src/testing/
 * synthetic-documents.ts): TD1 backs at 600 px, both sides in one image, 450 px, perspective with glare beside
 * the MRZ, glare over the MRZ (must be refused), a sans mono MRZ set with wide spacing, a pen stroke across the
 * MRZ. Prints per condition: MRZ located, check-valid, check-valid but wrong (by field), wrong names among
 * check-valid readings, why no MRZ was found, and the document stage's wall and CPU time (p50/p95; wall time
 * is disturbed by other load on the machine, CPU time less so). Needs no evaluation data.
 *
 *   npm run bench:documents-synthetic -- [--count N] [--only CONDITION] [--dump FILE]
 */
import { writeFileSync } from 'node:fs';
import { PaddleDocumentEngine } from '../src/adapters/document/document-engine.js';
import type { DocumentReading } from '../src/adapters/document/document.types.js';
import { parseMrzLines } from '../src/domain/mrz.js';
import type { MrzReading } from '../src/domain/mrz.types.js';
import { CONDITIONS, SYNTHETIC_HOLDERS, syntheticDocument, type Condition } from '../src/testing/synthetic-documents.js';
import { loadRgbFromBuffer } from './lib/load-rgb.js';
import { percentile } from './lib/verification-metrics.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const count = Math.min(SYNTHETIC_HOLDERS.length, Number(option('--count') ?? SYNTHETIC_HOLDERS.length));
const only = option('--only');
const conditions = CONDITIONS.filter((c) => !only || c === only);

const FIELDS = ['format', 'documentCode', 'issuingState', 'documentNumber', 'birthDate', 'sex', 'expirationDate', 'nationality', 'surname', 'givenNames'] as const;
type Field = (typeof FIELDS)[number];

/** Fields of a check-valid reading that differ from what was printed. */
function wrongFields(read: MrzReading, truth: MrzReading): Field[] {
  return FIELDS.filter((f) => (read[f] ?? null) !== (truth[f] ?? null));
}

interface Row {
  located: number;
  valid: number;
  validWrong: number;
  wrongName: number;
  refused: number;
  byField: Map<Field, number>;
  reasons: Map<string, number>;
  wallMs: number[];
  cpuMs: number[];
  n: number;
}

const engine = new PaddleDocumentEngine();
await engine.load();
const dump: unknown[] = [];
console.log(`${count} holders per condition, read without a hint`);
console.log('condition | n | MRZ located | check-valid | check-valid but wrong (fields) | wrong name / check-valid | no-MRZ reasons | wall p50/p95 ms | CPU p50/p95 ms');
for (const condition of conditions) {
  const row: Row = { located: 0, valid: 0, validWrong: 0, wrongName: 0, refused: 0, byField: new Map(), reasons: new Map(), wallMs: [], cpuMs: [], n: 0 };
  let readable = true;
  for (let i = 0; i < count; i++) {
    const doc = await syntheticDocument(condition as Condition, SYNTHETIC_HOLDERS[i]!, 1000 + i);
    readable = doc.readable;
    const image = await loadRgbFromBuffer(doc.image);
    const truth = parseMrzLines('TD1', doc.mrz)!;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const reading: DocumentReading = await engine.read(image);
    row.wallMs.push(performance.now() - t0);
    const used = process.cpuUsage(cpu);
    row.cpuMs.push((used.user + used.system) / 1000);
    row.n++;
    const mrz = reading.mrz;
    if (mrz) row.located++;
    if (!mrz?.valid) {
      row.refused++;
      const reason = reading.mrzProblem ?? (mrz ? 'MRZ_NOT_VALID' : 'none given');
      row.reasons.set(reason, (row.reasons.get(reason) ?? 0) + 1);
    }
    const wrong = mrz?.valid ? wrongFields(mrz, truth) : [];
    if (mrz?.valid) row.valid++;
    if (wrong.length > 0) row.validWrong++;
    if (wrong.includes('surname') || wrong.includes('givenNames')) row.wrongName++;
    for (const f of wrong) row.byField.set(f, (row.byField.get(f) ?? 0) + 1);
    dump.push({ condition, holder: doc.holder.surname, truth: doc.mrz, read: mrz?.lines ?? null, valid: mrz?.valid ?? false, wrong, problem: reading.mrzProblem ?? null, confidence: mrz?.fieldConfidence ?? null });
  }
  const fields = [...row.byField].map(([f, k]) => `${f} ${k}`).join(', ');
  const reasons = [...row.reasons].map(([r, k]) => `${r} ${k}`).join(', ');
  const ms = (xs: number[]): string => `${Math.round(percentile(xs, 0.5))}/${Math.round(percentile(xs, 0.95))}`;
  const name = readable ? condition : `${condition} (unreadable: refused ${row.refused}/${row.n})`;
  console.log(
    `${name} | ${row.n} | ${row.located} | ${row.valid} | ${row.validWrong}${fields ? ` (${fields})` : ''} | ${row.wrongName}/${row.valid} | ${reasons || '-'} | ${ms(row.wallMs)} | ${ms(row.cpuMs)}`,
  );
}
const out = option('--dump');
if (out) writeFileSync(out, JSON.stringify(dump, null, 1));
await engine.dispose();
