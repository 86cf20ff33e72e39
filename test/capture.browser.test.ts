/**
 * The capture page end to end in a real browser: Debian's Chromium driven by playwright-core, its camera fed
 * a y4m clip rendered at test time (src/testing/head-turn.ts, y4m.ts) from person A's selfie, through selfie,
 * liveness challenge, document upload, name and result, against the real models. A genuine 3-D head turn is
 * Verified; a still photo, one frame replayed and the photo rotated in the plane are refused with liveness
 * reasons. Also checked: no request leaves the page's origin, first contentful paint. Screenshots of each
 * step at phone and desktop size go to $TMPDIR/identity-check-capture/ (not committed). Skips, saying so,
 * without /usr/bin/chromium (`apt-get install chromium`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { HybridFaceEngine, selectPrimaryFace } from '../src/adapters/face/index.js';
import type { LivenessStep } from '../src/domain/liveness.js';
import { MemoryChallengeStore } from '../src/services/liveness-challenges.js';
import { headModel, renderClip, type ClipKind } from '../src/testing/head-turn.js';
import { writeY4m } from '../src/testing/y4m.js';
import { loadFixtures, type Fixtures } from './support/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium); browser tests skipped`;
const STEPS: LivenessStep[] = ['turn_left', 'turn_right'];
const FPS = 15;
const SCREENS = join(tmpdir(), 'identity-check-capture');

const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

let app: FastifyInstance;
let origin: string;
let fx: Fixtures;
let clips: string;
const clipPath = (kind: ClipKind): string => join(clips, `${kind}.y4m`);

before(async () => {
  if (skip) return;
  fx = await loadFixtures();
  clips = mkdtempSync(join(tmpdir(), 'identity-check-clips-'));
  mkdirSync(SCREENS, { recursive: true });
  // Person A's selfie as a head model: the server's own FaceMesh landmarks of it, textured with it.
  const { data, info } = await sharp(fx.selfieA).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo: RgbImage = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  const engine = new HybridFaceEngine();
  await engine.load();
  const face = selectPrimaryFace(await engine.analyze(photo), photo.width, photo.height);
  assert.ok(face, 'no face in the selfie fixture');
  const model = await headModel(photo, face.box, (image) => engine.analyze(image));
  await engine.dispose();
  assert.ok(model, 'no mesh for the head model');
  for (const kind of ['genuine', 'still', 'replay', 'flat-rotate'] as const) {
    await writeY4m(clipPath(kind), renderClip(model, { kind, steps: STEPS, fps: FPS }), FPS);
  }
  app = await buildApp({
    config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', WORKERS: '1', RATE_LIMIT_MAX: '0', ALLOW_SPECIMEN_DOCUMENTS: 'true' }),
    challenges: new MemoryChallengeStore({ ttlMs: 120_000, steps: () => STEPS }),
  });
  await app.engines.ready;
  origin = await app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  await app?.close();
  if (clips) rmSync(clips, { recursive: true, force: true });
});

interface Run {
  readonly status: number;
  readonly body: { message: string; details: Record<string, any> };
  readonly foreign: string[];
  readonly fcpMs: number | null;
  readonly verdictText: string;
}

/** Drives the page through every step with `clip` as the camera; screenshots named `${label}-${step}.png`. */
async function capture(browser: Browser, size: keyof typeof SIZES, label: string): Promise<Run> {
  const context = await browser.newContext({ viewport: SIZES[size], permissions: ['camera'] });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('blob:') && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  try {
    await page.goto(`${origin}/`);
    const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    const shot = (step: string) => page.screenshot({ path: join(SCREENS, `${label}-${size}-${step}.png`), fullPage: true });
    // Keyboard only for the first control: it is the first stop of Tab, and its focus ring is visible.
    await page.keyboard.press('Tab');
    const focus = await page.evaluate('(() => { const e = document.activeElement; const s = getComputedStyle(e); return { id: e.id, outline: s.outlineStyle, width: s.outlineWidth }; })()') as { id: string; outline: string; width: string };
    assert.equal(focus.id, 'camera-start');
    assert.notEqual(focus.outline, 'none');
    assert.notEqual(focus.width, '0px');
    await page.keyboard.press('Enter');
    await page.locator('#liveness-start:not([disabled])').waitFor();
    // Give the in-browser detector a moment to load and hint.
    await page.locator('#selfie-hint').filter({ hasNotText: /Loading|Press/ }).waitFor({ timeout: 20_000 }).catch(() => undefined);
    await shot('1-selfie');
    await page.getByRole('button', { name: /start the head movements/ }).click();
    await page.locator('#instruction').filter({ hasText: /Turn your head/ }).waitFor({ timeout: 10_000 });
    await shot('2-challenge');
    await page.locator('#step-document').waitFor({ state: 'visible', timeout: 30_000 });
    await page.setInputFiles('#document-file', { name: 'id-card.jpg', mimeType: 'image/jpeg', buffer: fx.idA });
    await page.waitForFunction(() => {
      const img = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector('#document-preview');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await shot('3-document');
    await page.getByRole('button', { name: /Check the document/ }).click();
    await page.locator('#step-name').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByLabel('Full name, as printed on the document').fill(fx.holderA.typed);
    await shot('4-name');
    const answer = page.waitForResponse((r) => r.url() === `${origin}/verify`, { timeout: 120_000 });
    await page.keyboard.press('Enter');
    const response = await answer;
    await page.locator('#step-result').waitFor({ state: 'visible', timeout: 30_000 });
    await shot('5-result');
    return { status: response.status(), body: await response.json(), foreign, fcpMs, verdictText: await page.locator('#verdict').innerText() };
  } finally {
    await context.close();
  }
}

async function launch(kind: ClipKind): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clipPath(kind)}`,
    ],
  });
}

describe('capture page in Chromium', { skip }, () => {
  for (const size of ['phone', 'desktop'] as const) {
    test(`genuine head turn (${size}): Verified, liveness passed, nothing leaves the origin`, async (t) => {
      const browser = await launch('genuine');
      try {
        const run = await capture(browser, size, 'genuine');
        t.diagnostic(`screenshots in ${SCREENS}; first contentful paint ${run.fcpMs?.toFixed(0)} ms`);
        assert.deepEqual(run.foreign, []);
        assert.equal(run.status, 200, JSON.stringify({ verdict: run.body.details.verdict, reasons: run.body.details.reasons, liveness: run.body.details.liveness, error: run.body.details.reason }));
        assert.equal(run.body.details.liveness.passed, true);
        assert.match(run.verdictText, /^Verified/);
      } finally {
        await browser.close();
      }
    });
  }

  for (const kind of ['still', 'replay', 'flat-rotate'] as const) {
    test(`${kind} photo: refused with a liveness reason`, async (t) => {
      const browser = await launch(kind);
      try {
        const run = await capture(browser, 'desktop', kind);
        t.diagnostic(`liveness reasons: ${run.body.details.liveness?.reasons?.join(', ')}`);
        assert.deepEqual(run.foreign, []);
        assert.equal(run.status, 401, JSON.stringify(run.body.details.reason ?? run.body.details.verdict));
        assert.equal(run.body.details.verdict, 'liveness_failed');
        assert.ok(run.body.details.liveness.reasons.length > 0);
        assert.ok(run.body.details.reasons.includes('LIVENESS_FAILED'));
        assert.match(run.verdictText, /did not see a live person/);
      } finally {
        await browser.close();
      }
    });
  }
});
