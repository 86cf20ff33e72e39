// The capture flow: selfie with the liveness challenge -> document -> name -> result. No build step, no CDN:
// every file, model and library comes from this service.
import { newChallenge, readDocument, verify } from './api.js';
import { closeCamera, grabFrame, openCamera } from './camera.js';
import { hintFor, loadDetector } from './hints.js';
import { runChallenge } from './liveness.js';
import { showResult } from './result.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const state = { stream: null, challenge: null, frames: [], selfie: null, document: null, documentBack: null, hinting: false };

function go(step) {
  for (const s of ['selfie', 'document', 'name', 'result']) {
    $(`step-${s}`).hidden = s !== step;
    const item = document.querySelector(`.progress [data-step="${s}"]`);
    if (s === step) item.setAttribute('aria-current', 'step'); else item.removeAttribute('aria-current');
  }
  const heading = document.querySelector(`#step-${step} h2`);
  heading?.setAttribute('tabindex', '-1');
  heading?.focus();
}

function status(id, text, error = false) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle('error', error);
}

async function hintLoop() {
  state.hinting = true;
  while (state.hinting && state.stream) {
    try {
      const hint = await hintFor($('selfie-video'));
      if (!state.hinting) break;
      status('selfie-hint', hint.text);
      $('oval').classList.toggle('good', hint.good);
    } catch { /* a frame the detector could not read: try the next */ }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

$('camera-start').addEventListener('click', async () => {
  try {
    state.stream = await openCamera($('selfie-video'), 'user');
    $('camera-start').disabled = true;
    $('liveness-start').disabled = false;
    status('selfie-hint', 'Loading face guidance…');
    void hintLoop();
  } catch (error) {
    status('selfie-hint', `The camera could not be opened: ${error.message}`, true);
  }
});

$('liveness-start').addEventListener('click', async () => {
  $('liveness-start').disabled = true;
  state.hinting = false;
  try {
    state.challenge = await newChallenge();
    // A fresh stream starts the challenge's timeline at its first frame.
    closeCamera(state.stream);
    state.stream = await openCamera($('selfie-video'), 'user');
    status('selfie-hint', 'Follow the instructions on the picture.');
    state.frames = await runChallenge($('selfie-video'), $('grab'), state.challenge.steps, (text) => { $('instruction').textContent = text; });
    state.selfie = state.frames[0];
    closeCamera(state.stream);
    state.stream = null;
    go('document');
  } catch (error) {
    status('selfie-hint', `The head movements could not be recorded: ${error.message}`, true);
    $('liveness-start').disabled = false;
  }
});

function chooseDocument(blob) {
  state.document = blob;
  const img = $('document-preview');
  img.src = URL.createObjectURL(blob);
  img.hidden = false;
  $('document-video').hidden = true;
  $('document-next').disabled = false;
  $('document-next').textContent = 'Check the document and continue';
  status('document-status', 'Photo chosen. Check it, then continue.');
}

$('document-camera').addEventListener('click', async () => {
  try {
    state.stream = await openCamera($('document-video'), 'environment');
    $('document-preview').hidden = true;
    $('document-shoot').hidden = false;
    $('document-shoot').focus();
  } catch (error) {
    status('document-status', `The camera could not be opened: ${error.message}. Choose a photo instead.`, true);
  }
});
$('document-shoot').addEventListener('click', async () => {
  const blob = await grabFrame($('document-video'), $('grab'), 0, 0, 0.92);
  closeCamera(state.stream);
  state.stream = null;
  $('document-shoot').hidden = true;
  chooseDocument(blob);
});
$('document-file').addEventListener('change', (event) => {
  const file = event.target.files?.[0];
  if (file) chooseDocument(file);
});
$('has-back').addEventListener('change', (event) => { $('back-row').hidden = !event.target.checked; });
$('document-back-file').addEventListener('change', (event) => { state.documentBack = event.target.files?.[0] ?? null; });

$('document-next').addEventListener('click', async () => {
  if ($('document-next').dataset.anyway === 'yes') { go('name'); return; }
  const form = new FormData();
  form.append('document', state.document, 'document.jpg');
  if (state.documentBack && $('has-back').checked) form.append('document_back', state.documentBack, 'document-back.jpg');
  status('document-status', 'Checking the document…');
  $('document-next').disabled = true;
  const answer = await readDocument(form).catch(() => ({ status: 0, body: null }));
  $('document-next').disabled = false;
  if (answer.status === 404) {
    status('document-status', 'This server checks the document only at verification.');
    go('name');
  } else if (answer.status === 200) {
    const doc = answer.body.details?.document ?? {};
    if (doc.mrz?.valid || (doc.lines_read ?? 0) > 3) {
      status('document-status', doc.mrz?.valid ? 'The machine-readable zone was read.' : 'The document text was read.');
      go('name');
    } else {
      status('document-status', 'The document could not be read well: retake the photo with less glare and all corners visible, or continue anyway.', true);
      $('document-next').dataset.anyway = 'yes';
      $('document-next').textContent = 'Continue anyway';
    }
  } else {
    status('document-status', `The photo cannot be used: ${answer.body?.details?.reason ?? answer.body?.message ?? 'the service did not answer'}.`, true);
  }
});

$('name-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('name').value.trim();
  if (name === '') { status('verify-status', 'Type your name as printed on the document.', true); $('name').focus(); return; }
  const form = {
    image1: state.selfie,
    image2: state.document,
    // The back of a card, for services that read both sides (image3); older ones ignore the part.
    ...(state.documentBack && $('has-back').checked ? { image3: state.documentBack } : {}),
    name,
    challenge_id: state.challenge.challenge_id,
    frames: state.frames,
  };
  $('verify').disabled = true;
  status('verify-status', 'Verifying… this takes a few seconds.');
  const answer = await verify(form).catch(() => ({ status: 0, body: null }));
  $('verify').disabled = false;
  status('verify-status', '');
  await showResult(answer, { selfie: state.selfie, frames: state.frames, document: state.document });
  go('result');
});

$('restart').addEventListener('click', () => window.location.reload());

// Face guidance loads after the first render; the page is usable before it arrives.
window.addEventListener('load', () => setTimeout(() => void loadDetector(), 0));
