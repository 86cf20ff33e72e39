import type { DetectedFace } from './face.types.js';

/**
 * Picks the face a verification is about: the applicant's selfie face or the document portrait.
 *
 * Rule: among faces whose detector score is at least 60% of the best score, take the one with the highest
 * `score x sqrt(relative size) x centrality`, where relative size is the box side over the best box side and
 * centrality falls linearly from 1 at the image centre to 0.5 at a corner. Why: the largest box alone picks
 * false boxes and background faces (FINDINGS: DeepFace img41.jpg, LFW crowd shots); the most confident box
 * alone picks sharp small background faces; the subject of a selfie or an LFW crop sits near the centre.
 * Size still counts (square root) so a large, central face beats a small one behind it.
 * Returns undefined when there is no face.
 */
export function selectPrimaryFace<F extends Pick<DetectedFace, 'box' | 'score'>>(faces: readonly F[], imageWidth: number,
  imageHeight: number): F | undefined {
  if (faces.length === 0) return undefined;
  const best = Math.max(...faces.map((f) => f.score));
  const biggest = Math.max(...faces.map((f) => Math.max(f.box.width, f.box.height)));
  const half = Math.hypot(imageWidth / 2, imageHeight / 2) || 1;
  let chosen: F | undefined;
  let chosenRank = -Infinity;
  for (const f of faces) {
    if (f.score < 0.6 * best) continue;
    const cx = f.box.x + f.box.width / 2, cy = f.box.y + f.box.height / 2;
    const centrality = 1 - 0.5 * Math.min(1, Math.hypot(cx - imageWidth / 2, cy - imageHeight / 2) / half);
    const size = Math.sqrt(Math.max(f.box.width, f.box.height) / biggest);
    const rank = f.score * size * centrality;
    if (rank > chosenRank) {
      chosenRank = rank;
      chosen = f;
    }
  }
  return chosen;
}
