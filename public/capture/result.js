// Renders the /verify answer: the verdict in plain words and every piece of evidence behind it.

const VERDICTS = {
  verified: 'Verified: the selfie matches the face on the document and the name matches the document.',
  liveness_failed: 'Not verified: the camera did not see a live person make the requested head movements.',
  presentation_attack: 'Not verified: the selfie looks like a photo of a photo, a screen or the document itself.',
  face_mismatch: 'Not verified: the selfie does not match the face on the document.',
  name_mismatch: 'Not verified: the name you typed does not match the name on the document.',
  document_expired: 'Not verified: the document has expired.',
  document_specimen: 'Not verified: the document is a specimen, not an issued document.',
  document_not_machine_readable: 'Not verified: no valid machine-readable zone was found. Photograph the side that carries it.',
  document_mrz_font: 'Not verified: the machine-readable zone is not printed in the standard font.',
  document_inconsistent: 'Not verified: the printed details disagree with the machine-readable zone.',
};

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
};

function table(caption, rows) {
  const t = el('table', {}, el('caption', {}, caption));
  for (const [k, v] of rows) t.append(el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v)));
  return t;
}

/** Draws the face `box` (upload pixels) of `blob` into `canvas`, square, with a margin. */
async function drawFace(canvas, blob, box) {
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!blob || !box) return;
  const bitmap = await createImageBitmap(blob);
  const side = Math.max(box.width, box.height) * 1.3;
  const x = box.x + box.width / 2 - side / 2, y = box.y + box.height / 2 - side / 2;
  ctx.drawImage(bitmap, x, y, side, side, 0, 0, canvas.width, canvas.height);
}

/**
 * @param {{status: number, body: any}} answer
 * @param {{selfie: Blob, frames: Blob[], document: Blob}} images
 */
export async function showResult(answer, images) {
  const verdict = document.getElementById('verdict');
  const out = document.getElementById('result-details');
  out.replaceChildren();
  const d = answer.body?.details ?? {};
  if (answer.status !== 200 && answer.status !== 401) {
    verdict.className = 'verdict bad';
    verdict.textContent = `Not checked: ${d.reason ?? d.error ?? answer.body?.message ?? `HTTP ${answer.status}`}`;
    if (d.code) out.append(table('Error', [['code', el('code', {}, d.code)], ['field', d.field ?? '']]));
    if (Array.isArray(d.problems)) out.append(el('ul', {}, ...d.problems.map((p) => el('li', {}, `${p.field}: ${p.reason} (${p.code})`))));
    await Promise.all([drawFace(document.getElementById('face-live'), null, null), drawFace(document.getElementById('face-id'), null, null)]);
    return;
  }
  verdict.className = `verdict ${d.verdict === 'verified' ? 'ok' : 'bad'}`;
  verdict.textContent = VERDICTS[d.verdict] ?? answer.body.message;
  const liveBlob = d.liveness?.selfie_frame != null ? images.frames[d.liveness.selfie_frame] : images.selfie;
  await Promise.all([
    drawFace(document.getElementById('face-live'), liveBlob, d.face?.live?.box),
    drawFace(document.getElementById('face-id'), images.document, d.face?.id?.box),
  ]);

  const face = d.face ?? {};
  // Widths through the CSSOM: the page's CSP allows no inline style attributes.
  const bar = el('span'), mark = el('i');
  bar.style.width = `${Math.max(0, Math.min(100, face.similarity * 100))}%`;
  mark.style.left = `${face.threshold * 100}%`;
  const meter = el('div', { class: 'meter', role: 'img', 'aria-label': `similarity ${face.similarity} against threshold ${face.threshold}` }, bar, mark);
  out.append(el('h3', {}, 'Face'), el('p', {}, `Similarity ${face.similarity} (the faces match at ${face.threshold} or more; false-accept rate ${face.far_at_threshold} at that threshold).`), meter);

  const name = d.name ?? {};
  out.append(el('h3', {}, 'Name'), el('p', {}, name.explanation ?? ''), table('Name rule', [['rule', el('code', {}, name.rule ?? '')], ['source', name.source ?? '—'], ['matched text', name.matched_text ?? '—'], ['score', name.score ?? '']]));

  const mrz = d.document?.mrz;
  out.append(el('h3', {}, 'Machine-readable zone'));
  if (mrz) {
    const checks = new Map((mrz.checks ?? []).map((c) => [c.field, c.valid]));
    const mark = (field) => (checks.has(field) ? (checks.get(field) ? ' ✓ check digit valid' : ' ✗ check digit wrong') : '');
    out.append(table(`${mrz.format}, ${mrz.valid ? 'every check digit valid' : 'some check digits wrong'}`, [
      ['document', `${mrz.document_code ?? ''} ${mrz.issuing_state ?? ''}`],
      ['surname', mrz.surname ?? '—'], ['given names', mrz.given_names ?? '—'],
      ['document number', `${mrz.document_number ?? '—'}${mark('documentNumber')}`],
      ['nationality', mrz.nationality ?? '—'],
      ['birth date', `${mrz.birth_date ?? '—'}${mark('birthDate')}`],
      ['expiry date', `${mrz.expiration_date ?? '—'}${mark('expirationDate')}`],
      ['sex', mrz.sex ?? '—'],
      ['composite', mark('composite').trim() || '—'],
    ]));
  } else {
    out.append(el('p', {}, 'No machine-readable zone was read.'));
  }

  const l = d.liveness;
  if (l) {
    out.append(el('h3', {}, 'Liveness'), table(l.passed ? 'Passed' : 'Failed', [
      ['asked', l.steps.join(', ') || '—'], ['seen', l.observed.join(', ') || '—'],
      ['frames', `${l.frames_received} (the selfie is frame ${l.selfie_frame ?? '—'})`],
      ['depth parallax', `${l.parallax ?? '—'} (a turning head shows ${l.min_parallax} or more)`],
      ['reasons', l.reasons.join(', ') || '—'],
    ]));
  }
  out.append(el('h3', {}, 'Reason codes'), el('ul', { class: 'codes' }, ...(d.reasons ?? []).map((r) => el('li', {}, el('code', {}, r)))));
}
