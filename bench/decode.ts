/**
 * Decode latency of one upload, before and after issue 14, on synthetic photos (no data needed): the old
 * in-process path (sharp given the upload with its metadata), the new path in-process (strip, bounded EXIF,
 * sharp; what the CLI runs), and the new path through a decode process (what the server runs: the same plus
 * IPC of the bytes in and the RGB pixels out).
 *   npm run bench:decode -- [--runs 30]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { decodeImage } from '../src/adapters/image/decode-image.js';
import { DecodePool } from '../src/adapters/image/decode-pool.js';
import { stripMetadata } from '../src/adapters/image/strip-metadata.js';
import { legacyDecode } from './lib/legacy-decode.js';
import { syntheticPhoto } from './lib/photo.js';
import { percentile } from './lib/verification-metrics.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);
const LIMITS = { maxPixels: 40_000_000, maxSide: 1600 };

async function measure(run: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return `${percentile(times, 0.5).toFixed(1)} / ${percentile(times, 0.95).toFixed(1)}`;
}

const pool = new DecodePool({ size: 1, timeoutMs: 20_000 });
await pool.ready;
console.log(`Decode latency, ms p50 / p95 over ${runs} runs (sharp concurrency ${sharp.concurrency()}, one decode process)`);
console.log('| photo | bytes | old, in-process | new, in-process | new, decode process | IPC cost: process - in-process (p50) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [width, height] of [[1600, 1200], [4032, 3024]] as const) {
  const photo = await sharp(await syntheticPhoto(width, height)).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
  const old = await measure(() => legacyDecode({ bytes: photo, format: 'jpeg', orientation: 1, ...LIMITS }));
  const local = await measure(() => decodeImage('image1', photo, LIMITS));
  const remote = await measure(() => decodeImage('image1', photo, LIMITS, pool.decode));
  const cost = Number(remote.split(' / ')[0]) - Number(local.split(' / ')[0]);
  console.log(`| ${width}x${height} JPEG, EXIF orientation 6 | ${photo.length} | ${old} | ${local} | ${remote} | ${cost >= 0 ? '+' : ''}${cost.toFixed(1)} |`);
}
const stripOnly = await syntheticPhoto(1600, 1200);
console.log(`\nstripMetadata alone on the 1600x1200 JPEG: ${await measure(async () => stripMetadata('jpeg', stripOnly))} ms`);
await pool.close();
