/**
 * Configuration, parsed and validated once at boot. This is the only module that reads `process.env`
 * (and the API-key file it names); everything else receives a frozen `Config`.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly limits: {
    /** Largest accepted image part, bytes. */
    readonly maxFileBytes: number;
    /** Largest accepted request body as a whole (every part plus multipart framing), bytes. */
    readonly maxRequestBytes: number;
    /** Largest accepted decoded image, pixels (decompression-bomb guard). */
    readonly maxPixels: number;
    /** Longest accepted typed name, characters. */
    readonly maxNameLength: number;
    /** Per-request deadline for the whole verification, ms. */
    readonly requestTimeoutMs: number;
    /** Time a client gets to send headers and the whole body; slower uploads (slowloris) are cut off. */
    readonly uploadTimeoutMs: number;
  };
  /** Child processes that decode uploads with libvips (killable at the deadline, unlike a thread). */
  readonly decodeProcesses: number;
  /** A decode may wait this long for a free process and then run this long; a run past it is ERR_IMAGE_TOO_COMPLEX, ms. */
  readonly decodeTimeoutMs: number;
  /** Uploads one client address may have arriving at once; more are refused with 429 ERR_TOO_MANY_UPLOADS. */
  readonly maxUploadsPerClient: number;
  /** Worker threads for the face engine (two analyses per request). */
  readonly faceWorkers: number;
  /** Worker threads for the document engine (one OCR pass per request). */
  readonly documentWorkers: number;
  /** Inference jobs allowed to wait per engine before new requests get 503. */
  readonly maxQueue: number;
  /** Verifications worked on at once; one more is refused at once with 503 + Retry-After. */
  readonly maxInFlight: number;
  /** Fail verification when the document's expiry date has passed. */
  readonly failExpiredDocuments: boolean;
  /** Verified needs a check-valid MRZ; false accepts printed-name documents (driving licences), saying so. */
  readonly requireMrz: boolean;
  /** Specimen documents (state UTO, SPECIMEN / MUSTERMANN names, VOID) may be Verified: demos and tests only. */
  readonly allowSpecimenDocuments: boolean;
  /** The passive screen/print replay check: `block` refuses above its threshold, `report` only reports the score. */
  readonly replayAction: 'block' | 'report';
  /** Replay score (0..1) at or above which a selfie is a replay; undefined keeps the calibrated threshold. */
  readonly replayThreshold: number | undefined;
  /** Target false-accept rate of the face decision; policy.ts picks the calibrated threshold for it. */
  readonly faceTargetFar: number;
  /** Accepted API keys; empty means authentication is off. */
  readonly apiKeys: readonly string[];
  /** Requests allowed per key (or per client IP when auth is off) per window; 0 turns rate limiting off. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
  /** Failed authentications allowed per client address per window, then 429 for it; 0 turns the limit off. */
  readonly authFailureLimit: { readonly max: number; readonly windowMs: number };
  /** Browser origins allowed by CORS; empty turns CORS off, `*` allows any origin. */
  readonly corsOrigins: readonly string[];
  /**
   * Trust X-Forwarded-For from this many proxy hops (0: use the socket address). Above 0 the service must be
   * reachable only through those proxies, or any client picks its own address (docs/OPERATIONS.md).
   */
  readonly trustProxyHops: number;
  /** How long SIGTERM waits for in-flight requests before the process exits anyway, ms. */
  readonly shutdownTimeoutMs: number;
  /** Data folder for optional tests and benchmarks (never needed in production). */
  readonly dataDir: string;
  /**
   * Folder the real-document evaluation set is rebuilt into (`npm run make:real-documents`) and read from by
   * `bench:documents --set dev|test`; outside the repository because the images carry no licence of their own.
   */
  readonly realDocumentsDir: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads a file named by the environment; injectable so tests need no files on disk. */
export type ReadFile = (path: string) => string;

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function number(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

function list(raw: string | undefined, separator: RegExp): string[] {
  return (raw ?? '').split(separator).map((s) => s.trim()).filter((s) => s !== '');
}

// Keys travel in a header: printable ASCII without spaces, long enough not to be guessable.
const API_KEY = /^[\x21-\x7e]{16,256}$/;

/** Keys from API_KEYS (comma-separated) and API_KEYS_FILE (one per line, `#` comments), validated. */
function apiKeys(env: Env, readFile: ReadFile): string[] {
  const keys = list(env.API_KEYS, /,/);
  const file = env.API_KEYS_FILE;
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = readFile(file);
    } catch {
      throw new ConfigError(`API_KEYS_FILE "${file}" cannot be read`);
    }
    keys.push(...list(text.replace(/#.*$/gm, ''), /\r?\n/));
    if (keys.length === 0) throw new ConfigError(`API_KEYS_FILE "${file}" holds no keys`);
  }
  // Never echo a key: say which one by position only.
  const bad = keys.findIndex((k) => !API_KEY.test(k));
  if (bad >= 0) throw new ConfigError(`API key #${bad + 1} must be 16-256 printable ASCII characters without spaces`);
  return [...new Set(keys)];
}

function origins(env: Env): string[] {
  const values = list(env.CORS_ORIGINS, /,/);
  for (const origin of values) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS entries must be * or scheme://host[:port], got "${origin}"`);
    }
  }
  return values;
}

