/** A deterministic textured photo for decode benchmarks (no data folder needed): smooth gradients plus fine detail. */
import sharp from 'sharp';

export async function syntheticPhoto(width: number, height: number, format: 'jpeg' | 'png' = 'jpeg', progressive = false): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 255) / width + 20 * Math.sin(x * 0.7 + y * 0.3);
      data[o + 1] = (y * 255) / height + 20 * Math.cos(x * 0.2 - y * 0.9);
      data[o + 2] = 128 + 60 * Math.sin((x + y) * 0.05) * Math.cos(x * 1.3);
    }
  }
  const image = sharp(data, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 90, progressive }).toBuffer();
}
