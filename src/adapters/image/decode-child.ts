/**
 * Entry of one decode process (decode-pool.ts): receives a PixelRequest, answers a PixelResult. A process,
 * not a worker thread, because libvips runs on libuv's threadpool where nothing can stop it; a process can
 * be killed. When the server goes away (IPC closed) this process kills itself rather than exit: a graceful
 * exit would wait for a libvips job still running on the threadpool.
 */
import sharp from 'sharp';
import { decodePixels } from './decode-pixels.js';
import type { ChildMessage, ParentMessage } from './decode-protocol.js';

// One job at a time per process, and no cache of earlier uploads between requests.
sharp.cache(false);

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

process.on('message', (message: ParentMessage) => {
  void decodePixels(message.request).then(
    (result) => send({ id: message.id, result }),
    (error: unknown) => send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
send({ ready: true });
