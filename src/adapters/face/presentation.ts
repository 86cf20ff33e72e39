/**
 * Passive screen and print replay check of a selfie: measures the replay signals around the chosen face and
 * scores them with the calibrated model. Pure and synchronous, a few milliseconds: call it where the decoded
 * selfie and its face box already are (the face worker), and return the evidence finished.
 */
import type { Box, RgbImage } from '../image/rgb-image.js';
import { scorePresentation, type PresentationEvidence, type PresentationModel } from '../../domain/presentation-attack.js';
import { PRESENTATION_MODEL } from '../../domain/presentation-calibration.js';
import { measureReplaySignals } from './replay-features.js';

/** Presentation-attack evidence for the face in `face.box` of the selfie `image`. */
export function assessPresentation(
  image: RgbImage, face: { readonly box: Box }, model: PresentationModel = PRESENTATION_MODEL,
): PresentationEvidence {
  return scorePresentation(measureReplaySignals(image, face.box), model);
}
