/**
 * A worker process for `npm run bench:async`: `identity-check worker` as shipped (src/worker.ts), with the
 * real engines, or with `--stub-ms N` the test stand-ins made to burn N ms of CPU per verification (so that
 * throughput is bound by CPU the way the real models are, without loading them 200 times on a shared
 * machine). Prints `ready` once it takes jobs; SIGTERM stops it after its running job.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import type { Engines } from '../../src/adapters/workers/pooled-engines.js';
import { startWorker } from '../../src/worker.js';
import { stubEngines } from '../../test/doubles/stub-engines.js';

const { values } = parseArgs({ options: { 'stub-ms': { type: 'string' } } });

/**
 * Uses `ms` of this process's CPU time (the stand-in for inference work). Counted in CPU time, not wall
 * time, so a worker that shares its core with other load takes longer, as a real engine would.
 */
function burn(ms: number): void {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

function cpuBound(engines: Engines, msPerVerification: number): Engines {
  // A verification makes four engine calls (two face analyses, text finding, document reading).
  const share = msPerVerification / 4;
  return {
    ...engines,
    faces: { models: engines.faces.models, analyze: async (image) => (burn(share), engines.faces.analyze(image)) },
    documents: {
      models: engines.documents.models,
      read: async (image, hints) => (burn(share), engines.documents.read(image, hints)),
      findText: async (image) => (burn(share), engines.documents.findText(image)),
    },
  };
}

const stubMs = values['stub-ms'] === undefined ? undefined : Number(values['stub-ms']);
const worker = await startWorker({ config: loadConfig(), ...(stubMs === undefined ? {} : { engines: cpuBound(stubEngines(), stubMs) }) });
process.stdout.write('ready\n');
const stop = (): void => {
  void worker.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
