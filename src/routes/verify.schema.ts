/**
 * Response schemas for POST /verify and POST /documents/read. They are the whitelist of what leaves the process: a key not
 * listed here is dropped by the serializer, so internal fields can never leak by accident.
 */
const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });

const box = {
  type: 'object',
  properties: { x: { type: 'integer' }, y: { type: 'integer' }, width: { type: 'integer' }, height: { type: 'integer' } },
} as const;

const faceSide = {
  type: 'object',
  description: 'The face chosen in one image and how many were found.',
  properties: {
    faces_found: { type: 'integer' },
    box,
    detector_score: { type: 'number' },
    image_size: { type: 'object', properties: { width: { type: 'integer' }, height: { type: 'integer' } } },
    quality: {
      type: 'object',
      description: 'Quality of the chosen face (docs/FACE-QUALITY.md); pixel sizes in the analysed image.',
      properties: {
        measures: {
          type: 'object',
          properties: {
            inter_ocular_px: { type: 'number', description: 'distance between the eye centres, pixels' },
            sharpness: { type: 'number', description: 'normalised Laplacian of the 96 px grey face crop' },
            brightness: { type: 'number', description: 'mean luma of the central face region, 0-255' },
            clipped_fraction: { type: 'number', description: 'share of that region clipped to black or white' },
            yaw: { type: 'number', description: '|yaw| in degrees (approximate)' },
            pitch: { type: 'number', description: '|pitch| in degrees (approximate)' },
            comparable_faces: { type: 'integer', description: 'other faces of comparable score and size' },
            second_face_ratio: { type: 'number', description: 'runner-up face: min(score ratio, size ratio) to the chosen face, 0 if none' },
            other_faces: { type: 'integer', description: 'other faces found at all' },
          },
        },
        issues: { type: 'array', items: { type: 'string' }, description: 'warnings that did not block the verification' },
      },
    },
  },
} as const;

/** Presentation-attack evidence (src/services/presentation-checks.ts); bounds from the policy. */
const sameSource = {
  type: 'object',
  description: 'whether the selfie and the ID portrait come from one photo (the same file, the same pixels, the portrait cropped or re-encoded)',
  properties: {
    same_source: { type: 'boolean', description: 'true when any sign below was seen: the verdict is then presentation_attack' },
    signs: { type: 'array', items: { type: 'string', enum: ['identical_bytes', 'identical_pixels', 'face_chip_correlation', 'descriptor_similarity'] } },
    identical_bytes: { type: 'boolean', description: 'the two uploads are the same file' },
    pixel_difference: { ...nullable('number'), description: 'mean absolute RGB difference of the two images, 0-255; null when their sizes differ' },
    chip_correlation: { type: 'number', description: 'normalised correlation of the two aligned 32 px grey face chips, -1..1' },
    similarity: { type: 'number', description: 'cosine similarity of the two face descriptors' },
    similarity_bound: { type: 'number', description: 'similarity at or above which the faces are one photo (above every genuine pair measured)' },
    chip_correlation_bound: { type: 'number', description: 'chip correlation at or above which the faces are one photo' },
  },
} as const;

const documentInSelfie = {
  type: 'object',
  description: 'whether the selfie shows an identity document: small printed lines near the face, MRZ-like rows',
  properties: {
    shows_document: { type: 'boolean', description: 'true: the verdict is presentation_attack' },
    text_lines: { type: 'integer', description: 'text regions the detector found in the selfie' },
    lines_near_face: { type: 'integer', description: 'of those, small lines (print-sized against the face) near the face' },
    mrz_like_rows: { type: 'integer', description: 'long thin rows shaped like MRZ rows' },
  },
} as const;

