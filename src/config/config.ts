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
  /** onnxruntime intra-op threads of each document worker's sessions. */
  readonly documentThreads: number;
  /** Inference jobs allowed to wait per engine before new requests get 503. */
  readonly maxQueue: number;
  /** Verifications worked on at once; more wait for a slot (see queueTimeoutMs). */
  readonly maxInFlight: number;
  /**
   * Longest predicted wait for a verification slot, ms: a request whose predicted wait is longer (or whose
   * actual wait runs past it) is refused with 503 + Retry-After computed from the queue; 0 never waits.
   */
  readonly queueTimeoutMs: number;
  /** Fail verification when the document's expiry date has passed. */
  readonly failExpiredDocuments: boolean;
  /** Verified needs a check-valid MRZ; false accepts printed-name documents (driving licences), saying so. */
  readonly requireMrz: boolean;
  /** Specimen documents (state UTO, SPECIMEN / MUSTERMANN names, VOID) may be Verified: demos and tests only. */
  readonly allowSpecimenDocuments: boolean;
  /**
   * /verify without a liveness challenge (challenge_id + frames) is refused with ERR_LIVENESS_REQUIRED. Off by
   * default so the two-image contract keeps working; the capture page always sends a challenge.
   */
  readonly requireLiveness: boolean;
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
  /** Decision records, the asynchronous queue and webhooks (src/adapters/store, src/services/records). */
  readonly records: RecordsConfig;
}

export interface RecordsConfig {
  /** Folder of the embedded SQLite store (DATA_DIR); unused when `databaseUrl` is set. */
  readonly storeDir: string;
  /** PostgreSQL connection string (DATABASE_URL); undefined keeps the embedded SQLite store. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL schema holding the tables (DATABASE_SCHEMA), created when missing. */
  readonly databaseSchema: string;
  /** Redis for the BullMQ queue (REDIS_URL); undefined keeps the durable queue inside the store. */
  readonly redisUrl: string | undefined;
  /** Key prefix of the BullMQ queue in Redis (QUEUE_PREFIX). */
  readonly queuePrefix: string;
  /** Job workers inside the HTTP process (QUEUE_WORKERS): 1 with the embedded queue, 0 with Redis. */
  readonly inProcessWorkers: number;
  /** Verifications one worker process runs at once (WORKER_CONCURRENCY). */
  readonly workerConcurrency: number;
  /** A job whose worker stopped answering is handed to another after this long (JOB_LEASE_MS). */
  readonly jobLeaseMs: number;
  /**
   * How a synchronous /verify's record is committed on PostgreSQL (RECORD_COMMIT): `durable` waits for the
   * disk flush; `fast` does not (a database crash can lose the last fraction of a second of such records,
   * never a queued job). SQLite in WAL mode never waits for a flush per commit.
   */
  readonly recordCommit: 'durable' | 'fast';
  /** Typed names and MRZ fields kept in clear (STORE_PERSONAL_DATA); otherwise as keyed hashes. */
  readonly storePersonalData: boolean;
  /** HMAC secret for names and MRZ fields (RECORD_SECRET); undefined: generated once and kept in the store. */
  readonly recordSecret: string | undefined;
  /** AES-256-GCM key for uploads waiting in the queue (UPLOAD_KEY, 64 hex); undefined: generated and kept in the store. */
  readonly uploadKey: Buffer | undefined;
  /** Master secret the per-key webhook secrets derive from (WEBHOOK_SECRET); undefined: generated and kept in the store. */
  readonly webhookSecret: string | undefined;
  /** Hosts (or IP addresses) a callback_url may name (WEBHOOK_ALLOWED_HOSTS); empty refuses every callback. */
  readonly webhookAllowedHosts: readonly string[];
  /** Plain-http callbacks allowed (WEBHOOK_ALLOW_HTTP); https only otherwise. */
  readonly webhookAllowHttp: boolean;
  /** Webhook deliveries are retried with backoff for this long (WEBHOOK_RETRY_HOURS). */
  readonly webhookRetryMs: number;
  /** First retry delay, doubled on every failure (WEBHOOK_BACKOFF_MS), capped at an hour. */
  readonly webhookBackoffMs: number;
  /** Records older than this many days are deleted (RETENTION_DAYS); 0 keeps them. */
  readonly retentionDays: number;
  /** How far back a selfie's sha256 is looked up under other names (REPLAY_WINDOW_DAYS); 0 turns it off. */
  readonly replayWindowDays: number;
  /** SELFIE_REUSED refuses the verification (`block`) or is only reported (`report`, the default). */
  readonly selfieReuseAction: 'block' | 'report';
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
  // OCR of one ID photo costs about twice the CPU of the two face analyses of a request, so the document pool
  // gets a single-threaded worker per core and the face pool half as many. One worker with a thread per core
  // holds less memory (one set of sessions and arenas) but its threads wait on each other: under a 16-client
  // burst it spent about 20% more CPU per request and refused 3 of 32 (docs/OPERATIONS.md, "Sizing"). WORKERS
  // sets both pools at once; FACE_WORKERS / DOCUMENT_WORKERS override one; DOCUMENT_THREADS defaults to the
  // cores each document worker gets.
  const cores = Math.max(1, cpus().length);
  const workers = env.WORKERS === undefined || env.WORKERS === '' ? undefined : int(env, 'WORKERS', 1, 1, 16);
  const documentWorkers = int(env, 'DOCUMENT_WORKERS', workers ?? Math.min(cores, 16), 1, 16);
  const documentThreads = int(env, 'DOCUMENT_THREADS', Math.min(16, Math.max(1, Math.floor(cores / documentWorkers))), 1, 16);
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
    // One: a decode is a few percent of a request's CPU, and every process holds its own Node and libvips (about
    // 100 MB resident at a burst's peak). A second one decoded a request's two images side by side.
    decodeProcesses: int(env, 'DECODE_PROCESSES', 1, 1, 16),
    decodeTimeoutMs,
    maxUploadsPerClient: int(env, 'MAX_UPLOADS_PER_CLIENT', 4, 1, 10_000),
    faceWorkers: int(env, 'FACE_WORKERS', workers ?? Math.min(Math.ceil(cores / 2), 16), 1, 16),
    documentWorkers,
    documentThreads,
    maxQueue: int(env, 'MAX_QUEUE', 16, 0, 10_000),
    // One verification per core the document engine uses plus one being decoded / in the face worker keeps
    // every core busy; more in flight only adds queueing latency and memory.
    maxInFlight: int(env, 'MAX_IN_FLIGHT', documentWorkers * documentThreads + 1, 1, 10_000),
    queueTimeoutMs: int(env, 'QUEUE_TIMEOUT_MS', 10_000, 0, 600_000),
    failExpiredDocuments: bool(env, 'FAIL_EXPIRED_DOCUMENTS', true),
    requireMrz: bool(env, 'REQUIRE_MRZ', true),
    allowSpecimenDocuments: bool(env, 'ALLOW_SPECIMEN_DOCUMENTS', false),
    requireLiveness: bool(env, 'REQUIRE_LIVENESS', false),
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
    records: recordsConfig(env),
  });
}

