/**
 * Finds which way is up on a document photo. Text lines give the axis (horizontal page or turned 90°);
 * PaddleOCR's 0°/180° classifier, run on a few of the longest lines, gives the direction along that axis.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { OnnxSession } from '../runtime/onnx-runtime.js';
import type { RotatedRect } from './geometry.js';
import { REC_NORMALISATION, sampleRect } from './image-tensor.js';

/** Reading direction of the page in image coordinates: 0 = left-to-right, 90 = top-to-bottom, etc. */
export type PageRotation = 0 | 90 | 180 | 270;

const CLS_HEIGHT = 48;
const CLS_WIDTH = 192;
/** Lines used for the vote: more costs time, fewer lets one odd line (a stamp, a barcode) decide. */
const VOTERS = 12;
/**
 * The classifier squeezes every crop into 48x192, so a long line (an MRZ) becomes an unreadable smear and
 * votes at random; words of 2 to 8 times their height keep their letter shapes.
 */
const MIN_VOTER_RATIO = 2;
const MAX_VOTER_RATIO = 8;

/** The boxes whose 0/180 verdict can be trusted most: word-like shapes, largest print first. */
function chooseVoters(aligned: readonly RotatedRect[]): RotatedRect[] {
  const ratio = (r: RotatedRect): number => r.width / Math.max(1, r.height);
  const words = aligned.filter((r) => ratio(r) >= MIN_VOTER_RATIO && ratio(r) <= MAX_VOTER_RATIO);
  const pool = words.length >= 3 ? words : aligned.filter((r) => ratio(r) >= MIN_VOTER_RATIO);
  return [...pool].sort((a, b) => b.height - a.height).slice(0, VOTERS);
}

/** Turns every rectangle so its angle points along the page's reading direction. */
export function alignToPage(rects: readonly RotatedRect[], rotation: PageRotation): RotatedRect[] {
  const target = (rotation * Math.PI) / 180;
  return rects.map((r) => {
    const diff = Math.atan2(Math.sin(r.angle - target), Math.cos(r.angle - target));
    return Math.abs(diff) <= Math.PI / 2 ? r : { ...r, angle: r.angle + Math.PI };
  });
}

/** 0 or 90: whether the long axes of elongated text boxes run closer to horizontal or vertical, by area. */
export function dominantAxis(rects: readonly RotatedRect[]): 0 | 90 {
  let horizontal = 0;
  let vertical = 0;
  for (const r of rects) {
    if (r.width < 2 * r.height) continue;
    const weight = r.width * r.height;
    if (Math.abs(Math.cos(r.angle)) >= Math.SQRT1_2) horizontal += weight;
    else vertical += weight;
  }
  return vertical > horizontal ? 90 : 0;
}

/** The classifier's verdict for a page, with the boxes it looked at. */
export interface OrientationVote {
  readonly rotation: PageRotation;
  /** Mean probability, over the voters, that the text along `rotation`'s axis is upside down. */
  readonly upsideDown: number;
  /** The voting boxes, aligned to `rotation`, largest print first. */
  readonly voters: readonly RotatedRect[];
}

/** Full page rotation: the axis from box shapes, then 0 vs 180 along it by the classifier's mean verdict. */
export async function voteOrientation(
  session: OnnxSession,
  image: RgbImage,
  rects: readonly RotatedRect[],
): Promise<OrientationVote> {
  const axis = dominantAxis(rects);
  const voters = chooseVoters(alignToPage(rects, axis));
  if (voters.length === 0) return { rotation: axis, upsideDown: 0, voters };
  const tensor = new Float32Array(voters.length * 3 * CLS_HEIGHT * CLS_WIDTH);
  voters.forEach((rect, index) => {
    const width = Math.min(CLS_WIDTH, Math.max(8, Math.ceil((CLS_HEIGHT * rect.width) / Math.max(1, rect.height))));
    sampleRect(image, rect, { tensor, index, height: CLS_HEIGHT, batchWidth: CLS_WIDTH, width }, REC_NORMALISATION);
  });
  const outputs = await session.run({ x: { data: tensor, dims: [voters.length, 3, CLS_HEIGHT, CLS_WIDTH] } });
  const probs = Object.values(outputs)[0];
  if (!probs) throw new Error('angle classifier returned no output');
  let flipped = 0;
  voters.forEach((_, index) => {
    flipped += probs.data[index * 2 + 1] ?? 0;
  });
  const upsideDown = flipped / voters.length;
  const rotation = ((axis + (upsideDown > 0.5 ? 180 : 0)) % 360) as PageRotation;
  return { rotation, upsideDown, voters: alignToPage(voters, rotation) };
}

/** The page turned half a turn: the other reading direction along the same axis. */
export function opposite(rotation: PageRotation): PageRotation {
  return ((rotation + 180) % 360) as PageRotation;
}
