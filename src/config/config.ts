/**
 * Configuration, parsed and validated once at boot. This is the only module that reads `process.env`;
 * everything else receives a frozen `Config`.
 */
import { cpus } from 'node:os';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly limits: {
    /** Largest accepted image part, bytes. */
    readonly maxFileBytes: number;
    /** Largest accepted decoded image, pixels (decompression-bomb guard). */
    readonly maxPixels: number;
    /** Longest accepted typed name, characters. */
    readonly maxNameLength: number;
    /** Per-request deadline for the whole verification, ms. */
    readonly requestTimeoutMs: number;
  };
  /** Worker threads for each engine (face, document). */
  readonly workers: number;
  /** Inference jobs allowed to wait per engine before new requests get 503. */
  readonly maxQueue: number;
  /** Fail verification when the document's expiry date has passed. */
  readonly failExpiredDocuments: boolean;
  /** Data folder for optional tests and benchmarks (never needed in production). */
  readonly dataDir: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be an integer between ${min} and ${max}, got "${raw}"`);
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses the environment into a frozen Config; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  // One face thread and one document thread already use both cores of a 2-core box.
  const defaultWorkers = Math.max(1, Math.floor(cpus().length / 2));
  return Object.freeze({
    host: env.HOST ?? '0.0.0.0',
    port: int(env, 'PORT', 8080, 0, 65535),
    logLevel: logLevel as Config['logLevel'],
    limits: Object.freeze({
      maxFileBytes: int(env, 'MAX_FILE_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxPixels: int(env, 'MAX_IMAGE_PIXELS', 40_000_000, 10_000, 268_402_689),
      maxNameLength: int(env, 'MAX_NAME_LENGTH', 200, 10, 10_000),
      requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    }),
    workers: int(env, 'WORKERS', defaultWorkers, 1, 16),
    maxQueue: int(env, 'MAX_QUEUE', 16, 0, 10_000),
    failExpiredDocuments: bool(env, 'FAIL_EXPIRED_DOCUMENTS', true),
    dataDir: env.IDENTITY_CHECK_DATA ?? '../shared/data',
  });
}
