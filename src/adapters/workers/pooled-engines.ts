import type { DocumentReading } from '../document/document.types.js';
import type { DetectedFace } from '../face/face.types.js';
import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import { EnginePool } from './engine-pool.js';

/** What the service needs from the models, plus lifecycle. */
export interface Engines {
  readonly faces: { analyze(image: RgbImage): Promise<DetectedFace[]>; readonly models: readonly ModelInfo[] };
  readonly documents: { read(image: RgbImage): Promise<DocumentReading>; readonly models: readonly ModelInfo[] };
  /** Resolves when every model is loaded and warmed; rejects if one fails to load. */
  readonly ready: Promise<void>;
  isReady(): boolean;
  /** Model load + warm-up time in ms, per engine (slowest worker). */
  loadTimes(): { readonly face: number; readonly document: number };
  queueDepth(): number;
  close(): Promise<void>;
}

export interface PooledEnginesOptions {
  /** Worker threads per engine. */
  readonly workers: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  readonly onWorkerError?: (error: Error) => void;
}

/** Starts one worker pool for faces and one for documents; models load in the background. */
export function startPooledEngines(options: PooledEnginesOptions): Engines {
  const common = { size: options.workers, maxQueue: options.maxQueue, ...(options.onWorkerError ? { onWorkerError: options.onWorkerError } : {}) };
  const facePool = new EnginePool({ kind: 'face', ...common });
  const documentPool = new EnginePool({ kind: 'document', ...common });
  let loaded = false;
  const ready = Promise.all([facePool.start(), documentPool.start()]).then(() => {
    loaded = true;
  });
  // A load failure is reported through `ready`; keep it from surfacing as an unhandled rejection too.
  ready.catch(() => undefined);
  return {
    faces: {
      analyze: (image) => facePool.run<DetectedFace[]>(image, options.timeoutMs),
      get models() {
        return facePool.models;
      },
    },
    documents: {
      read: (image) => documentPool.run<DocumentReading>(image, options.timeoutMs),
      get models() {
        return documentPool.models;
      },
    },
    ready,
    isReady: () => loaded,
    loadTimes: () => ({ face: facePool.loadMs, document: documentPool.loadMs }),
    queueDepth: () => facePool.queueDepth + documentPool.queueDepth,
    close: async () => {
      await Promise.all([facePool.close(), documentPool.close()]);
    },
  };
}
