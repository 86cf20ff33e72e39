import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RotatedRect } from './geometry.js';
import { recognitionColumns } from './line-budget.js';
import { isMrzRun, isPrintedText, planReading } from './reading-plan.js';

const box = (cx: number, cy: number, width: number, height: number, angle = 0): RotatedRect => ({ cx, cy, width, height, angle });

/** A passport page: title, labels, name values, two MRZ rows at the bottom (the second cut in two at a filler run). */
const PAGE: RotatedRect[] = [
  box(300, 20, 200, 30), // 0 title
  box(260, 60, 120, 12), // 1 label
  box(260, 80, 160, 24), // 2 surname
  box(260, 110, 140, 12), // 3 label
  box(260, 130, 200, 24), // 4 given names
  box(300, 400, 560, 22), // 5 MRZ line 1
  box(200, 430, 360, 22), // 6 MRZ line 2, left piece
  box(450, 430, 180, 22), // 7 MRZ line 2, right piece
];

describe('planReading', () => {
  it('reads the bottom MRZ rows first (all their pieces), then the rest, largest print first', () => {
    assert.deepEqual(planReading(PAGE, 0), { mrz: [5, 6, 7], longRows: [], rest: [0, 2, 4, 1, 3] });
  });

  it('finds the MRZ rows of a page photographed upside down', () => {
    const turned = PAGE.map((r) => box(1000 - r.cx, 600 - r.cy, r.width, r.height, Math.PI));
    assert.deepEqual(planReading(turned, 180).mrz, [5, 6, 7]);
  });

  it('reads other long rows (a footer under the MRZ, or the MRZ above a footer) before the rest', () => {
    const withFooter = [...PAGE, box(300, 560, 560, 12)];
    const plan = planReading(withFooter, 0);
    assert.deepEqual(plan.mrz, [8]);
    assert.deepEqual(plan.longRows, [6, 7, 5]);
  });

  it('covers every box exactly once', () => {
    const plan = planReading(PAGE, 0);
    assert.deepEqual([...plan.mrz, ...plan.longRows, ...plan.rest].sort((a, b) => a - b), PAGE.map((_, i) => i));
  });

  it('counts recogniser columns from the box shape', () => {
    assert.equal(recognitionColumns(box(0, 0, 560, 22)), Math.ceil((48 * 560) / 22));
  });
});

describe('isMrzRun', () => {
  const rows: [string, RotatedRect[][], 0 | 90, boolean][] = [
    ['two adjacent rows of one height', [[box(300, 400, 560, 22)], [box(200, 430, 360, 22), box(450, 430, 180, 22)]], 0, true],
    ['three adjacent rows', [[box(300, 370, 560, 22)], [box(300, 400, 560, 22)], [box(300, 430, 560, 22)]], 0, true],
    ['a row 40% taller (a watermark line)', [[box(300, 400, 560, 22)], [box(300, 430, 560, 31)]], 0, false],
    ['a gap of more than two line heights', [[box(300, 400, 560, 22)], [box(300, 450, 560, 22)]], 0, false],
    ['the same rows on a page turned 90 degrees', [[box(400, 300, 560, 22, Math.PI / 2)], [box(370, 300, 560, 22, Math.PI / 2)]], 90, true],
  ];
  for (const [note, run, rotation, expected] of rows) it(note, () => assert.equal(isMrzRun(run, rotation), expected));
});

describe('isPrintedText', () => {
  // Rows as the recogniser reads them freely, piece by piece.
  for (const [pieces, printed] of [
    [['Date of birth / Date de naissance'], true],
    [['Staatsangehörigkeit', 'Nationality'], true],
    [['IDAUT000009993<<<<<<<<<<<<<<<'], false],
    [['P<CZESPECIMEN', 'VZOR'], false],
    [['7408122F1204159UTO12345678906'], false],
    [['PA09404097AUS8406077F1903212', '17331334P'], false],
    [['Date of birth', undefined], false],
    [[''], false],
  ] as const) {
    it(`${JSON.stringify(pieces)} -> ${printed}`, () => assert.equal(isPrintedText(pieces), printed));
  }
});
