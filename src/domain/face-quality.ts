/**
 * Face quality measures and gates: is the chosen face in an upload good enough to compare at all? Pure
 * functions on the decoded image and the detector's faces; thresholds come from the frozen policy
 * (`FaceQualityPolicy`, src/config/policy.ts), chosen from measurements over LFW, the ID-photo simulation and
 * deliberately degraded images (docs/FACE-QUALITY.md).
 *
 * The types below are structural subsets of RgbImage and DetectedFace, so the domain imports no adapter.
 */

/** Packed 8-bit RGB, row-major (the decoded upload as the face engine saw it). */
export interface QualityImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface QualityFace {
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly score: number;
  readonly landmarks: { readonly leftEye: { readonly x: number; readonly y: number }; readonly rightEye: { readonly x: number; readonly y: number } };
  readonly pose: { readonly yaw: number; readonly pitch: number; readonly roll: number };
}

/** What was measured on one selected face. Pixel sizes are in the image the engine analysed. */
export interface FaceQualityMeasures {
  /** Distance between the eye centres, pixels. */
  readonly interOcularPx: number;
  /**
   * Sharpness: standard deviation of the Laplacian of the grey face crop resampled to 96x96 (about the scale
   * the recogniser sees), divided by the crop's own standard deviation — so it does not depend on face size
   * above 96 px or on exposure. Sharp faces ~0.3-1, heavily blurred < 0.1.
   */
  readonly sharpness: number;
  /** Mean luma (0-255) of the central part of the face box. */
  readonly brightness: number;
  /** Fraction of those pixels clipped to black (<= 10) or white (>= 245). */
  readonly clippedFraction: number;
  /** |yaw| and |pitch| in degrees from the landmark model (approximate; frontal reads a few degrees). */
  readonly yaw: number;
  readonly pitch: number;
  /** Other faces whose detector score and size are comparable to the chosen one (a second person). */
  readonly comparableFaces: number;
  /**
   * How close the runner-up comes: the largest, over other faces, of min(score ratio, size ratio) to the chosen
   * face (0 when there is no other face, 1 for an equal twin).
   */
  readonly secondFaceRatio: number;
  /** Other faces at all (background faces, the ghost portrait on an ID card). */
  readonly otherFaces: number;
}

/** Thresholds that turn measures into issues; `reject*` make the image unusable, `warn*` are only reported. */
export interface FaceQualityPolicy {
  readonly rejectInterOcularPx: number;
  readonly warnInterOcularPx: number;
  readonly rejectSharpness: number;
  readonly warnSharpness: number;
  readonly rejectBrightnessBelow: number;
  readonly rejectBrightnessAbove: number;
  readonly warnBrightnessBelow: number;
  readonly warnBrightnessAbove: number;
  /** Reject when at least this fraction of the face is clipped black or white. */
  readonly rejectClippedFraction: number;
  readonly rejectYaw: number;
  readonly rejectPitch: number;
  readonly warnYaw: number;
  readonly warnPitch: number;
  /** Another face is "comparable" when its detector score and its box side are both at least this fraction of the chosen face's. */
  readonly comparableFaceRatio: number;
}

export type QualityIssueCode =
  | 'FACE_TOO_SMALL' | 'FACE_TOO_BLURRED' | 'FACE_TOO_DARK' | 'FACE_TOO_BRIGHT' | 'FACE_POSE' | 'MULTIPLE_FACES'
  | 'FACE_SMALL' | 'FACE_SOFT' | 'FACE_DARK' | 'FACE_BRIGHT' | 'FACE_TURNED' | 'OTHER_FACES';

export interface QualityIssue {
  readonly code: QualityIssueCode;
  /** `reject`: the image cannot be judged (400); `warn`: reported, the verification goes on. */
  readonly severity: 'reject' | 'warn';
  /** Human-readable, with the measured value and the limit. */
  readonly reason: string;
}

/** `live`: the selfie (a second comparable face is a second person); `id`: the document (ghost portraits are normal). */
export type ImageRole = 'live' | 'id';

const CROP = 96;

/** Every measure for `face` in `image`; `others` are the remaining faces found in the same image. */
export function measureFaceQuality(image: QualityImage, face: QualityFace, others: readonly QualityFace[],
  policy: Pick<FaceQualityPolicy, 'comparableFaceRatio'>): FaceQualityMeasures {
  const grey = greyCrop(image, face.box, CROP);
  const inner = innerLuma(image, face.box);
  return {
    interOcularPx: round(interOcularDistance(face), 1),
    sharpness: round(normalisedLaplacian(grey, CROP), 3),
    brightness: round(inner.mean, 1),
    clippedFraction: round(inner.clipped, 3),
    yaw: round(Math.abs(face.pose.yaw), 1),
    pitch: round(Math.abs(face.pose.pitch), 1),
    comparableFaces: comparableFaces(face, others, policy.comparableFaceRatio),
    secondFaceRatio: round(secondFaceRatio(face, others), 3),
    otherFaces: others.length,
  };
}

