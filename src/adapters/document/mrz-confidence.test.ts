import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alternative } from './constrained-ctc.js';
import { fieldConfidence, nameLetterConfidence, positionConfidence } from './mrz-confidence.js';
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

test('nameLetterConfidence: the least sure name letter, fillers, corrected cells and glyph-judged pairs left out', () => {
  const lines = ['P<UTOLIN<<MEI<HUA<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
  const sure = (line: string): Alternative[][] => [...line].map((c) => [{ char: c, loss: 0 }, { char: c === 'A' ? 'B' : 'A', loss: 20 }]);
  const at = (pos: number, ...alternatives: Alternative[]): { pos: number; alternatives: Alternative[] } => ({ pos, alternatives });
  const cases: readonly {
    readonly name: string;
    readonly cells: readonly { pos: number; alternatives: Alternative[] }[];
    readonly skip?: readonly string[];
    readonly judged?: string;
    readonly expected: number;
  }[] = [
    { name: 'every letter sure', cells: [], expected: 1 },
    { name: 'N against Z at a tie (LIN / LIZ)', cells: [at(7, { char: 'N', loss: 0 }, { char: 'Z', loss: 0 })], expected: 0.5 },
    { name: 'a filler in doubt is no letter', cells: [at(20, { char: '<', loss: 0 }, { char: 'S', loss: 0 })], expected: 1 },
    { name: 'a cell the glyph check corrected is skipped', cells: [at(7, { char: 'N', loss: 0 }, { char: 'Z', loss: 0 })], skip: ['0:7'], expected: 1 },
    { name: 'M against N is left to the glyphs', cells: [at(10, { char: 'M', loss: 0 }, { char: 'N', loss: 0.1 }, { char: 'E', loss: Math.log(9) })], judged: 'MNHWV', expected: 0.9 },
    { name: 'M against N counts without the glyph check', cells: [at(10, { char: 'M', loss: 0 }, { char: 'N', loss: 0 })], expected: 0.5 },
    { name: 'N against Z counts with the glyph check too', cells: [at(7, { char: 'N', loss: 0 }, { char: 'Z', loss: 0 })], judged: 'MNHWV', expected: 0.5 },
    { name: 'letters outside the name field are not weighed', cells: [at(2, { char: 'U', loss: 0 }, { char: 'O', loss: 0 })], expected: 1 },
  ];
  for (const c of cases) {
    const alternatives = lines.map(sure);
    for (const cell of c.cells) alternatives[0]![cell.pos] = cell.alternatives;
    const got = nameLetterConfidence('TD3', lines, alternatives, new Set(c.skip ?? []), c.judged ?? '');
    assert.ok(Math.abs(got - c.expected) < 1e-6, `${c.name}: ${got}`);
  }
});
