/**
 * Worker-thread entry: loads one engine, then answers jobs one at a time. Inference runs here so the
 * HTTP event loop stays responsive. Nothing from one job is kept for the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createEngine } from './engine-registry.js';
import type { JobMessage, WorkerInit, WorkerMessage } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('engine-worker must run in a worker thread');

const send = (message: WorkerMessage): void => port.postMessage(message);
const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const { kind, threads } = workerData as WorkerInit;
const started = performance.now();
try {
  const engine = await createEngine(kind, threads);
  await engine.load();
  port.on('message', (job: JobMessage) => {
    engine.run(job.image, job.hints, job.task).then(
      (value) => send({ type: 'result', id: job.id, value }),
      (error: unknown) => send({ type: 'failed', id: job.id, error: describe(error) }),
    );
  });
  port.once('close', () => void engine.dispose());
  send({ type: 'ready', models: engine.models, loadMs: Math.round(performance.now() - started) });
} catch (error) {
  send({ type: 'load-failed', error: describe(error) });
}
