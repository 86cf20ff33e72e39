/**
 * rereadMrzName on synthetic recogniser output: a typed spelling the recogniser had as its second choice
 * costs little, one it never considered costs a lot, and positions outside the name field stay as read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MRZ_FREE_TAIL } from '../../domain/name-match.js';
import { decodeMrzRows } from './mrz-lattice.js';
import { layoutCost, nameEvidenceOf, rereadMrzName, type MrzNameEvidence } from './mrz-name-evidence.js';
import { glyphsOf, misread, rowOf, withEdit } from './testing/synthetic-lattice.js';

const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;

/** TD1 rows with ERIKSSON's second S read as 5 and the first A of ANNA as H (the true letters second). */
function evidence(): MrzNameEvidence {
  const rows = [glyphsOf(TD1[0]), glyphsOf(TD1[1]), withEdit(TD1[2], (g) => (misread(6, 'H')(g), misread(10, 'H')(g)))].map(rowOf);
  const decoding = decodeMrzRows(rows, { today: new Date('2026-01-01T00:00:00Z') });
  assert.ok(decoding);
  const found = nameEvidenceOf(decoding);
  assert.ok(found);
  return found;
}

describe('rereadMrzName', () => {
  const ev = evidence();

  it('keeps the name line of the decoding', () => {
    assert.equal(ev.format, 'TD1');
    assert.equal(ev.text, 'ERIKSSHN<<HNNA<MARIA<<<<<<<<<<');
  });

  it('the printed spelling, the recogniser\'s second choice, costs little', () => {
    const r = rereadMrzName(ev, ['ERIKSSON<<ANNA<MARIA']);
    assert.ok(r);
    assert.equal(r.spelled, TD1[2]);
    assert.equal(r.read, ev.text);
    assert.deepEqual([r.surname, r.givenNames], ['ERIKSSON', 'ANNA MARIA']);
    assert.ok(r.loss > 0 && r.loss < 2, `loss ${r.loss}`);
  });

  it('a spelling the recogniser never considered costs far more', () => {
    const r = rereadMrzName(ev, ['ERIKSSOX<<ANNA<MARIA']);
    assert.ok(r && r.loss > 10, `loss ${r?.loss}`);
  });

  it('takes the cheapest candidate; a free tail leaves omitted given names to the recogniser', () => {
    const r = rereadMrzName(ev, ['ANNA<<ERIKSSON', `ERIKSSON<<ANNA<${MRZ_FREE_TAIL}`]);
    assert.ok(r);
    assert.equal(r.spelled, 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<');
    assert.ok(r.loss < 2, `loss ${r.loss}`);
  });

  it('pads a short spelling with fillers and cuts a long one at the field end', () => {
    const long = rereadMrzName(ev, ['ERIKSSON<<ANNA<MARIA<LOUISE<BEATRICE<CHARLOTTE']);
    assert.equal(long?.spelled.length, 30);
    assert.ok(long && long.loss > 10);
  });
});

describe('layoutCost', () => {
  const decodeWith = (nameRow: string): MrzNameEvidence => {
    const decoding = decodeMrzRows([TD1[0], TD1[1], nameRow].map((line) => rowOf(glyphsOf(line))), { today: new Date('2026-01-01T00:00:00Z') });
    assert.ok(decoding);
    const found = nameEvidenceOf(decoding);
    assert.ok(found);
    return found;
  };

  it('is about 0 for a name line read as the layout has it', () => {
    assert.ok(layoutCost(decodeWith(TD1[2])) < 1);
  });

  it('is small for two misread letters: the layout needs no letter the recogniser did not see', () => {
    assert.ok(layoutCost(evidence()) < 1);
  });

  it('is large when the name line was read short, so the layout must invent 9 characters', () => {
    // ERIKSSON<<ANNA<MARIA with the letters after ERIK lost: 21 characters read for 30 places.
    const cost = layoutCost(decodeWith('ERIK<<<<<<<<<<<<<<<<<'));
    assert.ok(cost > 24, `cost ${cost}`);
  });
});
