import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../runners/input-error.ts';
import { RuntimeAdapter } from './base.ts';
import { componentize } from './component/componentize.ts';
import { ensureExecHelper } from './exec-helper.ts';
import { locate, type LookupRule } from './locate.ts';
import { spawnRuntime, type ProcessStatus } from './spawn-runtime.ts';
import type { AdapterRef, GuestRun, Outcome, RawResult } from './types.ts';

const run = promisify(execFile);

export const RUNTIME_HOME = path.join(os.tmpdir(), `wasmcert-runtime-home-${process.getuid?.() ?? 'user'}`);

export type Interpretation = { outcome: Outcome; message?: string } | null;

/** Lines of runtime output worth quoting in a result's message. */
export function firstLine(text: string, pattern: RegExp): string | undefined {
  return text.split('\n').find((l) => pattern.test(l))?.trim();
}

/**
 * A runtime that runs guests as a real process. Subclasses say how to find the binary,
 * which flags carry a spec's preopens and environment, and how the runtime reports a
 * trap or a module it cannot load; spawning, limits and measuring live here.
 */
export abstract class ProcessAdapter extends RuntimeAdapter {
  abstract readonly executable: string;
  abstract readonly envVar: string;
  /** Words before the flags, e.g. `run`. */
  readonly subcommand: string[] = [];
  readonly versionArgs: string[] = ['--version'];
  /** RLIMIT_DATA for the runtime process: bounds runaway memory without breaking big reservations. */
  readonly dataLimitBytes: number = 2 * 1024 ** 3;

  /** Flags that give the guest its preopens and environment (and any per-run limits). */
  abstract guestFlags(run: GuestRun): string[];
  /** A trap, a load failure or a crash as this runtime reports it; null for a plain exit. */
  abstract interpret(status: ProcessStatus, stdout: string, stderr: string): Interpretation;

  /**
   * Runtimes that print their own diagnostics on the guest's stdout (WasmEdge's log,
   * iwasm's `Exception:` line) say here which lines are theirs, so that stdout compares
   * as the guest wrote it. Those lines still reach `interpret`.
   */
  readonly runtimeStdoutLine: RegExp | null = null;

  lookupRule(): LookupRule {
    return { name: this.name, executable: this.executable, envVar: this.envVar, installed: (dir) => path.join(dir, this.executable) };
  }

  /**
   * Environment of the runtime process itself; guests see only what the flags give them.
   * HOME is one folder for all runs, not the run's own: runtimes keep their compilation
   * cache there (Wasmtime's is keyed by module hash and settings), and a fresh HOME per
   * run made every Wasmtime run a cold compile, 2.5x slower.
   */
  processEnv(_run: GuestRun): Record<string, string> {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: RUNTIME_HOME, LANG: 'C.UTF-8' };
  }

  parseVersion(text: string): string {
    return text.match(/\d+\.\d+\.\d+[\w.-]*/)?.[0] ?? text.trim().split('\n')[0]!;
  }

  async binaryPath(): Promise<string> {
    if (this.options.path) return this.options.path;
    const found = locate(this.lookupRule(), { path: this.options.runtimePath, version: this.options.version, variant: this.options.variant });
    if ('missing' in found) throw new InputError('--runtime', found.missing);
    this.options.path = found.path;
    return found.path;
  }

  async version(): Promise<string> {
    const { stdout, stderr } = await run(await this.binaryPath(), this.versionArgs, { timeout: 10_000 });
    return this.parseVersion(stdout || stderr);
  }

  override async describe() {
    ensureExecHelper();
    mkdirSync(RUNTIME_HOME, { recursive: true });
    return super.describe();
  }

  /** Workers get the resolved binary, so they never search for it themselves. */
  override ref(): AdapterRef {
    return { name: this.name, options: { ...this.options } };
  }

  async execute(given: GuestRun): Promise<RawResult> {
    let run = given;
    if (given.asComponent) {
      const made = await asComponentRun(given);
      if ('error' in made) return made.error;
      run = made.run;
    }
    const binary = await this.binaryPath();
    const spawned = await spawnRuntime({
      binary,
      // run from the module's folder so argv[0] is its bare file name, as upstream requires
      argv: [...this.subcommand, ...this.guestFlags(run), run.argv0, ...run.args],
      cwd: path.dirname(run.modulePath),
      env: this.processEnv(run),
      stdin: run.stdin,
      timeoutMs: run.timeoutMs,
      dataLimitBytes: this.dataLimitBytes,
      outputLimitBytes: run.outputLimitBytes,
    });
    const { status, stdout: rawStdout, stderr } = spawned;
    const stdout = this.runtimeStdoutLine ? withoutLines(rawStdout, this.runtimeStdoutLine) : rawStdout;
    const io = { stdout, stderr, stdoutBytes: spawned.stdoutBytes, stderrBytes: spawned.stderrBytes };
    if (!status || spawned.helperError) return { outcome: 'error', exitCode: null, message: spawned.helperError ?? 'no status from exec helper', durationMs: 0, ...io };
    const measured = { durationMs: status.wallMs, peakRssBytes: status.maxRssKb * 1024 };
    if (status.timedOut) return { outcome: 'timeout', exitCode: null, message: `killed after ${run.timeoutMs} ms`, ...measured, ...io };
    if (spawned.capped) return { outcome: 'resource-limit', exitCode: null, message: `more than ${run.outputLimitBytes} bytes of output`, ...measured, ...io };
    const seen = this.interpret(status, rawStdout, stderr);
    if (seen) return { ...seen, exitCode: status.exit, ...(status.signal !== null ? { signal: status.signal } : {}), ...measured, ...io };
    if (status.signal !== null) return { outcome: 'signal', exitCode: null, signal: status.signal, message: `runtime killed by signal ${status.signal}`, ...measured, ...io };
    return { outcome: 'exit', exitCode: status.exit, ...measured, ...io };
  }
}

/** Removes whole lines matching `line` (which must match from the start of a line). */
export function withoutLines(text: string, line: RegExp): string {
  return text
    .split(/(?<=\n)/)
    .filter((l) => !line.test(l))
    .join('');
}

/** `-flag=a`, `-flag=b`, … for every entry of an env map, in a stable order. */
export function envFlags(env: Record<string, string>, flag: (k: string, v: string) => string[]): string[] {
  return Object.entries(env).flatMap(([k, v]) => flag(k, v));
}

/**
 * The run with its P1 module replaced by the component jco's command adapter makes of it,
 * linked into the run's scratch folder under the module's own file name, so the guest's
 * argv[0] is unchanged. A runtime that cannot run components then fails in its own words.
 */
export async function asComponentRun(run: GuestRun): Promise<{ run: GuestRun } | { error: RawResult }> {
  const modulePath = path.join(run.workDir, 'component', run.argv0);
  try {
    const component = await componentize(run.modulePath);
    await mkdir(path.dirname(modulePath), { recursive: true });
    await rm(modulePath, { force: true });
    await symlink(component, modulePath);
  } catch (e) {
    const message = `could not make ${path.basename(run.modulePath)} a component: ${e instanceof Error ? e.message : String(e)}`.split('\n')[0]!;
    return { error: { outcome: 'error', exitCode: null, message, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, durationMs: 0 } };
  }
  return { run: { ...run, modulePath, asComponent: false } };
}
