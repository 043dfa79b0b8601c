import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { halTracePath, wantsHal } from './hal-modules.ts';
import { envFlags, firstLine, ProcessAdapter, type Interpretation } from './process.ts';
import type { LookupRule } from './locate.ts';
import type { ProcessStatus } from './spawn-runtime.ts';
import { limitPages, type GuestRun, type RawResult } from './types.ts';

/**
 * WAMR: wasmcert's own launcher (built from WAMR's sources by setup:runtimes, in
 * variants such as `default` and `minimal`) or any real `iwasm`, which take the same
 * flags. A trap exits 1 with `Exception:` (iwasm prints it on stdout, ours on stderr).
 */
export class WamrAdapter extends ProcessAdapter {
  readonly name = 'wamr';
  readonly executable = 'iwasm';
  readonly envVar = 'IWASM';

  /** A real iwasm prints `Exception: …` on stdout after the guest's output. */
  override readonly runtimeStdoutLine = /^Exception: /;

  override lookupRule(): LookupRule {
    return { ...super.lookupRule(), installed: (dir, variant) => path.join(dir, variant ?? 'default', 'wamr-launcher') };
  }

  private readonly nativeLibs = new Map<string, string | null>();

  /**
   * A --native-lib library that setup:runtimes builds beside the launcher variants
   * (`<version>/<folder>/<file>`), or null: a runtime without it lacks what it offers,
   * which its probe shows.
   */
  private nativeLib(folder: string, file: string): string | null {
    if (!this.nativeLibs.has(folder)) {
      const bin = this.options.path;
      const lib = bin ? path.resolve(path.dirname(bin), '..', folder, file) : undefined;
      this.nativeLibs.set(folder, lib && existsSync(lib) ? lib : null);
    }
    return this.nativeLibs.get(folder)!;
  }

  /**
   * HAL guests get the HAL library over the board simulator's C port (docs/hal.md), every
   * other run the wasi:sockets back-port (docs/sockets-backport.md), which only adds
   * import modules. Never both: each claims wasi:io/poll with its own handle table.
   */
  private nativeLibFlags(run: GuestRun): string[] {
    const lib = wantsHal(run.modulePath) ? this.nativeLib('hal', 'libwasmcert_hal.so') : this.nativeLib('backport', 'libwasmcert_backport.so');
    return lib ? [`--native-lib=${lib}`] : [];
  }

  /** The HAL library reads its board and writes its trace where these say. */
  override processEnv(run: GuestRun): Record<string, string> {
    const env = super.processEnv(run);
    if (!wantsHal(run.modulePath)) return env;
    return { ...env, ...(run.hal ? { WASMCERT_HAL_BOARD: run.hal.board } : {}), WASMCERT_HAL_TRACE: halTracePath(run.workDir) };
  }

  override async execute(run: GuestRun): Promise<RawResult> {
    const raw = await super.execute(run);
    if (!wantsHal(run.modulePath)) return raw;
    const trace = await readFile(halTracePath(run.workDir), 'utf8').catch(() => undefined);
    return trace === undefined ? raw : { ...raw, halTrace: trace };
  }

  guestFlags(run: GuestRun): string[] {
    // iwasm's default 16 KiB app heap is added to the guest's linear memory when the
    // module exports no malloc: memory.size grows by a page and out-of-bounds data
    // segments instantiate. Conformance needs the module's memory exactly as declared.
    // our launcher's own flag (WAMR's InstantiationArgs.max_memory_pages); a real iwasm
    // has none, so its probe fails and it is never given a limit
    const memory = run.guestMemoryLimitBytes !== undefined ? [`--max-memory-pages=${limitPages(run.guestMemoryLimitBytes)}`] : [];
    const policy = run.socketPolicy;
    const pool = policy?.addrPool.length ? [`--addr-pool=${policy.addrPool.join(',')}`] : [];
    const resolve = (policy?.allowResolve ?? []).map((name) => `--allow-resolve=${name}`);
    return [...this.nativeLibFlags(run), '--heap-size=0', ...memory, ...pool, ...resolve, ...run.preopens.map((p) => `--map-dir=${p.guest}::${p.host}`), ...envFlags(run.env, (k, v) => [`--env=${k}=${v}`])];
  }

  interpret(s: ProcessStatus, out: string, err: string): Interpretation {
    const both = `${err}\n${out}`;
    if (s.exit === 1 && /^Exception: /m.test(both)) return { outcome: 'trap', message: firstLine(both, /^Exception: /) };
    if (s.exit === 255 && /load failed|instantiate failed|WASM module (load|instantiate)/i.test(both)) return { outcome: 'load-error', message: firstLine(both, /failed/i) };
    return null;
  }
}
