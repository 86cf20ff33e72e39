// The head-movement challenge: instructions on a fixed timeline and the frames grabbed along it. The timeline
// and the grab times match src/testing/head-turn.ts (TIMELINE, captureTimes), which renders the test clips.
import { grabFrame } from './camera.js';

const LEAD = 2, STEP = 2;
const WORDS = { turn_left: 'Turn your head to your left', turn_right: 'Turn your head to your right', look_up: 'Look up', look_down: 'Look down' };

/** Seconds from the start at which frames are grabbed: twice facing the camera, three times per step. */
export function captureTimes(steps) {
  const times = [LEAD - 1, LEAD - 0.4];
  steps.forEach((_, k) => {
    const start = LEAD + k * STEP;
    times.push(start + 0.45 * STEP, start + 0.65 * STEP, start + 0.98 * STEP);
  });
  return times;
}

/** What to tell the person at second t. */
export function instructionAt(t, steps) {
  if (t < LEAD) return 'Look at the camera';
  const k = Math.floor((t - LEAD) / STEP);
  if (k >= steps.length) return 'Done';
  const u = (t - LEAD - k * STEP) / STEP;
  return u < 0.75 ? `${WORDS[steps[k]] ?? steps[k]} (${k + 1} of ${steps.length})` : 'Back to the centre';
}

/**
 * Runs the challenge on `video` from now; `say` shows each instruction. Resolves with the frames in order.
 * @param {HTMLVideoElement} video
 * @param {HTMLCanvasElement} canvas
 * @param {string[]} steps
 * @param {(text: string) => void} say
 * @returns {Promise<Blob[]>}
 */
export async function runChallenge(video, canvas, steps, say) {
  const times = captureTimes(steps);
  const t0 = performance.now();
  const frames = [];
  let said = '';
  for (const at of times) {
    for (;;) {
      const t = (performance.now() - t0) / 1000;
      const text = instructionAt(t, steps);
      if (text !== said) { say(text); said = text; }
      if (t >= at) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, (at - t) * 1000)));
    }
    frames.push(await grabFrame(video, canvas));
  }
  say('');
  return frames;
}
