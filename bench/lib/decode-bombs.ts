/**
 * Decode time of each metadata bomb of issue 14 (src/testing/metadata-bombs.ts) on a 640x480 photo, through
 * the service's decoder (strip, bounded EXIF check, decode process) and, capped, through the old path
 * (sharp given the upload with its metadata, in a process killed at --old-timeout-ms).
 */
import { performance } from 'node:perf_hooks';
import { decodeImage } from '../../src/adapters/image/decode-image.js';
import { DecodePool, DecodeTimeoutError } from '../../src/adapters/image/decode-pool.js';
import { InputError } from '../../src/domain/errors.js';
import {
  deepIfdChainTiff, jpegWithExif, jpegWithManyScans, jpegWithManySegments, pngWithExif, selfReferencingTiff,
} from '../../src/testing/metadata-bombs.js';
import { syntheticPhoto } from './photo.js';

const LIMITS = { maxPixels: 40_000_000, maxSide: 1600 };
const LEGACY_CHILD = new URL('./legacy-decode-child.ts', import.meta.url);

export interface DecodeBombOptions {
  /** Runs of the new decoder per bomb (the median is printed). */
  readonly runs?: number;
  /** The old path gets this long per bomb before its process is killed; 0 skips it. */
  readonly oldTimeoutMs?: number;
}

export async function decodeBombs(): Promise<[string, Buffer][]> {
  const photo = await syntheticPhoto(640, 480);
  const png = await syntheticPhoto(640, 480, 'png');
  const progressive = await syntheticPhoto(640, 480, 'jpeg', true);
  return [
    ['genuine JPEG (reference)', photo],
    ['JPEG EXIF, 150 self-referencing entries', jpegWithExif(photo, selfReferencingTiff(150))],
    ['JPEG EXIF, 3,000 self-referencing entries', jpegWithExif(photo, selfReferencingTiff(3000))],
    ['PNG eXIf, 120 self-referencing entries', pngWithExif(png, selfReferencingTiff(120))],
    ['JPEG EXIF, 2,000-deep IFD chain', jpegWithExif(photo, deepIfdChainTiff(2000))],
    ['JPEG, 100,000 marker segments', jpegWithManySegments(photo, 100_000)],
    ['JPEG, 2,000 progressive scans', jpegWithManyScans(progressive, 2000)],
  ];
}

async function timeNew(pool: DecodePool, bytes: Buffer, runs: number): Promise<{ ms: number; outcome: string }> {
  const times: number[] = [];
  let outcome = '';
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    try {
      await decodeImage('image1', bytes, LIMITS, pool.decode);
      outcome = 'decoded';
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      outcome = error.code;
    }
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, outcome };
}

async function timeOld(bytes: Buffer, timeoutMs: number): Promise<string> {
  const pool = new DecodePool({ size: 1, timeoutMs, childModule: LEGACY_CHILD });
  await pool.ready;
  const start = performance.now();
  try {
    const result = await pool.decode({ bytes, format: bytes[0] === 0x89 ? 'png' : 'jpeg', orientation: 1, ...LIMITS });
    return `${(performance.now() - start).toFixed(1)} ms (${result.ok ? 'decoded' : result.code})`;
  } catch (error) {
    if (error instanceof DecodeTimeoutError) return `> ${timeoutMs} ms (killed)`;
    throw error;
  } finally {
    pool.terminate();
  }
}

/** Prints one row per bomb: size, the new decoder's median time and outcome, the old path's time. */
export async function printDecodeBombs(options: DecodeBombOptions = {}): Promise<void> {
  const runs = options.runs ?? 5;
  const oldTimeoutMs = options.oldTimeoutMs ?? 5_000;
  const pool = new DecodePool({ size: 1, timeoutMs: 10_000 });
  await pool.ready;
  console.log(`\nMetadata bombs (issue 14) on a 640x480 photo; new decoder: median of ${runs}, one decode process; old path: one run, killed at ${oldTimeoutMs} ms`);
  console.log('| bomb | bytes | new decoder | outcome | old path |');
  console.log('|---|---:|---:|---|---|');
  try {
    for (const [label, bytes] of await decodeBombs()) {
      const fresh = await timeNew(pool, bytes, runs);
      const old = oldTimeoutMs > 0 ? await timeOld(bytes, oldTimeoutMs) : 'skipped';
      console.log(`| ${label} | ${bytes.length} | ${fresh.ms.toFixed(1)} ms | ${fresh.outcome} | ${old} |`);
    }
  } finally {
    await pool.close();
  }
}
