/**
 * How `npm start` and the Docker image run the server: with MALLOC_ARENA_MAX=2 (glibc's per-thread malloc
 * arenas otherwise held about 100 MB more at a burst's peak), and the benchmarks' servers the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseStartScript } from '../bench/lib/server-process.js';

const root = new URL('../', import.meta.url);

test('npm start runs node dist/main.js with MALLOC_ARENA_MAX=2', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { scripts: { start: string } };
  assert.deepEqual(parseStartScript(pkg.scripts.start), { env: { MALLOC_ARENA_MAX: '2' }, nodeArgs: [] });
  assert.match(pkg.scripts.start, /node dist\/main\.js$/);
});

test('the Docker image sets the same MALLOC_ARENA_MAX', async () => {
  const dockerfile = await readFile(new URL('Dockerfile', root), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  assert.match(runtime, /^\s*MALLOC_ARENA_MAX=2 \\$/m);
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
