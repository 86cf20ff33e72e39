/**
 * Attacks on the service, measured: how long each metadata bomb of issue 14 costs the decoder now (and,
 * capped, what it cost the old path). Needs no data.
 *   npm run bench:attacks -- [--runs 5] [--old-timeout-ms 5000]   (--old-timeout-ms 0 skips the old path)
 */
import { parseArgs } from 'node:util';
import { printDecodeBombs } from './lib/decode-bombs.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'old-timeout-ms': { type: 'string', default: '5000' } } });
await printDecodeBombs({ runs: Number(values.runs), oldTimeoutMs: Number(values['old-timeout-ms']) });
