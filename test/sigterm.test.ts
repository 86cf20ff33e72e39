/**
 * SIGTERM on a server process (test/doubles/serve-stalling.ts: the real app and src/shutdown.ts, stand-in
 * engines, decode processes that spin on a marked image) while both decodes of a request are stalled:
 * the process exits with status 1 at SHUTDOWN_TIMEOUT_MS rather than waiting for the decode, and the
 * stalled decode processes are gone. No assertion is on elapsed time (the node:test timeout guards a hang).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stubPhoto } from './doubles/stub-engines.js';
import { alive } from './support/processes.js';
import { stallingPng } from './doubles/stall-mark.js';
import { multipart } from './support/multipart.js';

test('SIGTERM with a stalled decode in flight: exit status 1 at the deadline, decode processes killed', { timeout: 60_000 }, async () => {
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./doubles/serve-stalling.ts', import.meta.url))], {
    env: { ...process.env, DATA_DIR: ':memory:', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', SHUTDOWN_TIMEOUT_MS: '1000', DECODE_PROCESSES: '2', DECODE_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '180000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const lines = createInterface({ input: server.stdout });
  const stalled: number[] = [];
  let markListening: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => {
    markListening = resolve;
  });
  let markStalled: () => void = () => undefined;
  const bothStalled = new Promise<void>((resolve) => {
    markStalled = resolve;
  });
  lines.on('line', (line) => {
    const port = /^listening (\d+)$/.exec(line);
    if (port) markListening(Number(port[1]));
    const pid = /^stalling (\d+)$/.exec(line);
    if (pid) stalled.push(Number(pid[1]));
    if (stalled.length === 2) markStalled();
  });

  const port = await listening;
  const stall = await stallingPng(await stubPhoto());
  const form = multipart([
    { name: 'image1', filename: 'a.png', data: stall },
    { name: 'image2', filename: 'b.png', data: stall },
    { name: 'name', data: 'Jane Doe' },
  ]);
  const inFlight = fetch(`http://127.0.0.1:${port}/verify`, { method: 'POST', body: form.payload, headers: form.headers }).catch(() => 'connection closed');
  await bothStalled;
  server.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.deepEqual([code, signal], [1, null], 'exited on its own at the deadline, with status 1');
  assert.equal(await inFlight, 'connection closed');
  for (const pid of stalled) while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
});
