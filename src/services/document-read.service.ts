/**
 * POST /documents/read and `identity-check read-document`: read an identity document (and its back) without a
 * selfie, and match a typed name against it when one is given. The same document reading and judgement as
 * /verify (document-reading.ts); no face work and no verdict. No HTTP here.
 */
import { performance } from 'node:perf_hooks';
import { decodeImage, type DecodedImage } from '../adapters/image/decode-image.js';
import type { PixelDecoder } from '../adapters/image/decode-pixels.js';
import type { ModelInfo } from '../adapters/image/rgb-image.js';
import type { NameMatch } from '../domain/name-match.js';
import { readDocumentImages, type DocumentDeps, type DocumentOutcome } from './document-reading.js';
import { settleAll, type DocumentReader } from './verification.service.js';

export interface DocumentReadInput {
  /** `document`: the side with the portrait, or a passport's photo page. */
  readonly document: Buffer;
  /** `document_back`: the back of the card, when sent. */
  readonly back?: Buffer;
  /** The name to match against the document, when sent (NFC, trimmed, already checked by checkName). */
  readonly name?: string;
}

export interface DocumentReadOutcome {
  readonly document: DocumentOutcome;
  /** Null when no name was sent. */
  readonly name: NameMatch | null;
  readonly models: readonly ModelInfo[];
  readonly timingsMs: { readonly decode: number; readonly inference: number; readonly total: number };
}

export interface DocumentReadDeps extends DocumentDeps {
  readonly documents: Pick<DocumentReader, 'read' | 'models'>;
  /** Runs libvips: the server's decode-process pool; in-process when absent (CLI). */
  readonly decode?: PixelDecoder;
}

/** Decodes the uploads (every failing field reported together), reads and judges the document. */
export async function readDocument(input: DocumentReadInput, deps: DocumentReadDeps): Promise<DocumentReadOutcome> {
  const t0 = performance.now();
  const limits = deps.policy.image;
  const decodes = [decodeImage('document', input.document, limits, deps.decode)];
  if (input.back !== undefined) decodes.push(decodeImage('document_back', input.back, limits, deps.decode));
  const [front, back] = (await settleAll(decodes)) as [DecodedImage, DecodedImage?];
  const t1 = performance.now();
  const read = await readDocumentImages({ front: front.image, ...(back ? { back: back.image } : {}) }, input.name, deps);
  const t2 = performance.now();
  return {
    ...read,
    models: deps.documents.models,
    timingsMs: { decode: Math.round(t1 - t0), inference: Math.round(t2 - t1), total: Math.round(t2 - t0) },
  };
}
