/**
 * Entry of one decode process (decode-pool.ts): receives a PixelRequest, answers a PixelResult. A process,
 * not a worker thread, because libvips runs on libuv's threadpool where nothing can stop it; a process can
 * be killed. When the server goes away (IPC closed) this process kills itself rather than exit: a graceful
 * exit would wait for a libvips job still running on the threadpool.
 */
import { decodePixels } from './decode-pixels.js';
import type { ChildMessage, ParentMessage } from './decode-protocol.js';
import { limitSharp } from './sharp-limits.js';

// One job at a time per process, and no cache of earlier uploads between requests.
limitSharp();

/**
 * A full collection after each job (the pool starts this process with --expose-gc). The upload and its pixels
 * live outside the small V8 heap, so V8 collected them late and the process kept tens of MB of finished jobs'
 * buffers resident; on this heap a collection costs a few ms against a decode's tens.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

process.on('message', (message: ParentMessage) => {
  void decodePixels(message.request)
    .then(
      (result) => send({ id: message.id, result }),
      (error: unknown) => send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(collectGarbage);
});
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
send({ ready: true });
