/**
 * Runs one WASI 0.2 component in the calling thread: jco-transpiled JS over preview2-shim,
 * with the run's own stdio, arguments, environment and preopens (wasi-imports.ts). A
 * command's `run` is called, or, for `run.invoke`, the export a WAVE call names, whose
 * result is printed as `wasmtime run --invoke` prints it (wave.ts). The result means what
 * run-node-wasi's means for a P1 module.
 */
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { collectStdio, stdioPaths } from '../../host/stdio-files.ts';
import type { GuestRun, Outcome, RawResult } from '../../types.ts';
import { OutputLimitExceeded, StdioFault } from './stdio-streams.ts';
import { ComponentLoadError, loadComponent, type InstantiateCore } from './transpile-cache.ts';
import { GuestExit, openWasiSession, type WasiSession } from './wasi-imports.ts';
import { camel, formatWave, parseCall, WaveSyntaxError } from './wave.ts';

/** One core instance jco has just instantiated for a component, in instantiation order. */
export interface CoreInstance {
  index: number;
  module: WebAssembly.Module;
  instance: WebAssembly.Instance;
  imports: WebAssembly.Imports | undefined;
}

/**
 * Hooks on each core instance of a run, for counting cabi_realloc calls and copies
 * (instruments.ts). `imports` may replace a core module's import object before it is
 * instantiated (to see each host call the guest makes); `exports` may replace the
 * exports as jco sees them (jco binds realloc, memory and lifted functions from these),
 * e.g. `{ ...instance.exports, cabi_realloc: wrapped }`. Undefined keeps them.
 */
export interface CoreInstrument {
  imports?(index: number, module: WebAssembly.Module, imports: WebAssembly.Imports | undefined): WebAssembly.Imports | undefined;
  exports?(core: CoreInstance): WebAssembly.Exports | undefined;
}

/** jco's ComponentError: a `result` export returned its error case (here: wasi:cli/run's `run` returned err). */
function isComponentError(e: unknown): boolean {
  return e instanceof Error && e.constructor.name === 'ComponentError' && Object.prototype.hasOwnProperty.call(e, 'payload');
}

/**
 * `running` is true once the guest's `run` has been entered. From then on, an exception
 * that is none of ours was thrown by the component host, jco's glue or preview2-shim
 * (seen: a RangeError from fs for a 2^63 file offset, EBADF for a write on a read-only
 * file), and it aborts the guest: Wasmtime reports a failing host call the same way, as
 * a trap. Errors from the shim's I/O thread arrive without a stack, so their origin can
 * only be told this way.
 */
function classify(e: unknown, running: boolean): { outcome: Outcome; exitCode: number | null; message?: string } {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof GuestExit) return { outcome: 'exit', exitCode: e.code };
  // run() returned err: what a command's failing exit looks like, as `exit(err)`
  if (isComponentError(e)) return { outcome: 'exit', exitCode: 1 };
  if (e instanceof OutputLimitExceeded) return { outcome: 'resource-limit', exitCode: null, message };
  // V8 reports wasm stack exhaustion as a RangeError; every runtime calls it a trap
  if (e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/.test(message))) return { outcome: 'trap', exitCode: null, message };
  if (e instanceof ComponentLoadError || e instanceof WaveSyntaxError || e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) {
    return { outcome: 'load-error', exitCode: null, message };
  }
  if (running && !(e instanceof StdioFault)) {
    const name = e instanceof Error ? e.name : typeof e;
    return { outcome: 'trap', exitCode: null, message: `host call failed (jco or preview2-shim threw ${name}): ${message}` };
  }
  return { outcome: 'error', exitCode: null, message: e instanceof Error ? (e.stack ?? message) : message };
}

/** Native runtimes refuse a component with an import they lack at load time; so does this host, naming it. */
function assertImportsResolve(wanted: string[], imports: Record<string, object>): void {
  const missing = wanted.filter((name) => !(name in imports));
  if (missing.length) throw new ComponentLoadError(`unresolved import${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
}

/** The wasi:cli/run instance among a component's exports (keyed `wasi:cli/run@0.2.x`, and `run`). */
function runExport(exports: Record<string, unknown>): () => unknown {
  const key = Object.keys(exports).find((k) => /^wasi:cli\/run@/.test(k)) ?? 'run';
  const iface = exports[key] as { run?: () => unknown } | undefined;
  if (typeof iface?.run !== 'function') throw new ComponentLoadError('the component exports no wasi:cli/run (not a command)');
  return iface.run.bind(iface);
}

/** The export a WAVE call names, among the component's exported interfaces (`abi.echo` for `echo`). */
function namedExport(exports: Record<string, unknown>, name: string): (...args: unknown[]) => unknown {
  const key = camel(name);
  for (const [where, iface] of Object.entries(exports)) {
    if (where === key && typeof iface === 'function') return iface as (...args: unknown[]) => unknown;
    const fn = (iface as Record<string, unknown> | undefined)?.[key];
    if (typeof fn === 'function') return fn.bind(iface) as (...args: unknown[]) => unknown;
  }
  throw new ComponentLoadError(`the component exports no function ${name}`);
}

/** Runs one component, inside the calling worker thread: a command's `run`, or the export `run.invoke` names. */
export async function runComponentInProcess(run: GuestRun, instrument?: CoreInstrument): Promise<RawResult> {
  const none = { exitCode: null, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0 };
  let component: Awaited<ReturnType<typeof loadComponent>>;
  try {
    component = await loadComponent(run.modulePath);
  } catch (e) {
    // ComponentLoadError when jco cannot read it; a harness error when the cache cannot be written
    return { ...none, ...classify(e, false), durationMs: 0 };
  }
  const memories: WebAssembly.Memory[] = [];
  let index = 0;
  const instantiateCore: InstantiateCore = async (module, given) => {
    const at = index++;
    const imports = instrument?.imports?.(at, module, given) ?? given;
    const instance = await WebAssembly.instantiate(module, imports);
    for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) memories.push(value);
    const replaced = instrument?.exports?.({ index: at, module, instance, imports });
    return { exports: replaced ?? instance.exports };
  };

  let session: WasiSession | undefined;
  let running = false;
  let invoked = '';
  let result: Pick<RawResult, 'outcome' | 'exitCode' | 'message' | 'durationMs'>;
  const t0 = performance.now();
  try {
    session = await openWasiSession(run);
    assertImportsResolve(component.imports, session.imports);
    const exports = await component.instantiate(component.coreModule, session.imports, instantiateCore);
    if (run.invoke !== undefined) {
      const call = parseCall(run.invoke);
      const fn = namedExport(exports, call.name);
      running = true;
      const value = await fn(...call.args);
      // as `wasmtime run --invoke` prints it: the result's WAVE text and a newline
      invoked = value === undefined ? '' : `${formatWave(value)}\n`;
    } else {
      const main = runExport(exports);
      running = true;
      await main();
    }
    result = { outcome: 'exit', exitCode: 0, durationMs: performance.now() - t0 };
  } catch (e) {
    result = { ...classify(e, running), durationMs: performance.now() - t0 };
  } finally {
    session?.close();
  }
  if (invoked) appendFileSync(stdioPaths(run.workDir).stdout, invoked);
  // the guest's linear memory is the largest: the adapter and jco's shim modules use it or none
  const guestMemoryBytes = memories.length ? Math.max(...memories.map((m) => m.buffer.byteLength)) : undefined;
  return { ...result, ...collectStdio(run.workDir, run.outputLimitBytes), guestMemoryBytes };
}
