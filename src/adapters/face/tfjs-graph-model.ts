/**
 * Loads a tfjs-converter graph model (model.json + weights, already read and checksummed) as an onnxruntime
 * session: weights decoded in plain TypeScript, graph translated to ONNX in memory. Nothing is written to disk.
 */
import { OnnxSession } from '../runtime/onnx-runtime.js';
import { tfjsGraphToOnnx, type TfjsNode, type TfjsToOnnxOptions } from './tfjs-graph-to-onnx.js';
import { decodeTfjsWeights, type WeightsManifestGroup } from './tfjs-weights.js';

/** The parts of a tfjs graph model.json the translation reads. */
interface GraphModelJson {
  readonly modelTopology: { readonly node: readonly TfjsNode[] };
  readonly weightsManifest: readonly WeightsManifestGroup[];
}

function isGraphModelJson(json: unknown): json is GraphModelJson {
  const j = json as Partial<GraphModelJson> | null;
  return typeof j === 'object' && j !== null && Array.isArray(j.modelTopology?.node) && Array.isArray(j.weightsManifest);
}

/** Builds the ONNX bytes for a tfjs graph model (exported for tests that inspect the translation). */
export function tfjsGraphModelToOnnx(name: string, json: unknown, weightData: ArrayBuffer, options: TfjsToOnnxOptions): Uint8Array {
  if (!isGraphModelJson(json)) throw new Error(`${name}: not a tfjs graph model.json`);
  const weights = decodeTfjsWeights(json.weightsManifest.flatMap((g) => g.weights), weightData);
  return tfjsGraphToOnnx(name, json.modelTopology.node, weights, options);
}

/** One single-threaded session for the translated graph (the service runs one face worker per core). */
export async function loadTfjsGraphAsOnnx(name: string, json: unknown, weightData: ArrayBuffer,
  options: TfjsToOnnxOptions): Promise<OnnxSession> {
  return OnnxSession.fromBytes(tfjsGraphModelToOnnx(name, json, weightData, options), { threads: 1 });
}