const replay = {
  type: 'object',
  description: 'passive screen and print replay check of the selfie (docs/PRESENTATION-ATTACKS.md)',
  properties: {
    score: { type: 'number', description: '0 genuine .. 1 attack' },
    threshold: { type: 'number', description: 'score at or above which the selfie is a replay (BPCER 1% on the simulated set, or REPLAY_THRESHOLD)' },
    attack: { type: 'boolean' },
    blocks: { type: 'boolean', description: 'REPLAY_ACTION=block: an attack makes the verdict presentation_attack' },
    family: { type: 'string', description: 'the attack family whose model gave the score: screen or print' },
    signals: {
      type: 'object',
      properties: Object.fromEntries(['moire', 'pixel_grid', 'halftone', 'glare', 'gamut', 'black_level', 'bezel'].map((k) => [k, { type: 'number' }])),
    },
    reasons: { type: 'array', items: { type: 'string' }, description: 'PRESENTATION_SCREEN_MOIRE, _PIXEL_GRID, _HALFTONE, _GLARE, _GAMUT, _BEZEL; empty unless attack' },
  },
} as const;

const liveSide = { ...faceSide, properties: { ...faceSide.properties, document_in_selfie: documentInSelfie, presentation: replay } } as const;

const mrz = {
  type: ['object', 'null'],
  properties: {
    format: { type: 'string' },
    valid: { type: 'boolean', description: 'every check digit verifies' },
    checks: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, valid: { type: 'boolean' } } } },
    document_code: nullable('string'),
    issuing_state: nullable('string'),
    surname: nullable('string'),
    given_names: nullable('string'),
    name_legible: { type: 'boolean', description: 'false when the name line was not legible: surname and given_names are then null (no check digit covers the names)' },
    name_corrections: {
      type: 'array',
      description: 'name letters corrected after reading, where the OCR-B glyph and the recogniser agreed (N or H read for M, V for W, a letter for <)',
      items: {
        type: 'object',
        properties: { line: { type: 'integer' }, position: { type: 'integer' }, read: { type: 'string' }, corrected: { type: 'string' } },
      },
    },
    document_number: nullable('string'),
    nationality: nullable('string'),
    birth_date: nullable('string'),
    expiration_date: nullable('string'),
    sex: nullable('string'),
    form_problems: {
      type: 'array',
      items: { type: 'string', enum: ['MRZ_CHARACTER_CLASS', 'MRZ_DATE_INVALID', 'MRZ_BIRTH_IN_FUTURE', 'MRZ_EXPIRY_IMPLAUSIBLE', 'MRZ_UNKNOWN_STATE'] },
      description: 'why a zone is not well formed (src/domain/mrz-form.ts); a zone with any is not valid, whatever its check digits say',
    },
    field_confidence: {
      type: ['object', 'null'],
      description: "the recogniser's confidence in each field, 0..1 (its least sure character), when the zone was decoded from the recogniser's probabilities; null when it was parsed from plain text lines",
      properties: Object.fromEntries(
        ['document_code', 'issuing_state', 'document_number', 'birth_date', 'sex', 'expiration_date', 'nationality', 'names'].map((k) => [k, { type: 'number' }]),
      ),
    },
  },
} as const;

/** Fields read next to their labels in the printed (visual inspection) zone; null when not read. */
const printed = {
  type: 'object',
  properties: {
    surname: nullable('string'),
    given_names: nullable('string'),
    full_name: nullable('string'),
    birth_date: nullable('string'),
    expiry_date: nullable('string'),
    document_number: nullable('string'),
  },
} as const;

const crossCheckRow = {
  type: 'object',
  properties: { field: { type: 'string' }, status: { type: 'string', enum: ['agree', 'disagree', 'absent'] }, mrz: nullable('string'), printed: nullable('string') },
} as const;

