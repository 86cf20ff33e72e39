// Camera access and frame grabbing. Frames are grabbed unmirrored (what the camera sees), 640x480, cover-cropped.

/**
 * Opens a camera into `video`; resolves once the first frame is showing.
 * @param {HTMLVideoElement} video
 * @param {'user'|'environment'} facing
 * @returns {Promise<MediaStream>}
 */
export async function openCamera(video, facing) {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser gives no camera access (a secure https:// page is needed)');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: facing, width: { ideal: facing === 'user' ? 640 : 1920 }, height: { ideal: facing === 'user' ? 480 : 1080 } }, audio: false });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  return stream;
}

/** @param {MediaStream | null | undefined} stream */
export function closeCamera(stream) {
  stream?.getTracks().forEach((t) => t.stop());
}

/**
 * The current video frame as a JPEG, `width` x `height` (cover-cropped), or the full frame when width is 0.
 * @param {HTMLVideoElement} video
 * @param {HTMLCanvasElement} canvas
 * @returns {Promise<Blob>}
 */
export function grabFrame(video, canvas, width = 640, height = 480, quality = 0.85) {
  const vw = video.videoWidth, vh = video.videoHeight;
  const w = width || vw, h = height || vh;
  canvas.width = w; canvas.height = h;
  const scale = Math.max(w / vw, h / vh);
  const sw = w / scale, sh = h / scale;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  ctx.drawImage(video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, w, h);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the frame'))), 'image/jpeg', quality));
}

/**
 * Mean luma (0-255) of the video's centre, on a 32x24 sample.
 * @param {HTMLVideoElement} video
 */
export function brightness(video) {
  const c = document.createElement('canvas');
  c.width = 32; c.height = 24;
  const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d', { willReadFrequently: true }));
  ctx.drawImage(video, video.videoWidth * 0.25, video.videoHeight * 0.15, video.videoWidth * 0.5, video.videoHeight * 0.7, 0, 0, 32, 24);
  const d = ctx.getImageData(0, 0, 32, 24).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
  return sum / (d.length / 4);
}
