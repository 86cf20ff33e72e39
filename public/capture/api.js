// Calls to the service, same origin only. Every answer is the service's JSON envelope {status, message, details}.

/** @returns {Promise<{challenge_id: string, steps: string[], expires_at: string}>} */
export async function newChallenge() {
  const response = await fetch('/liveness/challenge', { method: 'POST' });
  if (!response.ok) throw new Error(`the service refused a liveness challenge (HTTP ${response.status})`);
  return response.json();
}

/**
 * POST multipart; resolves with the status and the parsed body whatever the status.
 * @param {string} path
 * @param {FormData} form
 * @returns {Promise<{status: number, body: any}>}
 */
export async function postForm(path, form) {
  const response = await fetch(path, { method: 'POST', body: form });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return { status: response.status, body };
}
