/** Public entry of the document adapter: what the worker registry and the service may import. */
import type { DocumentEngine } from './document.types.js';
import { PaddleDocumentEngine, type PaddleEngineOptions } from './document-engine.js';

export type { DocumentEngine, DocumentReading, MrzReading, OcrLine, PageNameEvidence, TextBox } from './document.types.js';
export { DEFAULT_ENGINE_OPTIONS, DOCUMENT_MODELS, PaddleDocumentEngine, type PaddleEngineOptions } from './document-engine.js';
export { documentNames, pageNameEvidence } from './page-names.js';
export { ModelIntegrityError } from '../runtime/onnx-runtime.js';

/** The engine a document worker hosts; one per thread, call `load()` before `read()`. */
export function createDocumentEngine(options: Partial<PaddleEngineOptions> = {}): DocumentEngine {
  return new PaddleDocumentEngine(options);
}
