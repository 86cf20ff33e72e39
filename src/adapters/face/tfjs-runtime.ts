/**
 * The only module that imports tfjs. Everything else in the face adapter gets `tf` from here, so the backend is
 * chosen in one place (wasm: tfjs-node cannot install offline and the pure-JS cpu backend is ~30x slower).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import type { io } from '@tensorflow/tfjs-core';

export { tf };
export type { GraphModel };
export type Tensor = tf.Tensor;
export type Tensor4D = tf.Tensor4D;
export type NamedTensorMap = tf.NamedTensorMap;

let ready: Promise<void> | undefined;

/**
 * Selects the wasm backend once per thread. Idempotent so several engines in one worker share the same
 * initialisation instead of racing `setBackend`.
 */
export function initTfjs(): Promise<void> {
  ready ??= (async () => {
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('tfjs wasm backend failed to initialise');
    await tf.ready();
  })();
  return ready;
}

/** A tfjs graph model description as stored in a converter model.json. */
export interface GraphModelJson {
  readonly modelTopology: object;
  readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: readonly io.WeightsManifestEntry[] }[];
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string;
  readonly userDefinedMetadata?: Record<string, object>;
}

/**
 * Builds a graph model from bytes already read (and checksummed) from disk. An in-memory IOHandler avoids the
 * fetch()-based loaders, which cannot read file:// URLs in Node, without patching any global.
 */
export async function graphModelFromMemory(json: GraphModelJson, weightData: ArrayBuffer): Promise<GraphModel> {
  const handler: io.IOHandler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy ?? undefined,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  };
  return loadGraphModel(handler);
}

/** Decodes a (possibly uint8-quantised) weights manifest into named tensors. */
export function decodeWeights(specs: readonly io.WeightsManifestEntry[], weightData: ArrayBuffer): NamedTensorMap {
  return tf.io.decodeWeights(weightData, [...specs]);
}
