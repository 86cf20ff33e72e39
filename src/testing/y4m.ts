/**
 * YUV4MPEG2 (y4m) writer for Chromium's fake camera (--use-file-for-fake-video-capture): 4:2:0 planes,
 * BT.601 limited range, which is what Chromium assumes for y4m input.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RgbImage } from '../adapters/image/rgb-image.js';

/** Writes `frames` (all one size, even width and height) to `path` at `fps`. */
export async function writeY4m(path: string, frames: readonly RgbImage[], fps: number): Promise<void> {
  const first = frames[0];
  if (first === undefined) throw new Error('no frames');
  const { width, height } = first;
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError('y4m 4:2:0 needs an even width and height');
  const out = createWriteStream(path);
  const write = async (chunk: Buffer | string): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  for (const frame of frames) {
    await write('FRAME\n');
    await write(toI420(frame));
  }
  out.end();
  await once(out, 'finish');
}

/** RGB -> Y plane, then U and V at half resolution (2x2 averages). */
export function toI420(image: RgbImage): Buffer {
  const { width, height, data } = image;
  const ySize = width * height, cSize = (width / 2) * (height / 2);
  const out = Buffer.alloc(ySize + 2 * cSize);
  for (let i = 0; i < ySize; i++) {
    const r = data[3 * i] as number, g = data[3 * i + 1] as number, b = data[3 * i + 2] as number;
    out[i] = clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b);
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let r = 0, g = 0, b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const o = ((2 * y + dy) * width + 2 * x + dx) * 3;
        r += data[o] as number; g += data[o + 1] as number; b += data[o + 2] as number;
      }
      r /= 4; g /= 4; b /= 4;
      const c = y * (width / 2) + x;
      out[ySize + c] = clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      out[ySize + cSize + c] = clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  return out;
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));
