// Live selfie hints from face detection in the browser: Human's BlazeFace and FaceMesh, the same npm-shipped
// weights the server checks, served by the service (/capture/models). Loaded after the page has rendered.
import { brightness } from './camera.js';

const CONFIG = {
  modelBasePath: '/capture/models/',
  backend: 'webgl',
  wasmPath: '/capture/vendor/',
  cacheModels: false,
  debug: false,
  async: true,
  warmup: 'none',
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  face: {
    enabled: true,
    detector: { enabled: true, rotation: false, maxDetected: 1, modelPath: 'blazeface.json' },
    mesh: { enabled: true, modelPath: 'facemesh.json' },
    attention: { enabled: false },
    iris: { enabled: false },
    description: { enabled: false },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
};

/** @type {Promise<any> | undefined} */
let loading;

/** Loads Human once; resolves null when the browser cannot run it (hints then use brightness only). */
export function loadDetector() {
  loading ??= (async () => {
    try {
      const { Human } = await import('/capture/vendor/human.esm.js');
      for (const backend of ['webgl', 'cpu']) {
        const human = new Human({ ...CONFIG, backend });
        try {
          await human.load();
          await human.detect(document.createElement('canvas'));
          return human;
        } catch { /* try the next backend */ }
      }
    } catch { /* no detector */ }
    return null;
  })();
  return loading;
}

/**
 * One hint for the current frame: what the person should change, or null when the selfie can be taken.
 * @param {HTMLVideoElement} video
 * @returns {Promise<{text: string, good: boolean}>}
 */
export async function hintFor(video) {
  if (brightness(video) < 60) return { text: 'Too dark: face a window or a lamp.', good: false };
  const human = await loadDetector();
  if (human === null) return { text: 'Keep your face inside the oval.', good: true };
  const result = await human.detect(video);
  const face = result.face?.[0];
  if (!face) return { text: 'We cannot see a face: look at the camera.', good: false };
  const [x, y, w, h] = face.box;
  if (w < video.videoWidth * 0.22) return { text: 'Too far: come closer to the camera.', good: false };
  const cx = (x + w / 2) / video.videoWidth, cy = (y + h / 2) / video.videoHeight;
  if (Math.abs(cx - 0.5) > 0.15 || Math.abs(cy - 0.47) > 0.18) return { text: 'Move your face into the oval.', good: false };
  const angle = face.rotation?.angle;
  if (angle && (Math.abs(angle.yaw) > 0.3 || Math.abs(angle.pitch) > 0.35)) return { text: 'Look straight at the camera.', good: false };
  return { text: 'Good: hold still.', good: true };
}