/** Issues for one image, rejecting ones first, in the order a user should fix them. */
export function assessFaceQuality(m: FaceQualityMeasures, policy: FaceQualityPolicy, role: ImageRole): QualityIssue[] {
  const out: QualityIssue[] = [];
  const px = (v: number): string => `${v.toFixed(0)} px`;
  if (m.interOcularPx < policy.rejectInterOcularPx) {
    out.push({ code: 'FACE_TOO_SMALL', severity: 'reject', reason: `eyes ${px(m.interOcularPx)} apart, at least ${px(policy.rejectInterOcularPx)} needed` });
  } else if (m.interOcularPx < policy.warnInterOcularPx) {
    out.push({ code: 'FACE_SMALL', severity: 'warn', reason: `eyes ${px(m.interOcularPx)} apart, ${px(policy.warnInterOcularPx)} recommended` });
  }
  if (m.sharpness < policy.rejectSharpness) {
    out.push({ code: 'FACE_TOO_BLURRED', severity: 'reject', reason: `sharpness ${m.sharpness.toFixed(3)}, at least ${policy.rejectSharpness} needed` });
  } else if (m.sharpness < policy.warnSharpness) {
    out.push({ code: 'FACE_SOFT', severity: 'warn', reason: `sharpness ${m.sharpness.toFixed(3)}, ${policy.warnSharpness} recommended` });
  }
  if (m.brightness < policy.rejectBrightnessBelow) {
    out.push({ code: 'FACE_TOO_DARK', severity: 'reject', reason: `face brightness ${m.brightness.toFixed(0)} of 255, at least ${policy.rejectBrightnessBelow} needed` });
  } else if (m.brightness > policy.rejectBrightnessAbove) {
    out.push({ code: 'FACE_TOO_BRIGHT', severity: 'reject', reason: `face brightness ${m.brightness.toFixed(0)} of 255, at most ${policy.rejectBrightnessAbove} allowed` });
  } else if (m.clippedFraction >= policy.rejectClippedFraction) {
    const dark = m.brightness < 128;
    out.push({
      code: dark ? 'FACE_TOO_DARK' : 'FACE_TOO_BRIGHT',
      severity: 'reject',
      reason: `${(100 * m.clippedFraction).toFixed(0)}% of the face clipped to ${dark ? 'black' : 'white'}, under ${(100 * policy.rejectClippedFraction).toFixed(0)}% allowed`,
    });
  } else if (m.brightness < policy.warnBrightnessBelow) {
    out.push({ code: 'FACE_DARK', severity: 'warn', reason: `face brightness ${m.brightness.toFixed(0)} of 255, ${policy.warnBrightnessBelow} or more recommended` });
  } else if (m.brightness > policy.warnBrightnessAbove) {
    out.push({ code: 'FACE_BRIGHT', severity: 'warn', reason: `face brightness ${m.brightness.toFixed(0)} of 255, ${policy.warnBrightnessAbove} or less recommended` });
  }
  if (m.yaw > policy.rejectYaw || m.pitch > policy.rejectPitch) {
    out.push({ code: 'FACE_POSE', severity: 'reject', reason: `head turned ${m.yaw.toFixed(0)} deg / tilted ${m.pitch.toFixed(0)} deg, at most ${policy.rejectYaw} / ${policy.rejectPitch} allowed` });
  } else if (m.yaw > policy.warnYaw || m.pitch > policy.warnPitch) {
    out.push({ code: 'FACE_TURNED', severity: 'warn', reason: `head turned ${m.yaw.toFixed(0)} deg / tilted ${m.pitch.toFixed(0)} deg, face the camera` });
  }
  if (role === 'live' && m.comparableFaces > 0) {
    out.push({ code: 'MULTIPLE_FACES', severity: 'reject', reason: `${m.comparableFaces + 1} faces of comparable size and confidence: possibly a second person` });
  } else if (role === 'live' && m.otherFaces > 0) {
    out.push({ code: 'OTHER_FACES', severity: 'warn', reason: `${m.otherFaces} smaller or weaker face(s) besides the chosen one` });
  }
  rejectsFirst(out);
  return out;
}

function rejectsFirst(issues: QualityIssue[]): void {
  issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'reject' ? -1 : 1));
}

