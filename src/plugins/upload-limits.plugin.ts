/**
 * Caps a request body as a whole (MAX_REQUEST_BYTES), on top of the per-file and per-part limits the
 * multipart reader applies. A declared Content-Length over the cap is refused with 413 before a byte of
 * the body is read. A chunked body has no declared length, so its bytes are counted as they arrive and
 * the connection is cut when the count passes the cap: there is no way to answer a client that is still
 * sending, and reading on would be the abuse the cap exists to stop.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.js';

export interface UploadLimitsOptions {
  readonly maxRequestBytes: number;
}

export default fp<UploadLimitsOptions>(
  async (app: FastifyInstance, options) => {
    const max = options.maxRequestBytes;
    app.addHook('onRequest', async (request) => {
      const declared = request.headers['content-length'];
      if (declared !== undefined) {
        if (Number(declared) > max) throw new ApiError('ERR_REQUEST_TOO_LARGE', `the request body is larger than ${max} bytes`);
        return;
      }
      if (request.headers['transfer-encoding'] === undefined) return;
      const raw = request.raw;
      let received = 0;
      const count = (chunk: Buffer): void => {
        received += chunk.length;
        if (received > max) {
          raw.off('data', count);
          request.log.warn({ maxRequestBytes: max }, 'chunked request body over the cap; connection closed');
          raw.destroy();
        }
      };
      raw.on('data', count);
      // Adding a 'data' listener would start the flow before the route's reader is attached and its
      // chunks would be lost; pausing keeps the body waiting until the reader pipes (and resumes) it.
      raw.pause();
    });
  },
  { name: 'upload-limits' },
);