/** `details.document`, the same in /verify and /documents/read. */
const documentDetails = {
  type: 'object',
  properties: {
    mrz,
    mrz_problem: {
      type: ['string', 'null'],
      enum: ['MRZ_NOT_FOUND', 'MRZ_GLARE', 'MRZ_TOO_SMALL', 'MRZ_NOT_VALID', null],
      description: 'why no check-valid MRZ was read: no zone found, a highlight over it, printed too small to read, or read but its check digits or shape fail; null when one was read',
    },
    expired: nullable('boolean'),
    lines_read: { type: 'integer' },
    type: { type: ['string', 'null'], enum: ['passport', 'id_card', 'visa', 'other', null], description: 'from the MRZ document code, else the MRZ format, else printed title words' },
    issuing_country: { ...nullable('string'), description: 'issuing state or organisation, ICAO three-letter code from the MRZ' },
    expiry_date: { ...nullable('string'), description: 'MRZ expiry date (YYYY-MM-DD) when its check digit verifies; `expired` is decided on it' },
    printed,
    cross_check: {
      type: 'array',
      description: 'MRZ against the printed zone, field by field: agree, disagree (both read, different) or absent',
      items: crossCheckRow,
    },
    stopped_early: { type: 'boolean', description: 'reading stopped once a check-valid MRZ confirmed the typed name; the printed zone was not read' },
    mrz_font: {
      type: ['object', 'null'],
      description: 'the MRZ rows against the OCR-B glyphs and the closest office monospace font, when they were located: mean cell correlation with each (1 = identical), the narrowest character pitch and the judgement',
      properties: {
        ocr_b_fit: { type: 'number' },
        other_font_fit: { type: 'number' },
        closest_other_font: { type: 'string' },
        pitch_px: { type: 'number' },
        judgement: { type: 'string', enum: ['ocr_b', 'not_ocr_b', 'unjudged'] },
      },
    },
    specimen_marks: { type: 'array', items: { type: 'string' }, description: 'what marks the document as a specimen (state UTO, SPECIMEN names, printed SPECIMEN / VOID)' },
    inconsistent_fields: { type: 'array', items: { type: 'string' }, description: 'fields whose MRZ and printed values clearly differ, or on which the two sides do' },
    sides: {
      type: ['object', 'null'],
      description: 'with the back of the card sent (image3, document_back): which side carries the MRZ and what the other side says against it; null for one side',
      properties: {
        mrz_side: { type: ['string', 'null'], enum: ['front', 'back', null] },
        cross_check: { type: 'array', items: crossCheckRow, description: 'the other side against the MRZ side: its printed fields against the MRZ, and two zones field by field' },
        disagreeing_fields: { type: 'array', items: { type: 'string' }, description: 'fields on which the sides clearly differ: DOCUMENT_SIDES_DISAGREE' },
      },
    },
  },
} as const;

/** Active liveness evidence (src/services/liveness.service.ts); null when the request answered no challenge. */
const liveness = {
  type: ['object', 'null'],
  description: 'the liveness challenge answered with this request: the steps asked, what each frame showed, and the judgement (docs/LIVENESS.md)',
  properties: {
    challenge_id: { type: 'string' },
    steps: { type: 'array', items: { type: 'string', enum: ['turn_left', 'turn_right', 'look_up', 'look_down'] } },
    passed: { type: 'boolean', description: 'false: the verdict is liveness_failed' },
    reasons: { type: 'array', items: { type: 'string' }, description: 'LIVENESS_CHALLENGE_UNKNOWN, _CHALLENGE_EXPIRED, _TOO_FEW_FRAMES, _FACE_MISSING, _NO_FRONTAL_FRAME, _STEPS_NOT_FOLLOWED, _IDENTITY_CHANGED, _DUPLICATE_FRAMES, _FLAT_MOTION' },
    frames_received: { type: 'integer' },
    frames: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          yaw: { ...nullable('number'), description: 'degrees, approximate; null: no face' },
          pitch: nullable('number'),
          label: { type: 'string', description: 'frontal, turn_left, turn_right, look_up, look_down, between or no_face' },
          similarity: { ...nullable('number'), description: 'cosine similarity to image1' },
        },
      },
    },
    observed: { type: 'array', items: { type: 'string' }, description: 'the movements seen, in order' },
    selfie_frame: { ...nullable('integer'), description: 'the most frontal frame: the selfie matched against the ID' },
    parallax: { ...nullable('number'), description: 'landmark residual after the best homography from the frontal to a turned frame, in inter-ocular distances' },
    min_parallax: { type: 'number', description: 'parallax below which the motion is that of a flat picture' },
    min_similarity: nullable('number'),
  },
} as const;

