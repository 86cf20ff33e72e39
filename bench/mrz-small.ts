/**
 * MRZs at the size of small phone photos (5.4-6.5 px per character, as on the 268-px specimen passports), set in
 * OCR-B on a plain page by the project's own renderer, read with the OCR-B glyph check on and off. Prints, per
 * pitch and blur: exact zones, exact name lines, check-valid readings, check-valid readings that differ from
 * what was printed (the figure that must stay 0), and the glyph corrections made, right and wrong.
 * Needs no evaluation data; needs the OCR-B font (Debian fonts-ocr-b).
 *
 *   npm run bench:mrz-small [-- --names 16]
 */
import { PaddleDocumentEngine } from '../src/adapters/document/document-engine.js';
import { fontInstalled } from '../src/adapters/document/ocr-b-glyphs.js';
import { renderOcrBMrzPage } from '../src/adapters/document/testing/render-text.js';
import { td3Lines } from '../test/support/synthetic-passport.js';

/** Names rich in the glyphs the recogniser confuses on small rows (M/N/H, W/V), and in their look-alikes. */
const NAMES: readonly (readonly [string, string])[] = [
  ['Mwangi', 'Wambui Naomi'], ['Hammond', 'Vivian Mae'], ['Nnamdi', 'Howard Wim'], ['Whitman', 'Noah Henry'],
  ['Mahmoud', 'Wael Nabil'], ['Vanhanen', 'Minna Hanna'], ['Wenham', 'Emma Vivienne'], ['Henning', 'Marwin Hanno'],
  ['Novak', 'Milan Vavra'], ['Hawthorne', 'Winona Mavis'], ['Namwamba', 'Mwende Wanza'], ['Hanh', 'Nguyen Van Minh'],
  ['Nunn', 'Hannah Vivian'], ['Vann', 'Hugh Nevin'], ['Nhan', 'Vinh Hung'], ['Haven', 'Nina Vanna'],
];
const CONFIGS: readonly { readonly pitch: number; readonly blur: number }[] = [
  { pitch: 5.4, blur: 0.5 }, { pitch: 5.4, blur: 0.8 }, { pitch: 6, blur: 0.5 }, { pitch: 6, blur: 0.8 }, { pitch: 6.5, blur: 0.6 },
];

const arg = process.argv.indexOf('--names');
const count = arg > 0 ? Math.min(NAMES.length, Number(process.argv[arg + 1])) : NAMES.length;

if (!(await fontInstalled())) {
  console.log('skipped: the OCR-B font is not installed (apt-get install fonts-ocr-b)');
  process.exit(0);
}

const engines = { on: new PaddleDocumentEngine(), off: new PaddleDocumentEngine({ glyphCheck: false }) };
await Promise.all([engines.on.load(), engines.off.load()]);

interface Tally { exact: number; nameLine: number; valid: number; validWrong: number; right: number; wrong: number }
const fresh = (): Tally => ({ exact: 0, nameLine: 0, valid: 0, validWrong: 0, right: 0, wrong: 0 });

console.log(`${count} names x ${CONFIGS.length} sizes; each zone read with the glyph check on and off`);
console.log('pitch blur  check  exact  name line  check-valid  check-valid != printed  corrections right/wrong');
for (const { pitch, blur } of CONFIGS) {
  const tallies = { on: fresh(), off: fresh() };
  for (const [i, [surname, givenNames]] of NAMES.slice(0, count).entries()) {
    const holder = { surname, givenNames, documentNumber: `X${String(1234567 + i * 7919).padStart(8, '0')}`, birthDate: '850312', expiryDate: '330914', sex: 'F' as const, nationality: 'UTO' };
    const lines = td3Lines(holder);
    const page = await renderOcrBMrzPage(lines, pitch, blur);
    for (const key of ['on', 'off'] as const) {
      const mrz = (await engines[key].read(page)).mrz;
      const t = tallies[key];
      const exact = mrz?.lines.join('\n') === lines.join('\n');
      if (exact) t.exact++;
      if (mrz?.lines[0] === lines[0]) t.nameLine++;
      if (mrz?.valid) (t.valid++, exact || t.validWrong++);
      for (const c of mrz?.nameCorrections ?? []) (lines[c.line]?.charAt(c.position) === c.corrected ? t.right++ : t.wrong++);
    }
  }
  for (const key of ['on', 'off'] as const) {
    const t = tallies[key];
    console.log(
      `${pitch.toFixed(1).padStart(5)} ${blur.toFixed(1).padStart(4)}  ${key.padEnd(5)}  ${`${t.exact}/${count}`.padStart(5)}  ${`${t.nameLine}/${count}`.padStart(9)}  ${`${t.valid}/${count}`.padStart(11)}  ${String(t.validWrong).padStart(22)}  ${`${t.right}/${t.wrong}`.padStart(23)}`,
    );
  }
}
await Promise.all([engines.on.dispose(), engines.off.dispose()]);
