/** Tilt estimation from text boxes (table-driven) and straightening of a real rendered image. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RotatedRect } from './geometry.js';
import { straighten, textSkew } from './page-skew.js';

const deg = (d: number): number => (d * Math.PI) / 180;
const line = (angle: number, width = 300, height = 20): RotatedRect => ({ cx: 100, cy: 100, width, height, angle: deg(angle) });

describe('textSkew', () => {
  const rows: [string, RotatedRect[], number][] = [
    ['level text', [line(0), line(0.5), line(-0.5)], 0],
    ['tilted by -20 degrees', [line(-20), line(-21), line(-19)], -20],
    ['turned page: 90 degrees counts as level', [line(90), line(90), line(89.5)], 0],
    ['turned and tilted', [line(95), line(95), line(96)], 5],
    ['upside down and tilted', [line(183), line(183)], 3],
    ['short words do not vote', [line(-20), line(40, 30, 20), line(40, 30, 20), line(40, 30, 20)], -20],
    ['the larger lines outweigh many small ones', [line(10, 900, 40), line(0, 100, 20), line(0, 100, 20)], 10],
    ['nothing elongated', [line(30, 20, 20)], 0],
    ['no boxes', [], 0],
  ];
  for (const [note, rects, expected] of rows) {
    it(note, () => assert.ok(Math.abs(textSkew(rects) - deg(expected)) < deg(0.6), `${(textSkew(rects) * 180) / Math.PI}`));
  }
});

describe('straighten', () => {
  it('turns the image and fills the corners white', async () => {
    const width = 200;
    const height = 100;
    const data = new Uint8Array(width * height * 3).fill(0);
    const out = await straighten({ width, height, data }, deg(-20));
    // The canvas grows to hold the turned image: w cos + h sin by w sin + h cos.
    assert.ok(Math.abs(out.width - (width * Math.cos(deg(20)) + height * Math.sin(deg(20)))) <= 2, `${out.width}`);
    assert.ok(Math.abs(out.height - (width * Math.sin(deg(20)) + height * Math.cos(deg(20)))) <= 2, `${out.height}`);
    assert.equal(out.data.length, out.width * out.height * 3);
    assert.deepEqual([...out.data.slice(0, 3)], [255, 255, 255]);
    const centre = (Math.floor(out.height / 2) * out.width + Math.floor(out.width / 2)) * 3;
    assert.deepEqual([...out.data.slice(centre, centre + 3)], [0, 0, 0]);
  });
});