export function interOcularDistance(face: Pick<QualityFace, 'landmarks'>): number {
  const { leftEye, rightEye } = face.landmarks;
  return Math.hypot(leftEye.x - rightEye.x, leftEye.y - rightEye.y);
}

/** Faces among `others` whose score and box side are both at least `ratio` of `face`'s. */
export function comparableFaces(face: Pick<QualityFace, 'box' | 'score'>, others: readonly Pick<QualityFace, 'box' | 'score'>[],
  ratio: number): number {
  const side = Math.max(face.box.width, face.box.height);
  return others.filter((o) => o.score >= ratio * face.score && Math.max(o.box.width, o.box.height) >= ratio * side).length;
}

/** max over `others` of min(score / face.score, side / face side); 0 without others. */
export function secondFaceRatio(face: Pick<QualityFace, 'box' | 'score'>, others: readonly Pick<QualityFace, 'box' | 'score'>[]): number {
  const side = Math.max(face.box.width, face.box.height);
  return others.reduce((best, o) => Math.max(best, Math.min(o.score / face.score, Math.max(o.box.width, o.box.height) / side)), 0);
}

/** Rec. 601 luma of pixel i of a packed RGB image. */
const luma = (d: Uint8Array, i: number): number => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

/**
 * The face box resampled to size x size grey: area average when shrinking, bilinear when enlarging. Pixels
 * outside the image read as the nearest edge pixel.
 */
export function greyCrop(image: QualityImage, box: QualityFace['box'], size: number): Float32Array {
  const out = new Float32Array(size * size);
  const step = Math.max(box.width, box.height) / size;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const x0 = cx - (size * step) / 2, y0 = cy - (size * step) / 2;
  // Sub-samples per output pixel along each axis: enough to average a shrunk area, one when enlarging.
  const n = Math.max(1, Math.min(8, Math.ceil(step)));
  const at = (x: number, y: number): number => {
    const xi = Math.min(image.width - 1, Math.max(0, Math.floor(x)));
    const yi = Math.min(image.height - 1, Math.max(0, Math.floor(y)));
    return luma(image.data, (yi * image.width + xi) * 3);
  };
  const bilinear = (x: number, y: number): number => {
    const fx = x - 0.5, fy = y - 0.5;
    const ix = Math.floor(fx), iy = Math.floor(fy);
    const ax = fx - ix, ay = fy - iy;
    return (at(ix, iy) * (1 - ax) + at(ix + 1, iy) * ax) * (1 - ay) + (at(ix, iy + 1) * (1 - ax) + at(ix + 1, iy + 1) * ax) * ay;
  };
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let sum = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = x0 + (ox + (sx + 0.5) / n) * step, y = y0 + (oy + (sy + 0.5) / n) * step;
          sum += n === 1 ? bilinear(x, y) : at(x, y);
        }
      }
      out[oy * size + ox] = sum / (n * n);
    }
  }
  return out;
}

/** Standard deviation of the 4-neighbour Laplacian over the interior, divided by the image's standard deviation. */
export function normalisedLaplacian(grey: Float32Array, size: number): number {
  let sum = 0, sumSq = 0, lapSum = 0, lapSq = 0, count = 0;
  for (let i = 0; i < grey.length; i++) {
    sum += grey[i]!;
    sumSq += grey[i]! ** 2;
  }
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - size]! + grey[i + size]! - 4 * grey[i]!;
      lapSum += lap;
      lapSq += lap * lap;
      count++;
    }
  }
  const sd = Math.sqrt(Math.max(0, sumSq / grey.length - (sum / grey.length) ** 2));
  const lapSd = Math.sqrt(Math.max(0, lapSq / count - (lapSum / count) ** 2));
  // A flat patch has neither contrast nor detail: call it unsharp rather than dividing by ~0.
  return sd < 2 ? 0 : lapSd / sd;
}

/** Mean luma and clipped fraction over the central 60% of the box (skin, not hair or background). */
export function innerLuma(image: QualityImage, box: QualityFace['box']): { mean: number; clipped: number } {
  const x0 = Math.max(0, Math.floor(box.x + 0.2 * box.width)), x1 = Math.min(image.width, Math.ceil(box.x + 0.8 * box.width));
  const y0 = Math.max(0, Math.floor(box.y + 0.2 * box.height)), y1 = Math.min(image.height, Math.ceil(box.y + 0.8 * box.height));
  let sum = 0, clipped = 0, count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const l = luma(image.data, (y * image.width + x) * 3);
      sum += l;
      if (l <= 10 || l >= 245) clipped++;
      count++;
    }
  }
  return count === 0 ? { mean: 0, clipped: 1 } : { mean: sum / count, clipped: clipped / count };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