const decisionDetails = {
  type: 'object',
  required: ['face_match', 'name_match'],
  properties: {
    face_match: { type: 'boolean' },
    name_match: { type: 'boolean' },
    verdict: {
      type: 'string',
      enum: ['verified', 'presentation_attack', 'liveness_failed', 'face_mismatch', 'name_mismatch', 'document_specimen', 'document_not_machine_readable', 'document_mrz_font', 'document_inconsistent', 'document_expired'],
    },
    reasons: { type: 'array', items: { type: 'string' } },
    request_id: { type: 'string' },
    verification_id: { type: 'string', description: 'id of the decision record (GET /verifications/{id})' },
    face: {
      type: 'object',
      properties: {
        similarity: { type: 'number', description: 'cosine similarity of the two face descriptors, -1..1' },
        threshold: { type: 'number', description: 'similarity at or above which faces match' },
        far_at_threshold: { type: 'number', description: 'false-accept rate of the threshold on the calibration set' },
        target_far: { type: 'number', description: 'the operating point the operator asked for (FACE_TARGET_FAR)' },
        live: liveSide,
        id: faceSide,
        same_source: sameSource,
      },
    },
    name: {
      type: 'object',
      properties: {
        score: { type: 'number' },
        rule: { type: 'string' },
        source: nullable('string'),
        matched_text: nullable('string'),
        explanation: { type: 'string' },
      },
    },
    document: documentDetails,
    liveness,
    models: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, package: { type: 'string' }, version: { type: 'string' }, sha256: { type: 'string' } },
      },
    },
    timings_ms: {
      type: 'object',
      properties: { decode: { type: 'number' }, inference: { type: 'number' }, total: { type: 'number' } },
    },
  },
} as const;

const decisionBody = {
  type: 'object',
  required: ['status', 'message', 'details'],
  properties: { status: { type: 'string' }, message: { type: 'string' }, details: decisionDetails },
} as const;

const modelList = decisionDetails.properties.models;

/** POST /documents/read: the document as /verify reports it; `name` and `name_match` only when a name was sent. */
const readBody = {
  type: 'object',
  required: ['status', 'message', 'details'],
  properties: {
    status: { type: 'string' },
    message: { type: 'string' },
    details: {
      type: 'object',
      required: ['document'],
      properties: {
        document: documentDetails,
        name: decisionDetails.properties.name,
        name_match: { type: 'boolean' },
        request_id: { type: 'string' },
        models: modelList,
        timings_ms: decisionDetails.properties.timings_ms,
      },
    },
  },
} as const;

const errorBody = {
  type: 'object',
  required: ['status', 'message', 'details'],
  properties: {
    status: { type: 'string' },
    message: { type: 'string' },
    details: {
      type: 'object',
      required: ['error'],
      properties: {
        error: { type: 'string' },
        code: { type: 'string' },
        field: { type: 'string', description: 'image1, image2, image3, document, document_back, name, form, frames or challenge_id' },
        reason: { type: 'string' },
        problems: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' } } },
        },
        request_id: { type: 'string' },
      },
    },
  },
} as const;

export const verifyResponses = {
  200: decisionBody,
  401: decisionBody,
  400: errorBody,
  413: errorBody,
  500: errorBody,
  503: errorBody,
} as const;

export const documentReadResponses = {
  200: readBody,
  400: errorBody,
  413: errorBody,
  500: errorBody,
  503: errorBody,
} as const;
