/**
 * The only module that imports onnxruntime-node. Everything else sees plain Float32Array tensors, so the
 * runtime can be swapped or upgraded in one place and no native tensor handle leaks into domain code.
 */
import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { checkBytes } from './model-files.js';

export { ModelIntegrityError } from './model-files.js';

/** A dense float32 tensor as plain data, safe to keep after the native tensor is released. */
export interface FloatTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface OnnxSessionOptions {
  /** Absolute path of the .onnx file. */
  readonly path: string;
  /** Expected sha256 (hex) of the file; loading fails if the bytes differ. */
  readonly sha256: string;
  /** Intra-op threads; 1 by default because 2 threads were no faster on small models on 2-core hosts. */
  readonly threads?: number;
  /**
   * onnxruntime's CPU arena. On by default: without it every run with a new input shape maps fresh memory and
   * was ~2x slower on the recogniser. It keeps the largest buffers ever used, so callers cap input sizes.
   */
  readonly memoryArena?: boolean;
  /**
   * Rewrites the verified bytes before the session is built (e.g. `fuseConvolutionTails`). It must compute the
   * same function: the model's identity stays the file's sha256.
   */
  readonly rewrite?: (bytes: Uint8Array) => Uint8Array;
}

/** Session tuning for a model built in memory (see `OnnxSession.fromBytes`). */
export type OnnxBytesSessionOptions = Pick<OnnxSessionOptions, 'threads' | 'memoryArena'>;

/** The options every session is built with; exported for its tests. */
export function sessionOptions(options: OnnxBytesSessionOptions): ort.InferenceSession.SessionOptions {
  const threads = options.threads ?? 1;
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: options.memoryArena ?? true,
    // The memory pattern plans one block for every activation of a run and keeps one plan per input shape. Input
    // sizes change from photo to photo, so the arena kept growing with blocks no later run reused, and runs were
    // no faster with it (bench:latency prints the server's peak RSS and CPU per request).
    enableMemPattern: false,
    // Intra-op threads otherwise spin between kernels, holding a core each while they wait. On 2 cores shared
    // with the face worker, the event loop and the decode processes that spin is taken from them.
    ...(threads > 1 ? { extra: { session: { 'intra_op.allow_spinning': '0' } } } : {}),
  };
}

/** An inference session over one model file. Not safe for concurrent `run` calls from several threads. */
export class OnnxSession {
  private session: ort.InferenceSession | null;

  private constructor(session: ort.InferenceSession) {
    this.session = session;
  }

  /** Reads the file once, verifies its hash, then builds the session from the same bytes (no re-read race). */
  static async create(options: OnnxSessionOptions): Promise<OnnxSession> {
    const bytes = await readFile(options.path);
    checkBytes(bytes, options.sha256, options.path);
    return OnnxSession.fromBytes(options.rewrite ? options.rewrite(bytes) : bytes, options);
  }

  /**
   * Builds a session from ONNX model bytes already in memory, e.g. a graph assembled at load time from weights
   * the caller has verified itself. No hash check here: the bytes are not a file and have no pinned identity.
   */
  static async fromBytes(bytes: Uint8Array, options: OnnxBytesSessionOptions = {}): Promise<OnnxSession> {
    return new OnnxSession(await ort.InferenceSession.create(bytes, sessionOptions(options)));
  }

  get inputNames(): readonly string[] {
    return this.live().inputNames;
  }

  get outputNames(): readonly string[] {
    return this.live().outputNames;
  }

  /** Runs the model; input and output tensors are released before returning, only plain arrays escape. */
  async run(inputs: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
    const session = this.live();
    const feeds: Record<string, ort.Tensor> = {};
    try {
      for (const [name, tensor] of Object.entries(inputs)) {
        feeds[name] = new ort.Tensor('float32', tensor.data, tensor.dims);
      }
      const outputs = await session.run(feeds);
      const result: Record<string, FloatTensor> = {};
      for (const [name, value] of Object.entries(outputs)) {
        try {
          if (value.type !== 'float32') throw new Error(`output ${name} is ${value.type}, expected float32`);
          result[name] = { data: value.data as Float32Array, dims: [...value.dims] };
        } finally {
          value.dispose();
        }
      }
      return result;
    } finally {
      for (const tensor of Object.values(feeds)) tensor.dispose();
    }
  }

  /** Frees the native session. Safe to call twice. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await session.release();
  }

  private live(): ort.InferenceSession {
    if (!this.session) throw new Error('onnx session already released');
    return this.session;
  }
}
