/**
 * Index sets into the 468 FaceMesh points (MediaPipe's canonical face model), for checks that compare
 * regions at different depths: the face outline and the nose, which stands out from it.
 */
export const FACE_OVAL: readonly number[] = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
  152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/** Nose tip, its two neighbours down the ridge and the bridge points between the eyes. */
export const NOSE: readonly number[] = [1, 4, 5, 195, 197];
