import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHALLENGE_ID, MemoryChallengeStore } from './liveness-challenges.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const later = (ms: number): Date => new Date(t0.getTime() + ms);

test('a challenge is issued with 2-3 steps, an unguessable id, and expires after the ttl', () => {
  const store = new MemoryChallengeStore({ ttlMs: 120_000 });
  const c = store.issue(t0);
  assert.match(c.id, CHALLENGE_ID);
  assert.ok(c.steps.length >= 2 && c.steps.length <= 3);
  assert.equal(c.expiresAt.getTime() - t0.getTime(), 120_000);
  assert.notEqual(store.issue(t0).id, c.id);
});

test('take: single use, then unknown', () => {
  const store = new MemoryChallengeStore({ ttlMs: 1000 });
  const c = store.issue(t0);
  assert.deepEqual(store.take(c.id, later(500)), { challenge: c });
  assert.deepEqual(store.take(c.id, later(600)), { problem: 'unknown' });
  assert.deepEqual(store.take('AAAAAAAAAAAAAAAAAAAAAA', t0), { problem: 'unknown' });
});

test('take: past expires_at is expired, and spent', () => {
  const store = new MemoryChallengeStore({ ttlMs: 1000 });
  const c = store.issue(t0);
  assert.deepEqual(store.take(c.id, later(1001)), { problem: 'expired' });
  assert.deepEqual(store.take(c.id, later(1002)), { problem: 'unknown' });
});

test('a flood of challenges keeps at most `capacity`, forgetting the oldest; expired ones are dropped on issue', () => {
  const store = new MemoryChallengeStore({ ttlMs: 1000, capacity: 3 });
  const first = store.issue(t0);
  for (let i = 0; i < 5; i++) store.issue(t0);
  assert.equal(store.size, 3);
  assert.deepEqual(store.take(first.id, t0), { problem: 'unknown' });
  store.issue(later(5000));
  assert.equal(store.size, 1);
});

test('injected steps are used as given', () => {
  const store = new MemoryChallengeStore({ ttlMs: 1000, steps: () => ['look_up', 'turn_left'] });
  assert.deepEqual(store.issue(t0).steps, ['look_up', 'turn_left']);
});
