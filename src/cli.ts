#!/usr/bin/env node
/**
 * Command-line verification with the same engine and the same JSON as POST /verify.
 *   identity-check verify --live selfie.jpg --id id.jpg --name "Jane Doe"
 * Exit codes: 0 verified, 1 mismatch, 2 bad input (or usage), 3 internal error.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config.js';
import { buildPolicy } from './config/policy.js';
import { startPooledEngines } from './adapters/workers/pooled-engines.js';
import { InputError } from './domain/errors.js';
import { checkName } from './routes/verify.form.js';
import { verify } from './services/verification.service.js';
import {
  presentInputError,
  presentInternalError,
  presentOutcome,
  type ApiResponse,
} from './services/verification.presenter.js';

const USAGE = [
  'usage: identity-check verify --live <selfie.jpg|png> --id <document.jpg|png> --name "<name on the ID>"',
  '       identity-check worker      (runs queued verifications; configured like the server: DATABASE_URL, REDIS_URL...)',
].join('\n');

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'worker' && argv.length === 1) {
    const { runWorker } = await import('./worker.js');
    await runWorker(loadConfig());
    return 0;
  }
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { live: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'verify') {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const requestId = randomUUID();
  const print = (response: ApiResponse): void => void process.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);

  const live = await readImage(values.live, 'image1', '--live');
  const id = await readImage(values.id, 'image2', '--id');
  const nameProblem = checkName(values.name);
  const problems = [live, id].filter((r): r is InputError => r instanceof InputError).flatMap((e) => e.problems);
  if (nameProblem !== undefined) problems.push(nameProblem);
  const [first, ...rest] = problems;
  if (first !== undefined) {
    print(presentInputError(new InputError([first, ...rest]), requestId));
    return 2;
  }

  const config = loadConfig();
  const engines = startPooledEngines({ workers: 1, maxQueue: 4, timeoutMs: config.limits.requestTimeoutMs });
  try {
    await engines.ready;
    const outcome = await verify(
      { live: live as Buffer, id: id as Buffer, name: (values.name as string).trim() },
      { faces: engines.faces, documents: engines.documents, policy: buildPolicy(config), now: () => new Date() },
    );
    const response = presentOutcome(outcome, requestId);
    print(response);
    return response.statusCode === 200 ? 0 : 1;
  } catch (error) {
    if (error instanceof InputError) {
      print(presentInputError(error, requestId));
      return 2;
    }
    process.stderr.write(`identity-check: internal error (${requestId}): ${error instanceof Error ? error.message : String(error)}\n`);
    print(presentInternalError(requestId));
    return 3;
  } finally {
    await engines.close();
  }
}

async function readImage(path: string | undefined, field: 'image1' | 'image2', flag: string): Promise<Buffer | InputError> {
  if (path === undefined) return InputError.of(field, 'ERR_MISSING_FILE', `${flag} <file> is required`);
  try {
    return await readFile(path);
  } catch {
    return InputError.of(field, 'ERR_MISSING_FILE', `${flag}: cannot read ${path}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`identity-check: ${error instanceof ConfigError ? `invalid configuration: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
