/**
 * Document OCR benchmark over the specimen set: name-token read rate, MRZ character accuracy, MRZ check
 * digits, latency and memory. Prints numbers; asserts nothing.
 *
 *   IDENTITY_CHECK_DATA=../shared/data node --import tsx bench/documents.ts [--threads N] [--budget COLUMNS] [--only PREFIX]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { parse as parseMrz } from 'mrz';
import { PaddleDocumentEngine } from '../src/adapters/document/document-engine.js';
import type { MrzReading } from '../src/adapters/document/document.types.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';

interface Truth {
  readonly file: string;
  readonly surname: string;
  readonly given: string;
  readonly vizSurname?: string;
  readonly nameSource: string;
  readonly mrz: readonly string[];
}

type MrzExtractor = (lines: readonly string[]) => MrzReading | null;

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(root, process.env.IDENTITY_CHECK_DATA ?? '../shared/data');
const specimens = join(dataDir, 'documents', 'specimens');
if (!existsSync(join(specimens, 'ground_truth.json'))) {
  console.log(`no specimens at ${specimens} (set IDENTITY_CHECK_DATA); nothing to measure`);
  process.exit(0);
}

/** Accent-folded upper-case tokens of letters and digits. */
function tokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((t) => t.length > 0);
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** 1 - edit distance / length against the best-matching OCR line (spaces removed). */
function lineAccuracy(truth: string, lines: readonly string[]): number {
  let best = 0;
  for (const line of lines) {
    const compact = line.replace(/\s+/g, '').toUpperCase();
    best = Math.max(best, 1 - levenshtein(truth, compact) / truth.length);
  }
  return best;
}

/** Used only until src/domain/mrz.ts exists: every check digit valid on the last 2-3 MRZ-like lines. */
function fallbackMrzValid(lines: readonly string[]): boolean {
  const candidates = lines.map((l) => l.replace(/\s+/g, '').toUpperCase()).filter((l) => /^[A-Z0-9<]{28,46}$/.test(l) && l.includes('<'));
  for (const n of [3, 2]) {
    for (let i = candidates.length - n; i >= 0; i--) {
      try {
        const result = parseMrz(candidates.slice(i, i + n));
        const checks = result.details.filter((d) => d.field?.endsWith('CheckDigit'));
        if (checks.length > 0 && checks.every((d) => d.valid)) return true;
      } catch {
        // not an MRZ layout; try the next window
      }
    }
  }
  return false;
}

async function loadExtractor(): Promise<{ name: string; fn: MrzExtractor | null }> {
  const path = join(root, 'src', 'domain', 'mrz.ts');
  if (!existsSync(path)) return { name: 'fallback (mrz package, check digits only)', fn: null };
  const mod: { extractMrz?: MrzExtractor } = await import(pathToFileURL(path).href);
  return mod.extractMrz ? { name: 'src/domain/mrz.ts extractMrz', fn: mod.extractMrz } : { name: 'fallback', fn: null };
}

async function decode(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const truths: Truth[] = JSON.parse(readFileSync(join(specimens, 'ground_truth.json'), 'utf8'));
const only = option('--only');
const selected = truths.filter((t) => !only || t.file.startsWith(only));
const threads = Number(option('--threads') ?? 1);
const extractor = await loadExtractor();

const columnBudget = Number(option('--budget') ?? Infinity);
const engine = new PaddleDocumentEngine({ threads, columnBudget });
const loadStart = performance.now();
await engine.load();
const loadMs = performance.now() - loadStart;

let tokensFound = 0;
let tokensTotal = 0;
let mrzAccSum = 0;
let mrzLines = 0;
let mrzValid = 0;
let mrzDocs = 0;
const times: number[] = [];
const failures: string[] = [];
for (const truth of selected) {
  const image = await decode(join(specimens, truth.file));
  const start = performance.now();
  const reading = await engine.read(image);
  const ms = performance.now() - start;
  times.push(ms);
  const texts = reading.lines.map((l) => l.text);
  const seen = new Set(texts.flatMap(tokens));
  const wanted = tokens(`${truth.vizSurname ?? truth.surname} ${truth.given}`);
  const found = wanted.filter((t) => seen.has(t));
  tokensFound += found.length;
  tokensTotal += wanted.length;
  const accs = truth.mrz.map((line) => lineAccuracy(line, texts));
  mrzAccSum += accs.reduce((a, b) => a + b, 0);
  mrzLines += accs.length;
  const valid = truth.mrz.length === 0 ? false : extractor.fn ? extractor.fn(texts)?.valid === true : fallbackMrzValid(texts);
  if (truth.mrz.length > 0) mrzDocs++;
  if (valid) mrzValid++;
  const acc = accs.length ? accs.reduce((a, b) => a + b, 0) / accs.length : NaN;
  const missing = wanted.filter((t) => !seen.has(t));
  console.log(
    `${truth.file.padEnd(28)} ${String(image.width).padStart(4)}x${String(image.height).padEnd(4)} ` +
      `${ms.toFixed(0).padStart(5)} ms  lines ${String(texts.length).padStart(3)}  name ${found.length}/${wanted.length}` +
      `  mrz acc ${(acc * 100).toFixed(1).padStart(5)}%  check ${valid ? 'ok ' : 'BAD'}` +
      (missing.length ? `  missing ${missing.join(',')}` : ''),
  );
  if (missing.length > 0 || (truth.mrz.length > 0 && acc < 0.95)) failures.push(truth.file);
}
await engine.dispose();

const rssMb = process.resourceUsage().maxRSS / 1024;
console.log('');
console.log(`documents            ${selected.length}  (engine threads ${threads}, column budget ${columnBudget}, MRZ checked with ${extractor.name})`);
console.log(`name tokens read     ${tokensFound}/${tokensTotal} = ${((100 * tokensFound) / Math.max(1, tokensTotal)).toFixed(1)}%`);
console.log(`MRZ char accuracy    ${((100 * mrzAccSum) / Math.max(1, mrzLines)).toFixed(1)}% over ${mrzLines} lines`);
console.log(`MRZ all checks valid ${mrzValid}/${mrzDocs}`);
console.log(`ms/doc               p50 ${percentile(times, 50).toFixed(0)}  p95 ${percentile(times, 95).toFixed(0)}  mean ${(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)).toFixed(0)}`);
console.log(`model load + warm-up ${loadMs.toFixed(0)} ms`);
console.log(`peak RSS             ${rssMb.toFixed(0)} MB`);
console.log(`failing (name token missing or MRZ < 95%): ${failures.length ? failures.join(' ') : 'none'}`);
