import type { DocumentEngine, DocumentReading, ReadHints } from '../document/document.types.js';
import type { FaceEngine } from '../face/face.types.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { EngineKind, JobTask } from './protocol.js';

/** The one method a worker calls per job, whatever the engine. */
export interface HostedEngine {
  readonly models: FaceEngine['models'];
  load(): Promise<void>;
  run(image: RgbImage, hints?: ReadHints, task?: JobTask): Promise<unknown>;
  dispose(): Promise<void>;
}

/**
 * Builds the engine a worker hosts. Imports are dynamic so a face worker never loads the OCR runtime
 * and vice versa. `threads` is the document engine's onnxruntime intra-op threads per session.
 */
export async function createEngine(kind: EngineKind, threads = 1): Promise<HostedEngine> {
  if (kind === 'face') {
    const { HybridFaceEngine } = await import('../face/index.js');
    const engine: FaceEngine = new HybridFaceEngine();
    const run = (img: RgbImage, _hints?: ReadHints, task: JobTask = 'main'): Promise<unknown> => {
      if (task !== 'main') return Promise.reject(new Error(`face engine has no task ${task}`));
      return engine.analyze(img);
    };
    return { models: engine.models, load: () => engine.load(), run, dispose: () => engine.dispose() };
  }
  const [{ createDocumentEngine }, { limitSharp }] = await Promise.all([import('../document/index.js'), import('../image/sharp-limits.js')]);
  // The document reader resizes with sharp in this thread: no libvips cache of an earlier applicant's pixels,
  // and no libvips threads beside onnxruntime's.
  limitSharp();
  const engine: DocumentEngine = createDocumentEngine({ threads });
  const run = (img: RgbImage, hints?: ReadHints, task: JobTask = 'main'): Promise<unknown> =>
    task === 'find-text' ? engine.findText(img) : engine.read(img, hints).then(withoutLattices);
  return { models: engine.models, load: () => engine.load(), run, dispose: () => engine.dispose() };
}

/**
 * The reading as it leaves the worker: the MRZ name line's lattice (mrzEvidence) stays behind, since the name
 * was matched against it here (page-names.ts) and the service has no use for it.
 */
export function withoutLattices(reading: DocumentReading): DocumentReading {
  const { mrzEvidence: _lattice, ...rest } = reading;
  return rest;
}
