/** Response schemas of the /verifications routes: the whitelist of what they send. */
const timestamp = { type: 'string', format: 'date-time' } as const;

export const recordViewSchema = {
  type: 'object',
  required: ['id', 'status', 'created_at', 'completed_at', 'result'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'processing', 'done', 'failed'] },
    created_at: timestamp,
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    result: { description: 'the exact /verify body ({status, message, details}) once done or failed; null before. Personal fields read hmac:<hex> unless STORE_PERSONAL_DATA=true' },
  },
} as const;

export const notFoundSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' }, request_id: { type: 'string' } } },
  },
} as const;

const exportItem = {
  type: 'object',
  description: 'a record with the decision fields kept beside it: no image, no embedding',
  additionalProperties: true,
} as const;

export const listSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: exportItem },
    next_after: { type: ['string', 'null'], description: 'pass as `after` for the next page; null on the last page' },
  },
} as const;

export const acceptedSchema = {
  type: 'object',
  required: ['id', 'status'],
  properties: { id: { type: 'string' }, status: { type: 'string', enum: ['queued', 'processing', 'done', 'failed'] } },
} as const;
