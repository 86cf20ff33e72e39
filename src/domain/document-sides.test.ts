import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineSides, type SideReading } from './document-sides.js';
import { checkDocument, DEFAULT_DOCUMENT_POLICY } from './document-checks.js';
import { extractMrz } from './mrz.js';
import { td1Lines } from '../testing/synthetic-id.js';

const TODAY = new Date('2026-12-07T00:00:00Z');
// ICAO 9303-5 TD1 specimen: Anna Maria Eriksson, D23145890, born 1974-08-12, expiring 2012-04-15.
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const OTHER_TD1 = td1Lines({ surname: 'LINDGREN', givenNames: 'PER', documentNumber: 'X12345678', birthDate: '800101', expiryDate: '300101', sex: 'M', nationality: 'UTO' });
const mrz = extractMrz(TD1, { today: TODAY });
const text = (lines: readonly string[]): SideReading['lines'] => lines.map((t) => ({ text: t }));

const front = (surname: string, given: string, birth = '12.08.1974', number = 'D23145890'): SideReading => ({
  mrz: null,
  lines: text(['IDENTITY CARD', 'Surname', surname, 'Given names', given, 'Date of birth', birth, 'Document no.', number]),
});
const back: SideReading = { mrz, lines: text(['Address', 'UTOPIA CITY', ...TD1]) };

const ROWS: readonly (readonly [why: string, f: SideReading, b: SideReading, side: 'front' | 'back' | null, disagreeing: readonly string[]])[] = [
  ['the MRZ on the back, the front agrees', front('ERIKSSON', 'ANNA MARIA'), back, 'back', []],
  ['the MRZ on the front (a passport page sent as the front), the back holds nothing', { mrz, lines: text(TD1) }, { mrz: null, lines: [] }, 'front', []],
  ['another holder on the front', front('LINDGREN', 'PER'), back, 'back', ['surname', 'givenNames']],
  ['another birth date on the front', front('ERIKSSON', 'ANNA MARIA', '01.01.1980'), back, 'back', ['birthDate']],
  ['another document number on the front', front('ERIKSSON', 'ANNA MARIA', '12.08.1974', 'X12345678'), back, 'back', ['documentNumber']],
  ['two zones of two documents', { mrz: extractMrz(OTHER_TD1, { today: TODAY }), lines: text(OTHER_TD1) }, back, 'front', ['surname', 'givenNames', 'birthDate', 'expiryDate', 'documentNumber']],
  ['no MRZ on either side', front('ERIKSSON', 'ANNA MARIA'), { mrz: null, lines: [] }, null, []],
];

describe('combineSides: the MRZ from whichever side carries it, the sides cross-checked', () => {
  for (const [why, f, b, side, disagreeing] of ROWS) {
    it(`${why} -> MRZ ${side ?? 'none'}, disagreeing: ${disagreeing.join(', ') || 'none'}`, () => {
      const found = combineSides(f, b, { today: TODAY });
      assert.equal(found.mrzSide, side);
      assert.deepEqual([...found.disagreeing].sort(), [...disagreeing].sort());
    });
  }

  it('takes the printed fields of the front and the MRZ of the back into one evidence', () => {
    const found = combineSides(front('ERIKSSON', 'ANNA MARIA'), back, { today: TODAY });
    assert.equal(found.mrz?.valid, true);
    assert.equal(found.evidence.printed.surname, 'ERIKSSON');
    assert.equal(found.evidence.crossCheck.find((r) => r.field === 'surname')?.status, 'agree');
  });

  it('makes the document inconsistent when the sides disagree, and says so', () => {
    const found = combineSides(front('LINDGREN', 'PER'), back, { today: TODAY });
    const checks = checkDocument({ mrz: found.mrz, crossCheck: found.evidence.crossCheck, lines: [], sidesDisagree: found.disagreeing }, DEFAULT_DOCUMENT_POLICY);
    assert.equal(checks.problem, 'document_specimen');
    const allowed = checkDocument({ mrz: found.mrz, crossCheck: [], lines: [], sidesDisagree: found.disagreeing }, { ...DEFAULT_DOCUMENT_POLICY, allowSpecimenDocuments: true });
    assert.equal(allowed.problem, 'document_inconsistent');
    assert.ok(allowed.reasons.includes('DOCUMENT_SIDES_DISAGREE'));
  });
});
