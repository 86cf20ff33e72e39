#!/usr/bin/env node
/**
 * Command-line verification and document reading with the same engine and the same JSON as the API.
 *   identity-check verify --live selfie.jpg --id id.jpg [--id-back back.jpg] --name "Jane Doe"     (POST /verify)
 *   identity-check read-document id.jpg [--back back.jpg] [--name "Jane Doe"]                    (POST /documents/read)
 *   identity-check worker                                                                       (queued jobs)
 * Exit codes: 0 verified / read, 1 mismatch (a sent name that does not match), 2 bad input (or usage),
 * 3 internal error.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config.js';
import { buildPolicy } from './config/policy.js';
import { startPooledEngines } from './adapters/workers/pooled-engines.js';
import { InputError, type ImageField } from './domain/errors.js';
import { checkName } from './routes/verify.form.js';
import { verify } from './services/verification.service.js';
import { readDocument } from './services/document-read.service.js';
import {
  presentDocumentRead,
  presentInputError,
  presentInternalError,
  presentOutcome,
  type ApiResponse,
} from './services/verification.presenter.js';
import type { Engines } from './adapters/workers/pooled-engines.js';

const USAGE = [
  'usage: identity-check verify --live <selfie.jpg|png> --id <document.jpg|png> [--id-back <back.jpg|png>] --name "<name on the ID>"',
  '       identity-check read-document <document.jpg|png> [--back <back.jpg|png>] [--name "<name to match>"]',
  '       identity-check worker      (runs queued verifications; configured like the server: DATABASE_URL, REDIS_URL...)',
].join('\n');

const print = (response: ApiResponse): void => void process.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'worker' && argv.length === 1) {
    const { runWorker } = await import('./worker.js');
    await runWorker(loadConfig());
    return 0;
  }
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      live: { type: 'string' },
      id: { type: 'string' },
      'id-back': { type: 'string' },
      back: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== 'verify' && command !== 'read-document')) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const requestId = randomUUID();
  if (command === 'read-document') {
    const document = await readImage(positionals[1], 'document', 'read-document');
    const back = values.back === undefined ? undefined : await readImage(values.back, 'document_back', '--back');
    const problems = inputProblems([document, back], values.name === undefined ? undefined : checkName(values.name));
    if (problems !== null) return (print(presentInputError(problems, requestId)), 2);
    const name = values.name?.normalize('NFC').trim();
    return withEngines(requestId, async (engines, config) => {
      const outcome = await readDocument(
        { document: document as Buffer, ...(back ? { back: back as Buffer } : {}), ...(name !== undefined ? { name } : {}) },
        { documents: engines.documents, policy: buildPolicy(config), now: () => new Date() },
      );
      print(presentDocumentRead(outcome, requestId));
      return outcome.name === null || outcome.name.match ? 0 : 1;
    });
  }

  const live = await readImage(values.live, 'image1', '--live');
  const id = await readImage(values.id, 'image2', '--id');
  const idBack = values['id-back'] === undefined ? undefined : await readImage(values['id-back'], 'image3', '--id-back');
  const problems = inputProblems([live, id, idBack], checkName(values.name));
  if (problems !== null) return (print(presentInputError(problems, requestId)), 2);
  return withEngines(requestId, async (engines, config) => {
    const outcome = await verify(
      { live: live as Buffer, id: id as Buffer, ...(idBack ? { idBack: idBack as Buffer } : {}), name: (values.name as string).normalize('NFC').trim() },
      { faces: engines.faces, documents: engines.documents, policy: buildPolicy(config), now: () => new Date() },
    );
    const response = presentOutcome(outcome, requestId);
    print(response);
    return response.statusCode === 200 ? 0 : 1;
  });
}

/** Every problem with the files and the name together, or null when there is none. */
function inputProblems(files: readonly (Buffer | InputError | undefined)[], nameProblem: InputError['problems'][number] | undefined): InputError | null {
  const problems = files.filter((r): r is InputError => r instanceof InputError).flatMap((e) => e.problems);
  if (nameProblem !== undefined) problems.push(nameProblem);
  const [first, ...rest] = problems;
  return first === undefined ? null : new InputError([first, ...rest]);
}

/** Starts one worker per engine, runs `work`, and maps its errors to the API's answers and exit codes. */
async function withEngines(requestId: string, work: (engines: Engines, config: ReturnType<typeof loadConfig>) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const engines = startPooledEngines({ workers: 1, documentThreads: config.documentThreads, maxQueue: 4, timeoutMs: config.limits.requestTimeoutMs });
  try {
    await engines.ready;
    return await work(engines, config);
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

async function readImage(path: string | undefined, field: ImageField, flag: string): Promise<Buffer | InputError> {
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
