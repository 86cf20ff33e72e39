/**
 * Decodes tfjs weight manifests (model.json `weightsManifest` or face-api's `*-weights_manifest.json`) in plain
 * TypeScript, so the face engine needs no tfjs at all. Supported encodings are the ones the shipped files use:
 * float32, int32, and float32 quantised to uint8 / uint16 (`value = q * scale + min`) or to float16.
 */

/** One entry of a tfjs weights manifest. */
export interface WeightsManifestEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string; readonly scale?: number; readonly min?: number };
}

/** A weight group of a manifest: the listed weights are stored back to back in the group's files. */
export interface WeightsManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightsManifestEntry[];
}

/** A decoded weight: float32 for model parameters, int32 for shapes and paddings. */
export type DecodedWeight =
  | { readonly dtype: 'float32'; readonly shape: readonly number[]; readonly values: Float32Array }
  | { readonly dtype: 'int32'; readonly shape: readonly number[]; readonly values: Int32Array };

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

/**
 * Decodes every weight of the manifest from the concatenated weight bytes, in manifest order. Throws if an
 * encoding is unknown or the byte count does not match exactly (a truncated or foreign file).
 */
export function decodeTfjsWeights(entries: readonly WeightsManifestEntry[], data: ArrayBuffer): Map<string, DecodedWeight> {
  const view = new DataView(data);
  const out = new Map<string, DecodedWeight>();
  let offset = 0;
  for (const entry of entries) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const stored = entry.quantization?.dtype ?? entry.dtype;
    const width = BYTES[stored];
    if (!width) throw new Error(`weight ${entry.name}: unsupported storage dtype ${stored}`);
    const end = offset + count * width;
    if (end > data.byteLength) throw new Error(`weight ${entry.name} ends at byte ${end}, beyond the ${data.byteLength} bytes given`);
    if (entry.dtype === 'int32' && !entry.quantization) {
      const values = new Int32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getInt32(offset + 4 * i, true);
      out.set(entry.name, { dtype: 'int32', shape: entry.shape, values });
    } else if (entry.dtype === 'float32') {
      out.set(entry.name, { dtype: 'float32', shape: entry.shape, values: decodeFloats(view, offset, count, entry) });
    } else {
      throw new Error(`weight ${entry.name}: unsupported dtype ${entry.dtype}`);
    }
    offset = end;
  }
  if (offset !== data.byteLength) throw new Error(`weights manifest covers ${offset} bytes, the data has ${data.byteLength}`);
  return out;
}

function decodeFloats(view: DataView, offset: number, count: number, entry: WeightsManifestEntry): Float32Array {
  const values = new Float32Array(count);
  const q = entry.quantization;
  if (!q) {
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + 4 * i, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < count; i++) values[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
  } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
    const { scale, min } = q;
    if (scale === undefined || min === undefined) throw new Error(`weight ${entry.name}: ${q.dtype} quantisation without scale/min`);
    for (let i = 0; i < count; i++) {
      const raw = q.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true);
      values[i] = raw * scale + min;
    }
  } else {
    throw new Error(`weight ${entry.name}: unsupported quantisation ${q.dtype}`);
  }
  return values;
}

/** IEEE 754 half -> single precision, including subnormals, infinities and NaN. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
