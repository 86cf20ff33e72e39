/** The mark that makes stalling-decode-child.ts spin, and a PNG carrying it through metadata stripping. */
import sharp from 'sharp';

export const STALL_MARK = 'STALL';

/** `photo` as a PNG with the mark in a tRNS chunk, which stripping keeps, so the decode process sees it. */
export async function stallingPng(photo: Buffer): Promise<Buffer> {
  const png = await sharp(photo).png().toBuffer();
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  const chunk = Buffer.concat([Buffer.from([0, 0, 0, STALL_MARK.length]), Buffer.from(`tRNS${STALL_MARK}`, 'latin1'), Buffer.alloc(4)]);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}
