/**
 * Attacks on the service, measured (issue 14): how long each metadata bomb costs the decoder now (and, capped,
 * what it cost the old path); every attack of the corpus through POST /verify with its answer; and the passive
 * replay check's APCER per attack type at BPCER 1% on the simulated spoof set (needs LFW; its first run renders
 * the set, about 15 minutes on 2 busy cores, cached in bench/out/).
 *   npm run bench:attacks -- [--runs 5] [--old-timeout-ms 5000] [--skip-corpus] [--skip-presentation]
 */
import { parseArgs } from 'node:util';
import { printAttackCorpus } from './lib/attack-corpus.js';
import { printDecodeBombs } from './lib/decode-bombs.js';
import { printPresentationAttacks } from './lib/presentation-attacks.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'old-timeout-ms': { type: 'string', default: '5000' },
    'skip-corpus': { type: 'boolean', default: false },
    'skip-presentation': { type: 'boolean', default: false },
  },
});
await printDecodeBombs({ runs: Number(values.runs), oldTimeoutMs: Number(values['old-timeout-ms']) });
if (!values['skip-corpus']) {
  console.log('');
  await printAttackCorpus();
}
if (!values['skip-presentation']) {
  console.log('');
  await printPresentationAttacks();
}
