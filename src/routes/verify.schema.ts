/**
 * Response schemas for POST /verify. They are the whitelist of what leaves the process: a key not
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
  },
} as const;

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
    document_number: nullable('string'),
    nationality: nullable('string'),
    birth_date: nullable('string'),
    expiration_date: nullable('string'),
    sex: nullable('string'),
  },
} as const;

const decisionDetails = {
  type: 'object',
  required: ['face_match', 'name_match'],
  properties: {
    face_match: { type: 'boolean' },
    name_match: { type: 'boolean' },
    verdict: { type: 'string', enum: ['verified', 'face_mismatch', 'name_mismatch', 'document_expired'] },
    reasons: { type: 'array', items: { type: 'string' } },
    request_id: { type: 'string' },
    face: {
      type: 'object',
      properties: {
        similarity: { type: 'number', description: 'cosine similarity of the two face descriptors, -1..1' },
        threshold: { type: 'number', description: 'similarity at or above which faces match' },
        far_at_threshold: { type: 'number', description: 'false-accept rate of the threshold on the calibration set' },
        live: faceSide,
        id: faceSide,
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
    document: {
      type: 'object',
      properties: { mrz, expired: nullable('boolean'), lines_read: { type: 'integer' } },
    },
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
        field: { type: 'string', description: 'image1, image2, name or form' },
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
