import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alternative } from './constrained-ctc.js';
import { fieldConfidence, positionConfidence } from './mrz-confidence.js';
import { td1Lines } from '../../testing/synthetic-id.js';

test('positionConfidence is the two-way softmax of the margin to the runner-up', () => {
  const cases: { alternatives: Alternative[] | undefined; char: string; expected: number }[] = [
    { alternatives: [{ char: 'M', loss: 0 }, { char: 'N', loss: 0 }], char: 'M', expected: 0.5 },
    { alternatives: [{ char: 'M', loss: 0 }, { char: 'N', loss: Math.log(9) }], char: 'M', expected: 0.9 },
    // A character put in after decoding (a repair) scores under one half.
    { alternatives: [{ char: 'N', loss: 0 }, { char: 'M', loss: Math.log(3) }], char: 'M', expected: 0.25 },
    { alternatives: [{ char: '<', loss: 0 }], char: '<', expected: 1 },
    { alternatives: [{ char: 'A', loss: 0 }], char: 'B', expected: 0 },
    { alternatives: undefined, char: 'A', expected: 0 },
  ];
  for (const { alternatives, char, expected } of cases) assert.ok(Math.abs(positionConfidence(alternatives, char) - expected) < 1e-9, `${char} ${JSON.stringify(alternatives)}`);
});

test('fieldConfidence gives each TD1 field its least sure character', () => {
  const lines = td1Lines({ surname: 'Lloyd', givenNames: 'Alexander', documentNumber: 'X4731902A', birthDate: '620101', expiryDate: '290101', sex: 'M', nationality: 'GBR' });
  const sure = (line: string): Alternative[][] => [...line].map((c) => [{ char: c, loss: 0 }, { char: c === 'A' ? 'B' : 'A', loss: 20 }]);
  const alternatives = lines.map(sure);
  // Line 2 position 0 (birth date) unsure between 6 and 5; line 3 position 1 (names) L vs I at a 1 nat margin.
  alternatives[1]![0] = [{ char: '6', loss: 0 }, { char: '5', loss: 0 }];
  alternatives[2]![1] = [{ char: 'L', loss: 0 }, { char: 'I', loss: 1 }];
  const confidence = fieldConfidence('TD1', lines, alternatives);
  assert.equal(confidence.birthDate, 0.5);
  assert.equal(confidence.names, Math.round(1000 / (1 + Math.exp(-1))) / 1000);
  assert.equal(confidence.documentNumber, 1);
  assert.equal(confidence.expirationDate, 1);
  assert.deepEqual(Object.keys(confidence).sort(), ['birthDate', 'documentCode', 'documentNumber', 'expirationDate', 'issuingState', 'names', 'nationality', 'sex']);
});
