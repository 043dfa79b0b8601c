import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { WASI } from 'node:wasi';
import type { GuestRun, Outcome, RawResult } from '../types.ts';
import { GuestSignal, raiseInGuest } from './guest-signals.ts';
import type { ImportModules } from './mutant-kit.ts';
import { applyMutant, mutantRun } from './mutants.ts';
import { RunDeadlineReached, sleepMs, uvwasiSleepMs } from './run-deadline.ts';
import { prepareSockets, type SocketLayer } from './sockets/install.ts';
import { prepareHal, type HalLayer } from './hal/install.ts';
import { prepareDylink } from './dylink/install.ts';
import { collectStdio, openStdin, stdioPaths } from './stdio-files.ts';

type ImportFn = (...args: number[]) => number;
type Imports = Record<string, Record<string, ImportFn | WebAssembly.Memory>>;

/** Thrown from fd_write once a guest has written more than the run's output limit. */
class OutputLimitExceeded extends Error {}

const compiled = new Map<string, { key: string; module: WebAssembly.Module }>();

/** Modules are compiled once per worker: the same guest often runs under many specs. */
async function compileCached(file: string): Promise<WebAssembly.Module> {
  const st = statSync(file);
  const key = `${st.mtimeMs}:${st.size}`;
  const hit = compiled.get(file);
  if (hit?.key === key) return hit.module;
  const module = await WebAssembly.compile(await readFile(file));
  compiled.set(file, { key, module });
  return module;
}

/** Counts the bytes a guest asks to write to stdout/stderr and stops it at the limit. */
function capStdio(imports: Imports, memory: () => WebAssembly.Memory | undefined, limit: number): void {
  const p1 = imports.wasi_snapshot_preview1!;
  const realWrite = p1.fd_write as ImportFn;
  const written = [0, 0, 0];
  p1.fd_write = (fd: number, iovs: number, iovsLen: number, nwritten: number): number => {
    const mem = memory();
    if ((fd === 1 || fd === 2) && mem) {
      const view = new DataView(mem.buffer);
      let total = 0;
      for (let i = 0; i < iovsLen && iovs + i * 8 + 8 <= view.byteLength; i++) total += view.getUint32(iovs + i * 8 + 4, true);
      written[fd] += total;
      if (written[fd]! > limit) throw new OutputLimitExceeded(`guest wrote more than ${limit} bytes to ${fd === 1 ? 'stdout' : 'stderr'}`);
    }
    return realWrite(fd, iovs, iovsLen, nwritten);
  };
}

/** Other runtimes refuse a module with an unknown import at load time; say which import. */
function assertImportsResolve(module: WebAssembly.Module, imports: Imports): void {
  const missing = WebAssembly.Module.imports(module).filter((i) => imports[i.module]?.[i.name] === undefined);
  if (missing.length) {
    throw new WebAssembly.LinkError(`unresolved import${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i.module}.${i.name}`).join(', ')}`);
  }
}

/** Stops a guest whose poll_oneoff would sleep past the run's deadline: at the deadline, as a timeout. */
function boundPoll(imports: Imports, memory: () => WebAssembly.Memory | undefined, deadline: number): void {
  const p1 = imports.wasi_snapshot_preview1!;
  const realPoll = p1.poll_oneoff as ImportFn;
  p1.poll_oneoff = (subs: number, events: number, nsubs: number, nevents: number): number => {
    const mem = memory();
    const sleep = mem ? uvwasiSleepMs(mem, subs, nsubs, BigInt(Date.now()) * 1_000_000n) : null;
    const left = deadline - performance.now();
    if (sleep !== null && sleep > left) {
      sleepMs(left);
      throw new RunDeadlineReached(`poll_oneoff would sleep ${sleep} ms, past the test's timeout`);
    }
    return realPoll(subs, events, nsubs, nevents);
  };
}

function classify(e: unknown): { outcome: Outcome; message: string; signal?: string } {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof OutputLimitExceeded) return { outcome: 'resource-limit', message };
  if (e instanceof GuestSignal) return { outcome: 'signal', message, signal: e.signal };
  if (e instanceof RunDeadlineReached) return { outcome: 'timeout', message };
  // V8 reports wasm stack exhaustion as a RangeError; every runtime calls it a trap.
  if (e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/.test(message))) return { outcome: 'trap', message };
  if (e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) return { outcome: 'load-error', message };
  // wasi.start rejects modules without a memory or _start export with a TypeError.
  if (e instanceof TypeError && /ERR_INVALID_ARG_TYPE|memory|_start/.test(`${(e as NodeJS.ErrnoException).code} ${message}`)) {
    return { outcome: 'load-error', message };
  }
  return { outcome: 'error', message: e instanceof Error ? (e.stack ?? message) : message };
}

