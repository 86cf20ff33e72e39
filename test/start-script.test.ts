/**
 * How `npm start` runs the server, which the benchmarks' servers copy (bench/lib/server-process.ts). No
 * MALLOC_ARENA_MAX: two glibc arenas saved about 90 MB at a burst's peak but cost about 20% more CPU per
 * request in lock contention (docs/OPERATIONS.md, "Sizing").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseStartScript } from '../bench/lib/server-process.js';

const root = new URL('../', import.meta.url);

test('npm start runs node dist/main.js, with no variables of its own', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { scripts: { start: string } };
  assert.deepEqual(parseStartScript(pkg.scripts.start), { env: {}, nodeArgs: [] });
  assert.match(pkg.scripts.start, /node dist\/main\.js$/);
});

const scripts: [string, ReturnType<typeof parseStartScript>][] = [
  ['node dist/main.js', { env: {}, nodeArgs: [] }],
  ['A=1 B_C=x=y node --expose-gc dist/main.js', { env: { A: '1', B_C: 'x=y' }, nodeArgs: ['--expose-gc'] }],
];
for (const [script, expected] of scripts) {
  test(`parseStartScript: ${script}`, () => assert.deepEqual(parseStartScript(script), expected));
}

test('parseStartScript refuses a start script that does not run node', () => {
  assert.throws(() => parseStartScript('A=1 tsx src/main.ts'), /does not run node/);
});
