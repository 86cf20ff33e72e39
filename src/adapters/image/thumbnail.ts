import type { RgbImage } from './rgb-image.js';

/**
 * Grey `size` x `size` thumbnail by box averaging (aspect not kept). Two frames whose thumbnails agree to a
 * fraction of a grey level are the same picture. Kept fine (160 px) on purpose: coarse thumbnails average
 * camera noise away, and two frames of a person holding still would then look identical.
 */
export function greyThumbnail(image: RgbImage, size = 160): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let ty = 0; ty < size; ty++) {
    const y0 = Math.floor((ty * image.height) / size), y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * image.height) / size));
    for (let tx = 0; tx < size; tx++) {
      const x0 = Math.floor((tx * image.width) / size), x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * image.width) / size));
      let sum = 0, n = 0;
      for (let y = y0; y < y1 && y < image.height; y++) {
        for (let x = x0; x < x1 && x < image.width; x++) {
          const o = (y * image.width + x) * 3;
          sum += 0.299 * (image.data[o] as number) + 0.587 * (image.data[o + 1] as number) + 0.114 * (image.data[o + 2] as number);
          n++;
        }
      }
      out[ty * size + tx] = n > 0 ? Math.round(sum / n) : 0;
    }
  }
  return out;
}