/**
 * Closes the run's stdio descriptors, each only if it is still the file the run opened: a
 * guest's fd_close(1) closes the number inside node:wasi, and by now another thread may
 * own it (closing someone else's socket would corrupt that thread).
 */
function closeOwn(fds: { fd: number; ino: number; dev: number }[]): void {
  for (const { fd, ino, dev } of fds) {
    try {
      const st = fstatSync(fd);
      if (st.ino === ino && st.dev === dev) closeSync(fd);
    } catch {
      // closed already, and not reused
    }
  }
}

function opened(fd: number): { fd: number; ino: number; dev: number } {
  const st = fstatSync(fd);
  return { fd, ino: st.ino, dev: st.dev };
}

/** Runs one P1 command module on node:wasi, inside the calling worker thread. */
export async function runOnNodeWasi(given: GuestRun, mutant?: string): Promise<RawResult> {
  const run = mutant ? mutantRun(mutant, given) : given;
  const paths = stdioPaths(run.workDir);
  const fds: { fd: number; ino: number; dev: number }[] = [];
  const base = { exitCode: null, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0 };
  let module: WebAssembly.Module;
  try {
    module = await compileCached(run.modulePath);
  } catch (e) {
    return { ...base, ...classify(e), durationMs: 0 };
  }
  let memory: WebAssembly.Memory | undefined;
  let exports: WebAssembly.Exports | undefined;
  let result: Omit<RawResult, 'stdout' | 'stderr' | 'stdoutBytes' | 'stderrBytes'>;
  const t0 = performance.now();
  let sockets: SocketLayer | null = null;
  let hal: HalLayer | null = null;
  let halTrace: string | undefined;
  try {
    sockets = prepareSockets(run);
    hal = prepareHal(run);
    fds.push(opened(openStdin(run.workDir, run.stdin)), opened(openSync(paths.stdout, 'w')), opened(openSync(paths.stderr, 'w')));
    const wasi = new WASI({
      version: 'preview1',
      args: [run.argv0, ...run.args],
      env: run.env,
      preopens: { ...Object.fromEntries(run.preopens.map((p) => [p.guest, p.host])), ...sockets?.preopens },
      stdin: fds[0]!.fd,
      stdout: fds[1]!.fd,
      stderr: fds[2]!.fd,
      returnOnExit: true,
    });
    const imports = wasi.getImportObject() as unknown as Imports;
    capStdio(imports, () => memory, run.outputLimitBytes);
    boundPoll(imports, () => memory, t0 + run.timeoutMs);
    imports.wasi_snapshot_preview1!.proc_raise = (sig: number) => raiseInGuest(sig);
    sockets?.install(imports, () => memory, () => exports);
    hal?.install(imports, () => exports);
    prepareDylink(run)?.install(imports, () => memory, () => exports);
    if (mutant) {
      const layer = sockets;
      applyMutant(mutant, imports as unknown as ImportModules, () => memory, {
        isSocket: (fd) => layer?.isSocket(fd) ?? false,
        realloc: (align, size) => (exports!.cabi_realloc as ImportFn)(0, 0, align, size),
      });
    }
    assertImportsResolve(module, imports);
    const instance = await WebAssembly.instantiate(module, imports as WebAssembly.Imports);
    exports = instance.exports;
    const exported = instance.exports.memory;
    memory = exported instanceof WebAssembly.Memory ? exported : undefined;
    const exitCode = wasi.start(instance);
    result = { outcome: 'exit', exitCode, durationMs: performance.now() - t0 };
  } catch (e) {
    result = { ...base, ...classify(e), durationMs: performance.now() - t0 };
  } finally {
    sockets?.dispose();
    halTrace = hal?.dispose();
    closeOwn(fds);
  }
  return { ...result, ...collectStdio(run.workDir, run.outputLimitBytes), guestMemoryBytes: memory?.buffer.byteLength, ...(halTrace !== undefined ? { halTrace } : {}) };
}
