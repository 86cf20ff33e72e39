/**
 * How well MRZs fit the OCR-B glyphs (`details.document.mrz_font`), for the DOCUMENT_MRZ_FONT rule: the fit and
 * the character pitch of every check-valid MRZ read from the specimens (OCR-B, real print; tuning data) and from
 * synthetic cards whose MRZ is set in OCR-B, DejaVu Sans Mono or Liberation Mono (Courier New's metrics), each
 * photographed at several widths. Prints numbers, asserts nothing.
 *
 *   npm run bench:mrz-font -- [--cards 12] [--no-specimens]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { PaddleDocumentEngine } from '../src/adapters/document/document-engine.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { DEFAULT_DOCUMENT_POLICY, judgeMrzFont } from '../src/domain/document-checks.js';
import type { MrzReading } from '../src/domain/mrz.types.js';
import { evaluationDataPath } from '../src/testing/evaluation-data.js';
import type { MrzFont } from '../src/testing/mrz-font.js';
import { syntheticIdPhoto, type CardHolder } from '../src/testing/synthetic-id.js';

const { values } = parseArgs({ options: { cards: { type: 'string', default: '12' }, 'no-specimens': { type: 'boolean', default: false } } });
const engine = new PaddleDocumentEngine();
await engine.load();

async function rgb(input: Buffer | string, width?: number): Promise<RgbImage> {
  let pipeline = sharp(input).rotate().removeAlpha().toColourspace('srgb');
  if (width !== undefined) pipeline = pipeline.resize({ width });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

interface Row {
  readonly set: string;
  readonly valid: number;
  readonly fits: number[];
  readonly margins: number[];
  readonly pitches: number[];
  readonly flagged: number;
  readonly unjudged: number;
}

function summary(set: string, readings: readonly (MrzReading | null)[]): Row {
  const valid = readings.filter((m): m is MrzReading => m?.valid === true);
  const fonts = valid.map((m) => m.font).filter((f) => f !== undefined);
  const verdicts = valid.map((m) => judgeMrzFont(m.font ?? null, DEFAULT_DOCUMENT_POLICY));
  return {
    set,
    valid: valid.length,
    fits: fonts.map((f) => f.ocrBFit),
    margins: fonts.map((f) => f.otherFit - f.ocrBFit),
    pitches: fonts.map((f) => f.pitchPx),
    flagged: verdicts.filter((v) => v === 'not_ocr_b').length,
    unjudged: verdicts.filter((v) => v === 'unjudged').length,
  };
}

const range = (xs: readonly number[], digits = 2): string =>
  xs.length === 0 ? '-' : `${Math.min(...xs).toFixed(digits)}..${Math.max(...xs).toFixed(digits)} (median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(digits)})`;

const rows: Row[] = [];
const specimens = join(evaluationDataPath(), 'documents', 'specimens');
if (!values['no-specimens'] && existsSync(join(specimens, 'ground_truth.json'))) {
  const truths = JSON.parse(readFileSync(join(specimens, 'ground_truth.json'), 'utf8')) as { file: string }[];
  const readings: (MrzReading | null)[] = [];
  for (const t of truths) readings.push((await engine.read(await rgb(join(specimens, t.file)))).mrz);
  rows.push(summary('specimens (tuning)', readings));
} else {
  console.log(`no specimens at ${specimens} (set IDENTITY_CHECK_DATA): synthetic cards only`);
}

const SURNAMES = ['MABROUK', 'WINTERHALTER', 'NOWAK', 'HAMMOND', 'OKONKWO', 'VILLANUEVA', 'MWANGI', 'LINDQVIST', 'DUBOIS', 'KOWALSKA', 'ABERNATHY', 'ZIMMERMANN'];
const GIVEN = ['AMINA', 'WOLFGANG', 'MARTA', 'VIVIAN', 'CHIDI', 'MARIA JOSE', 'WANJIRU', 'HENRIK', 'CLAIRE', 'EWA', 'MONTGOMERY', 'HANNA'];
const holders: CardHolder[] = Array.from({ length: Number(values.cards) }, (_, i) => ({
  surname: SURNAMES[i % SURNAMES.length]!,
  givenNames: GIVEN[i % GIVEN.length]!,
  documentNumber: `X${String(4711003 + i * 7919).padStart(8, '0')}`,
  birthDate: `${70 + (i % 25)}0${1 + (i % 9)}1${i % 9}`,
  expiryDate: `3${i % 9}0${1 + (i % 9)}2${i % 8}`,
  sex: i % 2 ? 'M' : 'F',
  nationality: 'UTO',
}));
for (const font of ['ocr-b', 'mono', 'courier'] as const satisfies readonly MrzFont[]) {
  for (const width of [1192, 800, 560]) {
    const readings: (MrzReading | null)[] = [];
    for (const holder of holders) readings.push((await engine.read(await rgb(await syntheticIdPhoto(holder, { mrzFont: font }), width))).mrz);
    rows.push(summary(`synthetic cards, MRZ in ${font}, ${width} px wide`, readings));
  }
}
await engine.dispose();

console.log(
  `rule: not OCR-B when an office font fits the cells better than OCR-B by ${DEFAULT_DOCUMENT_POLICY.otherFontMargin} or more, at a pitch of at least ${DEFAULT_DOCUMENT_POLICY.minJudgedPitchPx} px`,
);
console.log('set | check-valid MRZs | OCR-B fit | office font fit - OCR-B fit | pitch px | DOCUMENT_MRZ_FONT | too small to judge');
for (const r of rows) console.log(`${r.set} | ${r.valid} | ${range(r.fits)} | ${range(r.margins, 3)} | ${range(r.pitches, 1)} | ${r.flagged} | ${r.unjudged}`);
