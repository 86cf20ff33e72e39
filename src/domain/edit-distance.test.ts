import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levenshtein } from './edit-distance.js';

describe('levenshtein', () => {
  const cases: readonly [string, string, number][] = [
    ['', '', 0],
    ['', 'ABC', 3],
    ['ABC', '', 3],
    ['KINGDOM', 'KINGDOM', 0],
    ['KINGDOM', 'KINGDOH', 1],
    ['KINGDOM', 'KINGOOM<', 2],
    ['P<AUS', 'P09112', 5],
    ['FLAW', 'LAWN', 2],
  ];
  for (const [a, b, want] of cases) it(`${a || '""'} vs ${b || '""'} = ${want}`, () => assert.equal(levenshtein(a, b), want));
});
