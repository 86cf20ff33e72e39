import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeDocumentInSelfie, type TextRegion } from './document-in-selfie.js';

const POLICY = { minBoxScore: 0.6, maxLineToFace: 0.35, nearFaceReach: 2.5, mrzAspect: 14, minLinesNearFace: 4, minMrzRows: 2 };
/** A 100 x 120 face at (200, 100): centre (250, 160). */
const FACE = { x: 200, y: 100, width: 100, height: 120 };
const line = (cx: number, cy: number, width = 120, height = 14, score = 0.8): TextRegion => ({ cx, cy, width, height, score });
/** Printed field lines to the right of the portrait, as on an ID card. */
const cardLines = [line(400, 110), line(400, 140), line(400, 170), line(400, 200), line(400, 230)];
const mrzRows = [line(300, 330, 500, 20), line(300, 360, 500, 20)];

const cases: [string, TextRegion[], { near: number; mrz: number; lines: number; shows: boolean }][] = [
  ['no text at all', [], { near: 0, mrz: 0, lines: 0, shows: false }],
  ['a T-shirt slogan below the face: one line', [line(250, 330, 150, 30)], { near: 1, mrz: 0, lines: 1, shows: false }],
  ['card print beside the face', cardLines, { near: 5, mrz: 0, lines: 5, shows: true }],
  ['three lines are not yet a document', cardLines.slice(0, 3), { near: 3, mrz: 0, lines: 3, shows: false }],
  ['two MRZ rows', mrzRows, { near: 2, mrz: 2, lines: 2, shows: true }],
  ['one long row alone (a banner) is not an MRZ', mrzRows.slice(0, 1), { near: 1, mrz: 1, lines: 1, shows: false }],
  ['weak boxes are ignored', cardLines.map((b) => ({ ...b, score: 0.4 })), { near: 0, mrz: 0, lines: 0, shows: false }],
  ['large letters (a backdrop logo) are not small print', cardLines.map((b) => ({ ...b, height: 60 })), { near: 0, mrz: 0, lines: 5, shows: false }],
  ['far from the face (a sign across the room)', cardLines.map((b) => ({ ...b, cx: b.cx + 600 })), { near: 0, mrz: 0, lines: 5, shows: false }],
  ['boxes inside the face box are the face itself', [line(240, 140, 40, 8), line(260, 190, 40, 8), line(250, 150, 30, 8), line(250, 170, 30, 8)], { near: 0, mrz: 0, lines: 4, shows: false }],
];

for (const [label, boxes, want] of cases) {
  test(`judgeDocumentInSelfie: ${label}`, () => {
    const f = judgeDocumentInSelfie(boxes, FACE, POLICY);
    assert.deepEqual({ near: f.linesNearFace, mrz: f.mrzLikeRows, lines: f.textLines, shows: f.showsDocument }, want);
  });
}
