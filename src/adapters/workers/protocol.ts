import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import type { ReadHints } from '../document/document.types.js';

/** Which engine a worker thread hosts. */
export type EngineKind = 'face' | 'document';

export interface WorkerInit {
  readonly kind: EngineKind;
  /** onnxruntime intra-op threads of the document engine's sessions (the face engine's use one). */
  readonly threads?: number;
}

/** What a job asks of the engine: its main work (analyse faces / read the document), or text boxes only. */
export type JobTask = 'main' | 'find-text';

export interface JobMessage {
  readonly id: number;
  readonly image: RgbImage;
  readonly hints?: ReadHints;
  /** Absent means 'main'. */
  readonly task?: JobTask;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly models: readonly ModelInfo[]; readonly loadMs: number }
  | { readonly type: 'load-failed'; readonly error: string }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: string };
