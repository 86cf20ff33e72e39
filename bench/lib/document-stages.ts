/**
 * Where a document reading spends its CPU, for bench/documents.ts `--stages`. Wraps, in this process only, the
 * model runs and the page reader's stages, and charges the process CPU time (process.cpuUsage, every thread:
 * onnxruntime runs off the main thread) between wrapper entries and exits to the innermost stage running, so
 * the stages' self times add up to the whole reading. Readings must not overlap (the benchmark reads one
 * document at a time). Benchmark code only: the service is never patched.
 */
import { OnnxSession, type FloatTensor } from '../../src/adapters/runtime/onnx-runtime.js';
import { PageReader } from '../../src/adapters/document/page-reader.js';
import { GlyphPage } from '../../src/adapters/document/mrz-glyph-check.js';
import { PaddleDocumentEngine } from '../../src/adapters/document/document-engine.js';

/**
 * CPU ms per stage over one reading: `self` (calls included) excludes the stages it called, `inclusive` counts
 * them (outermost call only, so a recursive stage counts once); plus recogniser input columns.
 */
export interface StageProfile {
  readonly self: Map<string, { ms: number; calls: number }>;
  readonly inclusive: Map<string, number>;
  /** Stages that returned a check-valid MRZ candidate at least once. */
  readonly valid: Set<string>;
  recColumns: number;
}

const stack: string[] = [];
const entered: number[] = [];
let last = 0;
let profile: StageProfile = { self: new Map(), inclusive: new Map(), valid: new Set(), recColumns: 0 };

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function charge(now: number): void {
  const top = stack[stack.length - 1];
  if (top !== undefined) {
    const entry = profile.self.get(top) ?? { ms: 0, calls: 0 };
    entry.ms += now - last;
    profile.self.set(top, entry);
  }
  last = now;
}

function enter(name: string): void {
  const now = cpuMs();
  charge(now);
  stack.push(name);
  entered.push(now);
  const entry = profile.self.get(name) ?? { ms: 0, calls: 0 };
  entry.calls++;
  profile.self.set(name, entry);
}

function leave(): void {
  const now = cpuMs();
  charge(now);
  const name = stack.pop()!;
  const start = entered.pop()!;
  if (!stack.includes(name)) profile.inclusive.set(name, (profile.inclusive.get(name) ?? 0) + now - start);
}

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

function timed(name: string | ((args: unknown[]) => string), fn: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]): unknown {
    enter(typeof name === 'string' ? name : name(args));
    let result: unknown;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      leave();
      throw error;
    }
    const label = typeof name === 'string' ? name : '';
    const note = (value: unknown): unknown => {
      const reading = (value as { reading?: { valid?: boolean } } | null)?.reading;
      if (reading?.valid === true) profile.valid.add(label);
      return value;
    };
    if (result instanceof Promise) return result.then(note).finally(leave);
    leave();
    return note(result);
  };
}

function wrapMethod(proto: object, method: string, name: string | ((args: unknown[]) => string)): void {
  const target = proto as Record<string, AnyFn>;
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`no method ${method} to profile`);
  target[method] = timed(name, original);
}

const WRAPPED = Symbol('profiled decode');

/** Wraps an instance's `decode` arrow property (lattice decoding + glyph checks) once. */
function wrapDecode(reader: object): void {
  const r = reader as Record<string | symbol, unknown>;
  if (r[WRAPPED]) return;
  r[WRAPPED] = true;
  r['decode'] = timed('lattice decode', r['decode'] as AnyFn);
}

let installed = false;

/** Installs the wrappers (once). */
export function installStageProfiler(): void {
  if (installed) return;
  installed = true;
  wrapMethod(OnnxSession.prototype, 'run', (args) => {
    const x = (args[0] as Record<string, FloatTensor>)['x'];
    const dims = x?.dims ?? [];
    if (dims[2] === 48 && dims[3] === 192) return 'model: angle classifier';
    if (dims[2] === 48) {
      profile.recColumns += (dims[0] ?? 1) * (dims[3] ?? 0);
      return 'model: recogniser';
    }
    return 'model: detector';
  });
  const reader = PageReader.prototype as unknown as Record<string, AnyFn>;
  for (const method of ['read', 'readMrzBoxes', 'squeezedMrzRows']) {
    const original = reader[method]!;
    reader[method] = function (this: unknown, ...args: unknown[]): unknown {
      wrapDecode(this as object);
      return original.apply(this, args);
    };
  }
  const stages: Record<string, string> = {
    read: 'page reader (other)',
    pageRotation: 'orientation (cls + settling)',
    readSome: 'recognise lines',
    squeezedMrzRows: 'squeezed re-reads',
    retryMrzRows: 'tight re-read',
    rectifiedMrz: 'block flattening',
    longRowMrz: 'long-row MRZ search',
    finishMrz: 'finish MRZ (font, glyphs)',
    assemble: 'assemble lines',
  };
  for (const [method, name] of Object.entries(stages)) wrapMethod(PageReader.prototype, method, name);
  wrapMethod(GlyphPage.prototype, 'gridFor', 'glyph grids');
  wrapMethod(GlyphPage.prototype, 'fontFit', 'glyph grids');
  wrapMethod(PaddleDocumentEngine.prototype, 'readPage', 'engine (detect prep, skew, straighten)');
  wrapMethod(PaddleDocumentEngine.prototype, 'read', 'engine (name match)');
}

/** Starts a new profile (call before a reading) and returns the previous one. */
export function takeStageProfile(): StageProfile {
  const done = profile;
  profile = { self: new Map(), inclusive: new Map(), valid: new Set(), recColumns: 0 };
  last = cpuMs();
  return done;
}
