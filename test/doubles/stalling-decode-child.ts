/**
 * A decode process that decodes like the real one, except that an image holding STALL_MARK (stall-mark.ts)
 * makes it spin forever (a stand-in for libvips stuck on a hostile image that got past stripping). Its JS
 * thread is blocked, so only a SIGKILL from outside ends it. Prints "stalling <pid>" when it starts spinning.
 */
import { decodePixels, type PixelRequest } from '../../src/adapters/image/decode-pixels.js';
import { STALL_MARK } from './stall-mark.js';

process.on('message', (message: { id: number; request: PixelRequest }) => {
  if (Buffer.from(message.request.bytes).includes(STALL_MARK)) {
    process.stdout.write(`stalling ${process.pid}\n`);
    for (;;) {
      // Spin: nothing in this process runs again.
    }
  }
  void decodePixels(message.request).then((result) => process.send?.({ id: message.id, result }));
});
process.send?.({ ready: true });
