/**
 * Runs the real server entry (src/main.ts) in a child process for the load and soak benchmarks, so the
 * load generator's CPU and memory never mix with the server's. Resident memory is read from
 * /proc/<pid>/status (worker threads share the process, so this covers every model); CPU time from the
 * server's own /metrics (`process_cpu_seconds_total`, i.e. process.cpuUsage() of the server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident set size of the server process, bytes. */
  rss(): Promise<number>;
  /** CPU seconds (user + system, all threads) the server has used so far. */
  cpuSeconds(): Promise<number>;
  /** One sample of a metric from /metrics, or NaN. */
  metric(series: string): Promise<number>;
  /** SIGTERM, then wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
/** The build output (`npm run build`), as `npm start` runs it: no TypeScript loader in any thread or process. */
const COMPILED_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/**
 * The variables and node flags of `npm start` (package.json `scripts.start`: `NAME=value ... node --flag ...
 * dist/main.js`), so a server here runs as `npm start` runs it.
 */
export function parseStartScript(startScript: string): { readonly env: Record<string, string>; readonly nodeArgs: string[] } {
  const words = startScript.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i]!); i++) {
    const [name, ...value] = words[i]!.split('=');
    env[name!] = value.join('=');
  }
  if (words[i] !== 'node') throw new Error(`npm start does not run node: ${startScript}`);
  return { env, nodeArgs: words.slice(i + 1).filter((w) => w.startsWith('-')) };
}

const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/**
 * Starts the server with `env` added to this process's environment and waits until /ready is 200; `compiled`
 * runs dist/main.js (memory as in production: tsx's loader costs memory in every thread and process). The
 * benchmarks send the demo card (issued by Utopia, ICAO's specimen state), so specimens are allowed.
 */
export async function startServer(env: Record<string, string>, options: { readonly compiled?: boolean } = {}): Promise<ServerProcess> {
  const port = await freePort();
  if (options.compiled && !existsSync(COMPILED_MAIN)) throw new Error(`${COMPILED_MAIN} is missing: run npm run build first`);
  const start = parseStartScript((JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { scripts: { start: string } }).scripts.start);
  const child: ChildProcess = spawn(process.execPath, [...start.nodeArgs, ...(options.compiled ? [COMPILED_MAIN] : ['--import', 'tsx', MAIN])], {
    env: { ...process.env, LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: String(port), ALLOW_SPECIMEN_DOCUMENTS: 'true', ...start.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const early = await Promise.race([exited.then(() => 'exited' as const), new Promise((r) => setTimeout(r, 250)).then(() => 'wait' as const)]);
    if (early === 'exited') throw new Error('server exited before becoming ready');
    const ready = await fetch(`${url}/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
  }
  const metric = async (series: string): Promise<number> => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? NaN : Number(line.slice(series.length + 1));
  };
  return {
    url,
    pid: child.pid as number,
    rss: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
    },
    cpuSeconds: () => metric('process_cpu_seconds_total'),
    metric,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Samples `read` every `everyMs` until stopped; returns the samples with their times (s since start). */
export function sampler(read: () => Promise<number>, everyMs: number): { stop(): Promise<{ t: number; value: number }[]> } {
  const samples: { t: number; value: number }[] = [];
  const start = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push({ t: (Date.now() - start) / 1000, value: await read() });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}
