/**
 * Stand-in engines for tests of the HTTP layer that do not need real models: every image holds one face
 * with descriptors that match (not identical) and the document reads the name it is given. Decoding,
 * the service and the decision are real. `gate` holds every inference until released, for tests that
 * need a request in flight at a chosen moment.
 */
import type { Engines } from '../../src/adapters/workers/pooled-engines.js';
import type { DetectedFace } from '../../src/adapters/face/face.types.js';
import type { RgbImage } from '../../src/adapters/image/rgb-image.js';
import type { DocumentReading, MrzProblem, MrzReading } from '../../src/adapters/document/document.types.js';
import sharp from 'sharp';
import { parseMrzLines } from '../../src/domain/mrz.js';
import { td3Lines } from '../support/synthetic-passport.js';

/**
 * The check-valid passport MRZ the stand-in reader finds by default (issued by the Netherlands, not a
 * specimen state), holding the default document text's name, so that a request with the stand-ins can be
 * Verified: by default Verified needs a check-valid MRZ (src/domain/document-checks.ts).
 */
export const JANE_DOE_MRZ: MrzReading = parseMrzLines(
  'TD3',
  td3Lines({ surname: 'DOE', givenNames: 'JANE', documentNumber: 'NX4711003', birthDate: '900415', expiryDate: '341231', sex: 'F', nationality: 'NLD' }, 'NLD'),
)!;

/**
 * A small textured JPEG to send with the stand-in engines: the service's face quality gates (sharpness,
 * exposure, size; src/domain/face-quality.ts) judge the real pixels around the stand-in face, and a flat grey
 * image would be rejected as blurred. The texture is coloured value noise, like skin and background in a photo:
 * a grey or periodic pattern is what the replay check takes for a printout or a screen. Deterministic in `phase`.
 */
export async function stubPhoto(size = 96, phase = 0): Promise<Buffer> {
  let seed = 0x9e3779b1 ^ Math.round(phase * 1000);
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  // Octaves of bilinearly interpolated random grids: no period for a spectrum to find.
  const octaves = [12, 6, 3].map((cell) => {
    const n = Math.ceil(size / cell) + 2;
    return { cell, grid: Float32Array.from({ length: n * n }, random), n };
  });
  const noise = (x: number, y: number): number => {
    let v = 0;
    for (const { cell, grid, n } of octaves) {
      const gx = x / cell, gy = y / cell;
      const x0 = Math.floor(gx), y0 = Math.floor(gy), fx = gx - x0, fy = gy - y0;
      const at = (i: number, j: number): number => grid[j * n + i]!;
      v += (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
    }
    return v / octaves.length - 0.5;
  };
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = noise(x, y) * 420;
      const o = (y * size + x) * 3;
      data[o] = Math.max(0, Math.min(255, Math.round(160 + v)));
      data[o + 1] = Math.max(0, Math.min(255, Math.round(110 + v * 0.9)));
      data[o + 2] = Math.max(0, Math.min(255, Math.round(85 + v * 0.8)));
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/**
 * The ID photo to send beside stubPhoto(): another texture, because the service refuses the same picture
 * twice (same-source check, src/domain/same-source.ts).
 */
export function stubIdPhoto(size = 96): Promise<Buffer> {
  return stubPhoto(size, 2.1);
}

/**
 * Stand-in descriptors, handed out live, ID, live, ID... in call order (the service asks for the selfie's faces
 * first): they match (cosine 0.96, above the face threshold) without being one photo's descriptor, which the
 * same-source check would refuse.
 */
const DESCRIPTORS = [new Float32Array([0.6, 0.8]), new Float32Array([0.8, 0.6])] as const;

export interface StubOptions {
  /** The text the stand-in OCR "reads" on the document. */
  readonly documentText?: string;
  /** Several printed lines instead (takes precedence over documentText). */
  readonly documentLines?: readonly string[];
  /**
   * The MRZ the stand-in reader finds: JANE_DOE_MRZ when neither it nor a document text is given, none (null)
   * when only a document text is.
   */
  readonly mrz?: MrzReading | null;
  /** Reads each document image itself (front and back told apart by their size, say); overrides the above. */
  readonly readDocument?: (image: RgbImage) => DocumentReading;
  /** Why the stand-in reader found no check-valid MRZ (absent: it does not say). */
  readonly mrzProblem?: MrzProblem;
  /** When set, inference waits on this promise (and `started` resolves at the first call). */
  readonly gate?: Promise<void>;
  readonly analyze?: () => Promise<DetectedFace[]>;
  /** When true the models never finish loading: `ready` stays pending and `isReady()` false. */
  readonly loading?: boolean;
}

export interface StubEngines extends Engines {
  /** Resolves when the first inference call arrives. */
  readonly started: Promise<void>;
  /** True once close() was called. */
  closed(): boolean;
  /** Inference calls seen so far. */
  calls(): number;
}

export function stubEngines(options: StubOptions = {}): StubEngines {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  let closed = false;
  let calls = 0;
  let faceCalls = 0;
  const enter = async (): Promise<void> => {
    calls++;
    markStarted();
    if (options.gate) await options.gate;
  };
  const face = (width: number, height: number): DetectedFace => ({
    box: { x: width / 4, y: height / 4, width: width / 2, height: height / 2 },
    score: 0.99,
    landmarks: {
      leftEye: { x: width * 0.3, y: height * 0.4 },
      rightEye: { x: width * 0.7, y: height * 0.4 },
      nose: { x: width * 0.5, y: height * 0.5 },
      mouthLeft: { x: width * 0.42, y: height * 0.62 },
      mouthRight: { x: width * 0.58, y: height * 0.62 },
    },
    pose: { yaw: 0, pitch: 0, roll: 0 },
    embedding: DESCRIPTORS[faceCalls++ % 2]!,
  });
  const reading = (): DocumentReading => ({
    lines: (options.documentLines ?? [options.documentText ?? 'JANE DOE']).map((text, i) => ({
      text,
      confidence: 0.99,
      box: { x: 0, y: 12 * i, width: 10, height: 10 },
    })),
    mrz: options.mrz !== undefined ? options.mrz : options.documentText === undefined && options.documentLines === undefined ? JANE_DOE_MRZ : null,
    ...(options.mrzProblem ? { mrzProblem: options.mrzProblem } : {}),
  });
  return {
    faces: {
      analyze: async (image) => {
        await enter();
        return options.analyze ? options.analyze() : [face(image.width, image.height)];
      },
      models: [],
    },
    documents: {
      read: async (image) => {
        await enter();
        return options.readDocument ? options.readDocument(image) : reading();
      },
      // A stand-in selfie shows no text.
      findText: async () => [],
      models: [],
    },
    ready: options.loading ? new Promise<void>(() => undefined) : Promise.resolve(),
    isReady: () => !options.loading,
    loadTimes: () => ({ face: 1200, document: 3400 }),
    queueDepth: () => 0,
    stats: () => ({ face: { workers: 1, busy: 0, queued: 0 }, document: { workers: 1, busy: 0, queued: 0 } }),
    close: async () => {
      closed = true;
    },
    started,
    closed: () => closed,
    calls: () => calls,
  };
}