function secretText(env: Env, key: string): string | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) throw new ConfigError(`${key} must be at least 16 characters`);
  return raw;
}

function recordsConfig(env: Env): RecordsConfig {
  const redisUrl = env.REDIS_URL === '' ? undefined : env.REDIS_URL;
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  const schema = env.DATABASE_SCHEMA ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new ConfigError(`DATABASE_SCHEMA must be a lower-case SQL identifier, got "${schema}"`);
  const prefix = env.QUEUE_PREFIX ?? 'identity-check';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new ConfigError(`QUEUE_PREFIX must be 1-64 characters [A-Za-z0-9_.-], got "${prefix}"`);
  const uploadKeyHex = env.UPLOAD_KEY;
  if (uploadKeyHex !== undefined && uploadKeyHex !== '' && !/^[0-9a-fA-F]{64}$/.test(uploadKeyHex)) {
    throw new ConfigError('UPLOAD_KEY must be 64 hexadecimal characters (a 256-bit AES key)');
  }
  const commit = env.RECORD_COMMIT ?? 'durable';
  if (commit !== 'durable' && commit !== 'fast') throw new ConfigError(`RECORD_COMMIT must be durable or fast, got "${commit}"`);
  const action = env.SELFIE_REUSED_ACTION ?? 'report';
  if (action !== 'block' && action !== 'report') throw new ConfigError(`SELFIE_REUSED_ACTION must be block or report, got "${action}"`);
  return Object.freeze({
    storeDir: env.DATA_DIR ?? './data',
    databaseUrl,
    databaseSchema: schema,
    redisUrl,
    queuePrefix: prefix,
    inProcessWorkers: int(env, 'QUEUE_WORKERS', redisUrl === undefined ? 1 : 0, 0, 16),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 1, 1, 64),
    jobLeaseMs: int(env, 'JOB_LEASE_MS', 120_000, 1_000, 3_600_000),
    recordCommit: commit,
    storePersonalData: bool(env, 'STORE_PERSONAL_DATA', false),
    recordSecret: secretText(env, 'RECORD_SECRET'),
    uploadKey: uploadKeyHex === undefined || uploadKeyHex === '' ? undefined : Buffer.from(uploadKeyHex, 'hex'),
    webhookSecret: secretText(env, 'WEBHOOK_SECRET'),
    webhookAllowedHosts: Object.freeze(list(env.WEBHOOK_ALLOWED_HOSTS, /,/).map((h) => h.toLowerCase())),
    webhookAllowHttp: bool(env, 'WEBHOOK_ALLOW_HTTP', false),
    webhookRetryMs: int(env, 'WEBHOOK_RETRY_HOURS', 24, 1, 720) * 3_600_000,
    webhookBackoffMs: int(env, 'WEBHOOK_BACKOFF_MS', 5_000, 10, 3_600_000),
    retentionDays: int(env, 'RETENTION_DAYS', 0, 0, 36_500),
    replayWindowDays: int(env, 'REPLAY_WINDOW_DAYS', 30, 0, 3_650),
    selfieReuseAction: action,
  });
}
