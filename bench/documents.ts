/**
 * Document benchmark: every figure, per document and overall, on one set. Prints numbers; asserts nothing.
 * Each document is read twice with the same engine: without a hint (every line read) and with the true holder
 * name as the typed-name hint (the common, verified case; the engine may stop once a check-valid MRZ
 * confirms it).
 *
 *   npm run bench:documents -- [--set specimens|dev|test] [--only PREFIX] [--threads N] [--budget COLUMNS]
 *                              [--max-side PX] [--dump FILE] [--rereads] [--stages]
 *
 * Besides wall time, each reading's CPU time (process.cpuUsage, every thread) is printed: wall time on a shared
 * machine is noisy. `--stages` also prints where each reading's CPU went (bench/lib/document-stages.ts).
 *
 * Sets: `specimens` (default; the 49 tuning specimens in IDENTITY_CHECK_DATA, default ../shared/data) and the
 * real-document set of bench/real-documents/ (`dev` to tune on, `test` never looked at while tuning), rebuilt
 * by `npm run make:real-documents` into IDENTITY_CHECK_REAL_DOCUMENTS (default ../real-documents).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PaddleDocumentEngine } from '../src/adapters/document/document-engine.js';
import { DEFAULT_DETECTOR_OPTIONS } from '../src/adapters/document/text-detector.js';
import type { DocumentReading } from '../src/adapters/document/document.types.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { extractMrz, mrzNames } from '../src/domain/mrz.js';
import { DEFAULT_NAME_POLICY, matchName, type DocumentNames } from '../src/domain/name-match.js';
import { documentNames } from '../src/adapters/document/index.js';
import { crossCheckMrz, readPrintedFields, type FieldCrossCheck } from '../src/domain/printed-fields.js';
import { foldIcao, foldPlain, nameVariants } from '../src/domain/text-normalise.js';
import { impostors, trueForms } from '../src/testing/name-tables.js';
import { evaluationDataPath, REAL_DOCUMENTS_MANIFEST, realDocumentsPath } from '../src/testing/evaluation-data.js';
import { parseRealDocumentManifest, printedMrzValid as printedValidByPackage, realDocumentFile } from '../src/testing/real-documents.js';
import { levenshtein } from '../src/domain/edit-distance.js';
import { percentile } from './lib/verification-metrics.js';
import { installStageProfiler, takeStageProfile, type StageProfile } from './lib/document-stages.js';

interface Truth {
  readonly file: string;
  readonly surname: string;
  readonly given: string;
  readonly vizSurname?: string;
  readonly nameSource: string;
  readonly mrz: readonly string[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const set = option('--set') ?? 'specimens';
if (!['specimens', 'dev', 'test'].includes(set)) {
  console.log(`--set must be specimens, dev or test (got ${set})`);
  process.exit(2);
}

/** Both folds of every word: "MÄNNIK" -> MAENNIK and MANNIK. */
function words(text: string): string[] {
  return [foldIcao(text), foldPlain(text)].flatMap((t) => t.replace(/'/g, '').split(/[^A-Z0-9]+/)).filter((t) => t.length > 0);
}

/** The folded words of a name, sorted: equal keys spell the same name in any order. */
function nameKey(name: string): string {
  return foldIcao(name).split(/[^A-Z]+/).filter(Boolean).sort().join(' ');
}

/** 1 - edit distance / length against the best-matching OCR line (spaces removed). */
function lineAccuracy(truth: string, lines: readonly string[]): number {
  let best = 0;
  for (const line of lines) best = Math.max(best, 1 - levenshtein(truth, line.replace(/\s+/g, '').toUpperCase()) / truth.length);
  return best;
}

async function decode(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

const pct = (a: number, b: number): string => `${a}/${b} = ${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
const namesOf = (reading: DocumentReading, typed: string): DocumentNames => documentNames(reading, typed, DEFAULT_NAME_POLICY);

/** The printed MRZ is itself valid: by the `mrz` package (strict ICAO, as the issue counted) and by extractMrz. */
function printedMrzValid(truth: Truth): { strict: boolean; ours: boolean } {
  if (truth.mrz.length === 0) return { strict: false, ours: false };
  return { strict: printedValidByPackage(truth.mrz), ours: extractMrz(truth.mrz)?.valid === true };
}

/**
 * Where ground_truth.json misquotes the image, checked by eye at full size. The MRZ figures use the corrected
 * lines; the summary says how many readings each erratum changes.
 */
const ERRATA: Readonly<Record<string, { readonly mrz: readonly string[]; readonly why: string }>> = {
  'pe_visa-polx.jpg': {
    mrz: ['VCPOLKOWALSKA<KWIATKOWSKA<<BEATA<<<<', 'PL00000008POL6002084F0505011<<<<<<<0'],
    why: 'the image prints VCPOL (a Schengen type-C visa); ground_truth.json has V<POL',
  },
};
/** The set's folder and its truths (file names relative to the folder), or null with the reason it is absent. */
function loadSet(): { dir: string; truths: Truth[]; shipped: Truth[] } | string {
  if (set === 'specimens') {
    const dir = join(evaluationDataPath(), 'documents', 'specimens');
    if (!existsSync(join(dir, 'ground_truth.json'))) return `no specimens at ${dir} (set IDENTITY_CHECK_DATA)`;
    const shipped: Truth[] = JSON.parse(readFileSync(join(dir, 'ground_truth.json'), 'utf8'));
    return { dir, shipped, truths: shipped.map((t) => (ERRATA[t.file] ? { ...t, mrz: ERRATA[t.file]!.mrz } : t)) };
  }
  const dir = realDocumentsPath(set);
  const docs = parseRealDocumentManifest(readFileSync(REAL_DOCUMENTS_MANIFEST, 'utf8')).filter((d) => d.split === set);
  const absent = docs.filter((d) => !existsSync(join(dir, realDocumentFile(d))));
  if (absent.length === docs.length) return `no ${set} images at ${dir} (run npm run make:real-documents; IDENTITY_CHECK_REAL_DOCUMENTS)`;
  if (absent.length > 0) console.log(`${absent.length} of ${docs.length} ${set} images are missing from ${dir} and are left out (npm run make:real-documents says why)`);
  const truths: Truth[] = docs
    .filter((d) => !absent.includes(d))
    .map((d) => ({ file: realDocumentFile(d), surname: d.surname, given: d.given_names, nameSource: d.side === 'back' ? 'MRZ only' : 'VIZ', mrz: d.mrz }));
  return { dir, truths, shipped: truths };
}
const loaded = loadSet();
if (typeof loaded === 'string') {
  console.log(`${loaded}; nothing to measure`);
  process.exit(0);
}
const { dir: setDir, truths } = loaded;
const asShipped = new Map(loaded.shipped.map((t) => [t.file, t.mrz.join('\n')]));
const only = option('--only');
const selected = truths.filter((t) => !only || t.file.startsWith(only));
const threads = Number(option('--threads') ?? 1);
const showRereads = args.includes('--rereads');
const showStages = args.includes('--stages');
if (showStages) installStageProfiler();
const columnBudget = Number(option('--budget') ?? Infinity);
const maxSide = Number(option('--max-side') ?? DEFAULT_DETECTOR_OPTIONS.maxSide);
const engine = new PaddleDocumentEngine({ threads, columnBudget, detector: { ...DEFAULT_DETECTOR_OPTIONS, maxSide } });
const loadStart = performance.now();
await engine.load();
const loadMs = performance.now() - loadStart;

const totals = {
  strictDocs: 0, strictValid: 0, oursDocs: 0, oursValid: 0, mrzDocs: 0, located: 0, validAny: 0, wrongAsShipped: 0, wrongCovered: 0, wrongUncovered: 0, wrongUncoveredIllegible: 0,
  ocrAccSum: 0, parsedAccSum: 0, mrzLines: 0,
  nameBoth: 0, nameBothLoose: 0,
  trueHit: 0, trueTotal: 0, impHit: 0, impTotal: 0,
  hintStopped: 0, hintDisagree: 0, nameIllegible: 0,
  printed: { surname: 0, givenNames: 0, birthDate: 0, expiryDate: 0, documentNumber: 0 },
};
const cross = new Map<string, { agree: number; disagree: number; absent: number }>();
const timesFull: number[] = [];
const timesHint: number[] = [];
const cpuFull: number[] = [];
const cpuHint: number[] = [];
const stageTotals = { full: new Map<string, number>(), hint: new Map<string, number>() };
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Stages whose cost with everything they call is printed too (the re-reads and searches). */
const FALLBACKS = ['orientation (cls + settling)', 'recognise lines', 'squeezed re-reads', 'tight re-read', 'block flattening', 'long-row MRZ search', 'finish MRZ (font, glyphs)'];
/** One reading's stages, largest first, and their sum into `totals`. */
function stageLine(p: StageProfile, totals: Map<string, number>): string {
  const parts = [...p.self].sort((a, b) => b[1].ms - a[1].ms).filter(([, v]) => v.ms >= 1);
  for (const [k, v] of p.self) totals.set(k, (totals.get(k) ?? 0) + v.ms);
  totals.set('rec columns', (totals.get('rec columns') ?? 0) + p.recColumns);
  const fallbacks = FALLBACKS.filter((k) => (p.inclusive.get(k) ?? 0) >= 1).map((k) => `${k} ${p.inclusive.get(k)!.toFixed(0)}${p.valid.has(k) ? ' (valid)' : ''}`);
  for (const k of FALLBACKS) totals.set(`${k} (inclusive)`, (totals.get(`${k} (inclusive)`) ?? 0) + (p.inclusive.get(k) ?? 0));
  return `${parts.map(([k, v]) => `${k} ${v.ms.toFixed(0)}${v.calls > 1 ? `/${v.calls}` : ''}`).join(', ')}; rec columns ${p.recColumns}` +
    (fallbacks.length ? `\n    inclusive: ${fallbacks.join(', ')}` : '');
}
const misses: string[] = [];
const dump: unknown[] = [];

console.log('file                          size      full ms  hint ms  cpu full  cpu hint  stop  lines  mrz  checks  ocr acc  name conf  name S/G  true  imp  printed fields / cross-check');
for (const truth of selected) {
  const image = await decode(join(setDir, truth.file));
  if (showStages) takeStageProfile();
  const c0 = cpuNow();
  const t0 = performance.now();
  const full = await engine.read(image);
  const t1 = performance.now();
  const c1 = cpuNow();
  const fullStages = showStages ? takeStageProfile() : null;
  const hint = `${truth.given} ${truth.surname}`;
  const hinted = await engine.read(image, { typedName: hint });
  const t2 = performance.now();
  const c2 = cpuNow();
  const hintStages = showStages ? takeStageProfile() : null;
  timesFull.push(t1 - t0);
  timesHint.push(t2 - t1);
  cpuFull.push(c1 - c0);
  cpuHint.push(c2 - c1);
  const texts = full.lines.map((l) => l.text);

  // MRZ: located, every check digit valid, character accuracy, and never a check-valid reading that is wrong.
  const printedValid = printedMrzValid(truth);
  const mrz = full.mrz;
  const valid = mrz?.valid === true;
  const exact = mrz !== null && mrz.lines.join('\n') === truth.mrz.join('\n');
  if (truth.mrz.length > 0) totals.mrzDocs++;
  if (truth.mrz.length > 0 && mrz) totals.located++;
  if (valid) totals.validAny++;
  if (valid && mrz.nameIllegible) (totals.nameIllegible++, misses.push(`${truth.file}: check-valid MRZ with its name line reported illegible`));
  if (valid && mrz.lines.join('\n') !== asShipped.get(truth.file)) totals.wrongAsShipped++;
  if (valid && !exact) {
    // Which fields differ: those a check digit covers (numbers, dates) or only the name and the codes.
    const want = extractMrz(truth.mrz);
    const covered = !want || want.documentNumber !== mrz.documentNumber || want.birthDate !== mrz.birthDate || want.expirationDate !== mrz.expirationDate;
    if (covered) totals.wrongCovered++;
    else totals.wrongUncovered++;
    if (!covered && mrz.nameIllegible) totals.wrongUncoveredIllegible++;
    misses.push(`${truth.file}: check-valid MRZ differs from ground truth (${covered ? 'in a check-digit-covered field' : 'in the name or a state/document code only'}): ${mrz.lines.join(' / ')}`);
  }
  if (printedValid.strict) (totals.strictDocs++, valid && totals.strictValid++);
  if (printedValid.ours) (totals.oursDocs++, valid && totals.oursValid++);
  const ocrAcc = truth.mrz.map((line) => lineAccuracy(line, texts));
  const parsedAcc = truth.mrz.map((line, i) => (mrz?.lines[i] ? Math.max(0, 1 - levenshtein(line, mrz.lines[i]!) / line.length) : 0));
  totals.ocrAccSum += ocrAcc.reduce((a, b) => a + b, 0);
  totals.parsedAccSum += parsedAcc.reduce((a, b) => a + b, 0);
  totals.mrzLines += truth.mrz.length;

  // Holder name recovered: surname and given names, from the MRZ fields and/or the printed fields (strict),
  // or as words anywhere on the page (loose).
  const printed = readPrintedFields(full.lines.map((l) => ({ text: l.text, box: l.box })));
  const mrzN = mrz ? mrzNames(mrz) : null;
  // Same name when any spelling of the read one (ICAO, plain, accents as umlauts: nameVariants) equals the truth's.
  const letters = (t: string): string[] => nameVariants(t).map((v) => v.replace(/[^A-Z]/g, ''));
  const same = (a: string | null | undefined, b: string): boolean =>
    !!a && (words(a).join(' ') === words(b).join(' ') || letters(a).some((v) => letters(b).includes(v)));
  const surnameOk = same(mrzN?.surname, truth.surname) || same(printed.surname, truth.vizSurname ?? truth.surname) || same(printed.surname, truth.surname);
  const givenOk = same(mrzN?.givenNames, truth.given) || same(printed.givenNames, truth.given) || (mrzN?.truncated === true && !!mrzN.givenNames && foldIcao(truth.given).replace(/[^A-Z]/g, '').startsWith(mrzN.givenNames.replace(/[^A-Z]/g, '')));
  if (surnameOk && givenOk) totals.nameBoth++;
  const seen = new Set([...texts.flatMap(words), ...(mrzN ? words(`${mrzN.surname} ${mrzN.givenNames}`) : [])]);
  const looseOk = (s: string): boolean => words(s).every((w) => seen.has(w)) || [foldIcao(s), foldPlain(s)].some((f) => f.split(/[^A-Z]+/).filter(Boolean).every((w) => seen.has(w)));
  if (looseOk(truth.vizSurname ?? truth.surname) && looseOk(truth.given)) totals.nameBothLoose++;

  // Name decision end to end on the OCR output.
  let trueHit = 0;
  const forms = trueForms(truth);
  for (const typed of forms) if (matchName(typed, namesOf(full, typed)).match) trueHit++;
  else misses.push(`${truth.file}: true name "${typed}" -> ${matchName(typed, namesOf(full, typed)).rule}`);
  let impHit = 0;
  // Another document may share the holder's whole name (two specimens named CARMEN): that pairing is the same
  // name, not an impostor.
  const own = nameKey(`${truth.surname} ${truth.given}`);
  const imps = impostors(truth, truths).filter((typed) => nameKey(typed) !== own);
  for (const typed of imps) if (matchName(typed, namesOf(full, typed)).match) (impHit++, misses.push(`${truth.file}: impostor "${typed}" accepted (${matchName(typed, namesOf(full, typed)).rule})`));
  if (showRereads) {
    // What re-reading the MRZ name under each typed form costs (mrz-name-evidence.ts), for the true forms, the
    // impostors and a one-letter near miss of the surname: the evidence behind maxRereadLoss.
    const near = (w: string): string => w.slice(0, w.length >> 1) + (w.charAt(w.length >> 1) === 'X' ? 'J' : 'X') + w.slice((w.length >> 1) + 1);
    const nearMiss = truth.surname.length >= 5 ? [`${truth.given} ${near(truth.surname)}`] : [];
    for (const [kind, list] of [['true', forms], ['impostor', imps], ['near-miss', nearMiss]] as const) {
      for (const typed of list) {
        const names = namesOf(full, typed);
        const r = names.mrzReread;
        console.log(`  reread ${kind.padEnd(9)} ${truth.file} "${typed}" -> ${matchName(typed, names).rule}${r ? ` loss ${r.loss.toFixed(2)} ${r.read} -> ${r.spelled}` : ''}`);
      }
    }
  }
  totals.trueHit += trueHit;
  totals.trueTotal += forms.length;
  totals.impHit += impHit;
  totals.impTotal += imps.length;

  // Stopping early must decide as the full reading does.
  if (hinted.stoppedEarly) totals.hintStopped++;
  if (matchName(hint, namesOf(hinted, hint)).match !== matchName(hint, namesOf(full, hint)).match) {
    totals.hintDisagree++;
    misses.push(`${truth.file}: hinted reading decides differently from the full reading`);
  }

  // Printed fields and the MRZ cross-check.
  for (const key of Object.keys(totals.printed) as (keyof typeof totals.printed)[]) if (printed[key] !== null) totals.printed[key]++;
  const checks: FieldCrossCheck[] = mrz ? crossCheckMrz(mrz, printed, { truncated: mrzN?.truncated ?? false, lines: full.lines }) : [];
  for (const c of checks) {
    const row = cross.get(c.field) ?? { agree: 0, disagree: 0, absent: 0 };
    row[c.status]++;
    cross.set(c.field, row);
  }

  const acc = ocrAcc.length ? (100 * ocrAcc.reduce((a, b) => a + b, 0)) / ocrAcc.length : NaN;
  const shortStatus = checks.map((c) => (c.status === 'agree' ? '+' : c.status === 'disagree' ? 'x' : '.')).join('');
  const printedShort = [printed.surname ? 'S' : '-', printed.givenNames ? 'G' : '-', printed.birthDate ? 'B' : '-', printed.expiryDate ? 'E' : '-', printed.documentNumber ? 'N' : '-'].join('');
  console.log(
    `${truth.file.padEnd(29)} ${`${image.width}x${image.height}`.padEnd(9)} ${(t1 - t0).toFixed(0).padStart(7)} ${(t2 - t1).toFixed(0).padStart(8)} ${(c1 - c0).toFixed(0).padStart(9)} ${(c2 - c1).toFixed(0).padStart(9)}  ${hinted.stoppedEarly ? 'yes ' : 'no  '} ${String(texts.length).padStart(5)}  ${mrz ? mrz.format.padEnd(4) : '-   '} ${valid ? (exact ? 'valid ' : 'WRONG ') : mrz ? 'bad   ' : '-     '} ${Number.isNaN(acc) ? '    -  ' : `${acc.toFixed(1).padStart(6)}%`}  ${mrz?.fieldConfidence?.names !== undefined ? mrz.fieldConfidence.names.toFixed(3) : '  -  '}${mrz?.nameIllegible ? '*' : ' '}    ${surnameOk ? 'S' : '-'}${givenOk ? 'G' : '-'}        ${trueHit}/${forms.length}  ${impHit}/${imps.length}  ${printedShort} ${shortStatus}` +
      `${printedValid.strict ? '' : printedValid.ours ? '  (printed MRZ: check digits valid by ICAO rules, not by the mrz package)' : truth.mrz.length ? '  (printed MRZ itself invalid)' : '  (no MRZ)'}`,
  );
  if (fullStages && hintStages) {
    console.log(`  stages, no hint: ${stageLine(fullStages, stageTotals.full)}`);
    console.log(`  stages, hinted:  ${stageLine(hintStages, stageTotals.hint)}`);
  }
  if (option('--dump')) dump.push({ file: truth.file, full, hinted: { stoppedEarly: hinted.stoppedEarly, lines: hinted.lines.map((l) => l.text) }, printed, checks });
}
await engine.dispose();
if (option('--dump')) writeFileSync(option('--dump')!, JSON.stringify(dump, null, 1));

const rssMb = process.resourceUsage().maxRSS / 1024;
const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const n = selected.length;
console.log('');
console.log(`set                                ${set}${set === 'specimens' ? '' : ` (bench/real-documents/manifest.jsonl, images in ${setDir})`}`);
console.log(`documents                          ${n}  (engine threads ${threads}, column budget ${columnBudget}, detector max side ${maxSide})`);
console.log(`MRZ located                        ${pct(totals.located, totals.mrzDocs)} of documents with an MRZ`);
console.log(`MRZ all check digits valid         ${pct(totals.strictValid, totals.strictDocs)} of documents whose printed MRZ is valid by the mrz package (strict ICAO)`);
console.log(`                                   ${pct(totals.oursValid, totals.oursDocs)} of documents whose printed MRZ is valid by extractMrz (visas by ICAO rules)`);
console.log(`check-valid MRZ != ground truth    ${totals.wrongCovered + totals.wrongUncovered} of ${totals.validAny} check-valid readings (target 0): ${totals.wrongCovered} in a check-digit-covered field (number, dates), ${totals.wrongUncovered} in the name or state/document codes only (no check digit covers them)`);
console.log(`                                   of those ${totals.wrongUncovered}, names reported illegible (no name claimed, only the zone's lines differ): ${totals.wrongUncoveredIllegible}`);
for (const [file, e] of Object.entries(ERRATA)) if (selected.some((t) => t.file === file)) console.log(`                                   ground-truth erratum, ${file}: ${e.why}`);
if (set === 'specimens' && Object.keys(ERRATA).length > 0) console.log(`                                   against ground_truth.json as shipped: ${totals.wrongAsShipped} of ${totals.validAny}`);
console.log(`                                   name line reported illegible (names dropped, not invented): ${totals.nameIllegible} of ${totals.validAny}`);
console.log(`MRZ char accuracy                  ${((100 * totals.ocrAccSum) / Math.max(1, totals.mrzLines)).toFixed(1)}% best OCR line, ${((100 * totals.parsedAccSum) / Math.max(1, totals.mrzLines)).toFixed(1)}% parsed MRZ lines (over ${totals.mrzLines} lines)`);
console.log(`holder name, surname + given       ${pct(totals.nameBoth, n)} from MRZ fields or printed fields; ${pct(totals.nameBothLoose, n)} as words anywhere on the page`);
console.log(`name decision, true holder         ${pct(totals.trueHit, totals.trueTotal)} of typed forms match (target >= 97%)`);
console.log(`name decision, impostors           ${pct(totals.impHit, totals.impTotal)} match (target 0%)`);
console.log(`hinted reads stopped early         ${pct(totals.hintStopped, n)}; decided differently from the full reading: ${totals.hintDisagree}`);
console.log(`printed fields read                ${Object.entries(totals.printed).map(([k, v]) => `${k} ${v}`).join(', ')} (of ${n})`);
console.log(`MRZ vs printed cross-check         ${[...cross].map(([f, r]) => `${f} ${r.agree} agree / ${r.disagree} disagree / ${r.absent} absent`).join('; ')}`);
console.log(`document stage ms, no hint         p50 ${percentile(timesFull, 0.5).toFixed(0)}  p95 ${percentile(timesFull, 0.95).toFixed(0)}  mean ${mean(timesFull).toFixed(0)}`);
console.log(`document stage ms, true-name hint  p50 ${percentile(timesHint, 0.5).toFixed(0)}  p95 ${percentile(timesHint, 0.95).toFixed(0)}  mean ${mean(timesHint).toFixed(0)}`);
console.log(`document stage CPU ms, no hint     p50 ${percentile(cpuFull, 0.5).toFixed(0)}  p95 ${percentile(cpuFull, 0.95).toFixed(0)}  max ${Math.max(...cpuFull).toFixed(0)}  mean ${mean(cpuFull).toFixed(0)}`);
console.log(`document stage CPU ms, hinted      p50 ${percentile(cpuHint, 0.5).toFixed(0)}  p95 ${percentile(cpuHint, 0.95).toFixed(0)}  max ${Math.max(...cpuHint).toFixed(0)}  mean ${mean(cpuHint).toFixed(0)}`);
if (showStages) {
  for (const [kind, totals] of Object.entries(stageTotals)) {
    const columns = totals.get('rec columns') ?? 0;
    totals.delete('rec columns');
    const perDoc = (entries: [string, number][]): string => entries.sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / Math.max(1, n)).toFixed(0)}`).join(', ');
    const all = [...totals];
    const self = all.filter(([k]) => !k.endsWith(' (inclusive)'));
    const inclusive = all.filter(([k]) => k.endsWith(' (inclusive)')).map(([k, v]): [string, number] => [k.replace(' (inclusive)', ''), v]);
    console.log(`CPU ms per document by stage, ${kind === 'full' ? 'no hint' : 'hinted '} ${perDoc(self)}; rec columns ${(columns / Math.max(1, n)).toFixed(0)}`);
    console.log(`  with what they call:             ${perDoc(inclusive)}`);
  }
}
console.log(`model load + warm-up               ${loadMs.toFixed(0)} ms`);
console.log(`peak RSS (this process)            ${rssMb.toFixed(0)} MB`);
console.log(`load average at end                ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (misses.length) console.log(`\nmisses:\n  ${misses.join('\n  ')}`);
