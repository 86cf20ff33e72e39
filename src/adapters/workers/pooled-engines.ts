import type { DocumentReading, ReadHints, TextBox } from '../document/document.types.js';
import type { DetectedFace } from '../face/face.types.js';
import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import { EnginePool, type JobEvent } from './engine-pool.js';
import type { EngineKind } from './protocol.js';

/** Live load of one engine's pool, for metrics and logs. */
export interface PoolStats {
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
}

/** What the service needs from the models, plus lifecycle. */
export interface Engines {
  readonly faces: { analyze(image: RgbImage): Promise<DetectedFace[]>; readonly models: readonly ModelInfo[] };
  readonly documents: {
    read(image: RgbImage, hints?: ReadHints): Promise<DocumentReading>;
    /** Text boxes only (no reading), for the document-in-selfie check. */
    findText(image: RgbImage): Promise<TextBox[]>;
    readonly models: readonly ModelInfo[];
  };
  /** Resolves when every model is loaded and warmed; rejects if one fails to load. */
  readonly ready: Promise<void>;
  isReady(): boolean;
  /** Model load + warm-up time in ms, per engine (slowest worker). */
  loadTimes(): { readonly face: number; readonly document: number };
  queueDepth(): number;
  /** Inference jobs past their deadline still running in a worker (health degrades); optional for stand-ins. */
  stuck?(): number;
  /** Per-engine pool load; optional so stand-in engines in tests need not fake it. */
  stats?(): Readonly<Record<EngineKind, PoolStats>>;
  close(): Promise<void>;
}

export interface PooledEnginesOptions {
  /** Worker threads per engine, unless overridden below (the CLI uses one of each). */
  readonly workers?: number;
  /** Worker threads for the face engine. */
  readonly faceWorkers?: number;
  /** Worker threads for the document engine. */
  readonly documentWorkers?: number;
  /** onnxruntime intra-op threads per document worker; 1 when absent. */
  readonly documentThreads?: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  readonly onWorkerError?: (error: Error, kind: EngineKind) => void;
  readonly onJob?: (event: JobEvent) => void;
}

/** Starts one worker pool for faces and one for documents; models load in the background. */
export function startPooledEngines(options: PooledEnginesOptions): Engines {
  const common = {
    maxQueue: options.maxQueue,
    ...(options.onWorkerError ? { onWorkerError: options.onWorkerError } : {}),
    ...(options.onJob ? { onJob: options.onJob } : {}),
  };
  const facePool = new EnginePool({ kind: 'face', size: options.faceWorkers ?? options.workers ?? 1, ...common });
  const documentPool = new EnginePool({
    kind: 'document',
    size: options.documentWorkers ?? options.workers ?? 1,
    ...(options.documentThreads !== undefined ? { threads: options.documentThreads } : {}),
    ...common,
  });
  let loaded = false;
  const ready = Promise.all([facePool.start(), documentPool.start()]).then(() => {
    loaded = true;
  });
  // A load failure is reported through `ready`; keep it from surfacing as an unhandled rejection too.
  ready.catch(() => undefined);
  const statsOf = (pool: EnginePool): PoolStats => ({ workers: pool.size, busy: pool.busy, queued: pool.queueDepth });
  return {
    faces: {
      analyze: (image) => facePool.run<DetectedFace[]>(image, options.timeoutMs),
      get models() {
        return facePool.models;
      },
    },
    documents: {
      read: (image, hints) => documentPool.run<DocumentReading>(image, options.timeoutMs, hints),
      findText: (image) => documentPool.run<TextBox[]>(image, options.timeoutMs, undefined, 'find-text'),
      get models() {
        return documentPool.models;
      },
    },
    ready,
    isReady: () => loaded,
    loadTimes: () => ({ face: facePool.loadMs, document: documentPool.loadMs }),
    queueDepth: () => facePool.queueDepth + documentPool.queueDepth,
    stuck: () => facePool.stuck + documentPool.stuck,
    stats: () => ({ face: statsOf(facePool), document: statsOf(documentPool) }),
    close: async () => {
      await Promise.all([facePool.close(), documentPool.close()]);
    },
  };
}
