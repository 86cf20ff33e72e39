// Calls to the service through the typed client integrators use (packages/client), same origin only.
import { createIdentityCheckClient } from '/capture/vendor/client.js';

const client = createIdentityCheckClient();

/** @returns {Promise<{challenge_id: string, steps: string[], expires_at: string}>} */
export function newChallenge() {
  return client.challenge();
}

/**
 * POST /verify; resolves with the status and the parsed body whatever the status.
 * @param {{image1: Blob, image2: Blob, image3?: Blob, name: string, challenge_id: string, frames: Blob[]}} form
 */
export function verify(form) {
  return client.verify(form);
}

/**
 * POST /documents/read (not in every version of the service: a 404 means it is absent).
 * @param {FormData} form
 * @returns {Promise<{status: number, body: any}>}
 */
export async function readDocument(form) {
  const response = await fetch('/documents/read', { method: 'POST', body: form });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return { status: response.status, body };
}
