import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transliterate, translitScript } from './transliteration.js';
import { canonicalUpper, nameVariants } from './text-normalise.js';

/** [word as typed, the spellings expected (the first is ICAO's general column or the only one), table]. */
const ROWS: readonly (readonly [string, readonly string[], string])[] = [
  // ICAO 9303-3 section 6.B (Cyrillic): general column, then the Ukrainian, Belarusian, Bulgarian, Serbian ones.
  ['Сергей', ['SERGEI', 'SERHEI'], '6.B: Й = I; Г = H in Ukrainian and Belarusian'],
  ['Иванов', ['IVANOV', 'YVANOV'], '6.B: И = I, Ukrainian Y'],
  ['Щеглова', ['SHCHEGLOVA', 'SHCHEHLOVA', 'SHTEGLOVA'], '6.B: Щ = SHCH, Bulgarian SHT'],
  ['Юлия', ['IULIIA', 'IULYIA'], '6.B: Ю = IU, Я = IA'],
  ['Жуков', ['ZHUKOV', 'ZUKOV'], '6.B: Ж = ZH, Serbian and Macedonian Z'],
  ['Хрущёв', ['KHRUSHCHEV', 'KHRUSHTEV', 'HRUSHCHEV'], '6.B: Х = KH (Serbian H), Ё = E'],
  ['Ольга', ['OLGA', 'OLHA'], '6.B: Ь is not written'],
  ['Цветков', ['TSVETKOV', 'CVETKOV'], '6.B: Ц = TS, Serbian C'],
  ['Подъячев', ['PODIEIACHEV', 'PODAIACHEV', 'PODIEIACEV'], '6.B: Ъ = IE, Bulgarian A'],
  ['Ђоковић', ['DOKOVIC', 'DOKOVYC'], '6.B: Ђ = D, Ћ = C'],
  ['Їжак', ['IZHAK', 'IZAK'], '6.B: Ї = I'],
  // ELOT 743 (Greek passports; 9303-3 has no Greek table).
  ['Γεώργιος', ['GEORGIOS'], 'single letters, tonos dropped'],
  ['Παπαδόπουλος', ['PAPADOPOULOS'], 'ΟΥ = OU, final ς = S'],
  ['Ευάγγελος', ['EVANGELOS'], 'ΕΥ before a vowel = EV, ΓΓ = NG'],
  ['Ευθύμιος', ['EFTHYMIOS'], 'ΕΥ before a voiceless consonant = EF, Θ = TH'],
  ['Χρυσούλα', ['CHRYSOULA'], 'Χ = CH, Υ = Y'],
  ['Ψαρρός', ['PSARROS'], 'Ψ = PS'],
  ['Μαΐστρος', ['MAISTROS'], 'Ϊ with dialytika stands alone'],
  // ICAO 9303-3 section 6.C (Arabic).
  ['محمد', ['MXHMD'], '6.C: ح = XH'],
  ['فاطمة', ['FAXTTMXAH'], '6.C: ط = XTT, final ة = XAH'],
  ['فاطمةعلي', ['FAXTTMXTAELY'], '6.C: ة inside a component = XTA, ع = E'],
  ['مُحَمَّد', ['MXHMMD'], '6.C: harakat not written, shadda doubles'],
  ['خالد', ['XKHALD'], '6.C: خ = XKH'],
];

describe('transliteration of typed names (ICAO 9303-3 section 6, ELOT 743)', () => {
  for (const [word, spellings, why] of ROWS) {
    it(`${word} -> ${spellings.join(' | ')} (${why})`, () => {
      assert.deepEqual(transliterate(canonicalUpper(word)), spellings);
    });
  }

  it('leaves Latin and other scripts to the Latin folding', () => {
    assert.deepEqual(transliterate('MÜLLER'), []);
    assert.deepEqual(transliterate('山田'), []);
    assert.equal(translitScript('ERIKSSON'), null);
    assert.deepEqual(nameVariants('Müller'), ['MUELLER', 'MULLER']);
  });

  it('gives the name matcher A-Z spellings only', () => {
    for (const [word] of ROWS) for (const form of nameVariants(word)) assert.match(form, /^[A-Z]+$/, `${word}: ${form}`);
  });
});
