import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthFailureLimiter } from './auth-failures.js';

/** A limiter on a clock the test moves by hand. */
function limiter(max: number, windowMs: number, maxClients?: number): { l: AuthFailureLimiter; tick: (ms: number) => void } {
  let t = 1_000;
  return { l: new AuthFailureLimiter({ max, windowMs }, () => t, maxClients), tick: (ms) => void (t += ms) };
}

describe('AuthFailureLimiter', () => {
  // [failures, ms after the first failure, blockedFor (ms), note]
  const rows: readonly (readonly [number, number, number, string])[] = [
    [0, 0, 0, 'no failures'],
    [9, 0, 0, 'one under the limit'],
    [10, 0, 60_000, 'at the limit: blocked for the rest of the window'],
    [10, 45_000, 15_000, 'later in the window: the remaining time'],
    [10, 60_000, 0, 'the window has closed'],
    [25, 0, 60_000, 'failures past the limit do not extend the window'],
  ];
  for (const [failures, later, blocked, note] of rows) {
    it(note, () => {
      const { l, tick } = limiter(10, 60_000);
      for (let i = 0; i < failures; i++) l.fail('10.0.0.1');
      tick(later);
      assert.equal(l.blockedFor('10.0.0.1'), blocked);
    });
  }

  it('counts per client: another address is not blocked', () => {
    const { l } = limiter(2, 60_000);
    l.fail('10.0.0.1');
    l.fail('10.0.0.1');
    assert.ok(l.blockedFor('10.0.0.1') > 0);
    assert.equal(l.blockedFor('10.0.0.2'), 0);
  });

  it('max 0 turns it off', () => {
    const { l } = limiter(0, 60_000);
    for (let i = 0; i < 100; i++) l.fail('10.0.0.1');
    assert.equal(l.blockedFor('10.0.0.1'), 0);
    assert.equal(l.size, 0);
  });

  it('remembers at most maxClients addresses, forgetting the longest quiet first', () => {
    const { l } = limiter(1, 60_000, 3);
    for (const ip of ['a', 'b', 'c', 'd']) l.fail(ip);
    assert.equal(l.size, 3);
    assert.equal(l.blockedFor('a'), 0, 'the oldest was forgotten');
    assert.ok(l.blockedFor('d') > 0);
  });

  it('forgets closed windows before live ones when full', () => {
    const { l, tick } = limiter(5, 60_000, 2);
    l.fail('closing');
    tick(10_000);
    l.fail('live');
    tick(40_000);
    l.fail('closing'); // last to fail, but its window opened first
    tick(15_000); // 'closing' has closed, 'live' has not
    l.fail('new');
    for (let i = 0; i < 4; i++) l.fail('live');
    assert.equal(l.size, 2);
    assert.ok(l.blockedFor('live') > 0, 'the live window was kept');
  });
});