function replayAction(env: Env): 'block' | 'report' {
  const raw = env.REPLAY_ACTION ?? 'block';
  if (raw !== 'block' && raw !== 'report') throw new ConfigError(`REPLAY_ACTION must be block or report, got "${raw}"`);
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses the environment into a frozen Config; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env, readFile: ReadFile = (path) => readFileSync(path, 'utf8')): Config {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  // OCR of one ID photo costs about twice the CPU of the two face analyses of a request, so the document
  // pool gets a thread per core and the face pool half as many: on 2 cores, 2 + 1 threads keep both cores
  // busy (docs/OPERATIONS.md, "Sizing"). WORKERS sets both pools at once; FACE_WORKERS / DOCUMENT_WORKERS
  // override one.
  const cores = Math.max(1, cpus().length);
  const workers = env.WORKERS === undefined || env.WORKERS === '' ? undefined : int(env, 'WORKERS', 1, 1, 16);
  const documentWorkers = int(env, 'DOCUMENT_WORKERS', workers ?? Math.min(cores, 16), 1, 16);
  const maxFileBytes = int(env, 'MAX_FILE_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024);
  const maxRequestBytes = int(env, 'MAX_REQUEST_BYTES', 2 * maxFileBytes + 1024 * 1024, 2048, 256 * 1024 * 1024);
  if (maxRequestBytes < maxFileBytes) {
    throw new ConfigError(`MAX_REQUEST_BYTES (${maxRequestBytes}) must be at least MAX_FILE_BYTES (${maxFileBytes})`);
  }
  const requestTimeoutMs = int(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000);
  // A 40-megapixel JPEG decodes in about a second on one core; ten leave room for a loaded machine.
  const decodeTimeoutMs = int(env, 'DECODE_TIMEOUT_MS', Math.min(10_000, Math.floor(requestTimeoutMs / 3)), 100, 600_000);
  if (2 * decodeTimeoutMs >= requestTimeoutMs) {
    // Waiting for a process and running are each bounded by it, so both must fit in the request deadline.
    throw new ConfigError(`DECODE_TIMEOUT_MS (${decodeTimeoutMs}) must be less than half of REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  return Object.freeze({
    host: env.HOST ?? '0.0.0.0',
    port: int(env, 'PORT', 8080, 0, 65535),
    logLevel: logLevel as Config['logLevel'],
    limits: Object.freeze({
      maxFileBytes,
      maxRequestBytes,
      maxPixels: int(env, 'MAX_IMAGE_PIXELS', 40_000_000, 10_000, 268_402_689),
      maxNameLength: int(env, 'MAX_NAME_LENGTH', 200, 10, 10_000),
      requestTimeoutMs,
      uploadTimeoutMs: int(env, 'UPLOAD_TIMEOUT_MS', 30_000, 100, 600_000),
    }),
    // Two images per request are decoded side by side.
    decodeProcesses: int(env, 'DECODE_PROCESSES', 2, 1, 16),
    decodeTimeoutMs,
    maxUploadsPerClient: int(env, 'MAX_UPLOADS_PER_CLIENT', 4, 1, 10_000),
    faceWorkers: int(env, 'FACE_WORKERS', workers ?? Math.min(Math.ceil(cores / 2), 16), 1, 16),
    documentWorkers,
    maxQueue: int(env, 'MAX_QUEUE', 16, 0, 10_000),
    // One verification per document thread plus one being decoded / waiting keeps every thread busy;
    // more in flight only adds queueing latency.
    maxInFlight: int(env, 'MAX_IN_FLIGHT', documentWorkers + 1, 1, 10_000),
    failExpiredDocuments: bool(env, 'FAIL_EXPIRED_DOCUMENTS', true),
    requireMrz: bool(env, 'REQUIRE_MRZ', true),
    allowSpecimenDocuments: bool(env, 'ALLOW_SPECIMEN_DOCUMENTS', false),
    replayAction: replayAction(env),
    replayThreshold: env.REPLAY_THRESHOLD === undefined || env.REPLAY_THRESHOLD === '' ? undefined : number(env, 'REPLAY_THRESHOLD', 0, 0, 1),
    faceTargetFar: number(env, 'FACE_TARGET_FAR', 1e-3, 1e-5, 0.1),
    apiKeys: Object.freeze(apiKeys(env, readFile)),
    rateLimit: Object.freeze({
      max: int(env, 'RATE_LIMIT_MAX', 120, 0, 1_000_000),
      windowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1_000, 86_400_000),
    }),
    authFailureLimit: Object.freeze({
      max: int(env, 'AUTH_FAILURE_MAX', 10, 0, 1_000_000),
      windowMs: int(env, 'AUTH_FAILURE_WINDOW_MS', 60_000, 1_000, 86_400_000),
    }),
    corsOrigins: Object.freeze(origins(env)),
    trustProxyHops: int(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    dataDir: env.IDENTITY_CHECK_DATA ?? '../shared/data',
    realDocumentsDir: env.IDENTITY_CHECK_REAL_DOCUMENTS ?? '../real-documents',
  });
}
