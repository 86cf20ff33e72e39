/**
 * The capture page (public/capture) at GET /, its scripts and styles under /capture/, and the in-browser face
 * detector: Human's ES module and the BlazeFace and FaceMesh weights from the same npm package the server
 * checks (MODELS.md). Every file is read once at start-up from a fixed list (no path from a request reaches the
 * file system), gzipped once, and served with an ETag; the page gets a CSP that allows its own origin only.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageDir } from '../adapters/face/model-files.js';

const PAGE_DIR = fileURLToPath(new URL('../../public/capture/', import.meta.url));
const CLIENT = fileURLToPath(new URL('../../packages/client/src/index.js', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

/** Only the page's origin: scripts, models, frames and API calls all stay on it. WebAssembly for Human's backends. */
export const PAGE_CSP = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:", "connect-src 'self'", "worker-src 'self' blob:", "object-src 'none'",
  "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

interface Asset { readonly type: string; readonly body: Buffer; readonly gzip: Buffer | null; readonly etag: string; readonly cache: string }

function asset(file: string, cache: string, rewrite?: (text: string) => string): Asset {
  const body = rewrite ? Buffer.from(rewrite(readFileSync(file, 'utf8'))) : readFileSync(file);
  const ext = file.slice(file.lastIndexOf('.'));
  const type = TYPES[ext] ?? 'application/octet-stream';
  const gzip = ext === '.bin' ? null : gzipSync(body, { level: 9 });
  return { type, body, gzip, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, cache };
}

/** URL path -> file, decided here once. */
function assets(): Map<string, Asset> {
  const map = new Map<string, Asset>();
  // Scripts and styles may change with a release: revalidate after an hour; index.html on every load.
  for (const name of readdirSync(PAGE_DIR)) {
    if (/\.(js|css)$/.test(name)) map.set(`/capture/${name}`, asset(join(PAGE_DIR, name), 'public, max-age=3600'));
  }
  map.set('/', asset(join(PAGE_DIR, 'index.html'), 'no-cache'));
  const human = packageDir('@vladmandic/human');
  // The pinned npm version's files never change: cache them for a day.
  map.set('/capture/vendor/human.esm.js', asset(join(human, 'dist/human.esm.js'), 'public, max-age=86400'));
  // The typed client (packages/client) as integrators get it; browsers cannot resolve its bare import.
  map.set('/capture/vendor/client.js', asset(CLIENT, 'public, max-age=3600',
    (text) => text.replace("from 'openapi-fetch'", "from '/capture/vendor/openapi-fetch.js'")));
  map.set('/capture/vendor/openapi-fetch.js', asset(join(packageDir('openapi-fetch'), 'dist/index.mjs'), 'public, max-age=86400'));
  for (const model of ['blazeface.json', 'blazeface.bin', 'facemesh.json', 'facemesh.bin']) {
    map.set(`/capture/models/${model}`, asset(join(human, 'models', model), 'public, max-age=86400'));
  }
  return map;
}

function send(request: FastifyRequest, reply: FastifyReply, a: Asset): FastifyReply {
  reply.header('cache-control', a.cache).header('etag', a.etag).header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === a.etag) return reply.code(304).send();
  const gzip = a.gzip !== null && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  reply.header('vary', 'accept-encoding').type(a.type);
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? a.gzip : a.body);
}

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const files = assets();
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    reply.header('content-security-policy', PAGE_CSP).header('referrer-policy', 'no-referrer')
      .header('permissions-policy', 'camera=(self), microphone=()');
    return send(request, reply, files.get('/') as Asset);
  });
  app.get('/capture/*', { schema: { hide: true } }, async (request, reply) => {
    const found = files.get(request.url.split('?')[0] ?? '');
    if (found === undefined) {
      return reply.code(404).send({ status: 'Error', message: 'Not Found', details: { error: `No route for GET ${request.url.split('?')[0]}` } });
    }
    return send(request, reply, found);
  });
}
