import { existsSync } from 'node:fs';
import path from 'node:path';
import { envFlags, firstLine, ProcessAdapter, type Interpretation } from './process.ts';
import type { LookupRule } from './locate.ts';
import type { ProcessStatus } from './spawn-runtime.ts';
import { limitPages, type GuestRun } from './types.ts';

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

  private backport: string[] | undefined;

  /**
   * The wasi:sockets back-port (docs/sockets-backport.md): a --native-lib library that
   * setup:runtimes builds beside the launcher variants. It only adds import modules, so
   * every run gets it; a runtime without it lacks sockets.backport, which its probe shows.
   */
  private backportFlags(): string[] {
    if (this.backport) return this.backport;
    const bin = this.options.path;
    const lib = bin ? path.join(path.dirname(bin), '..', 'backport', 'libwasmcert_backport.so') : undefined;
    this.backport = lib && existsSync(lib) ? [`--native-lib=${path.resolve(lib)}`] : [];
    return this.backport;
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
    return [...this.backportFlags(), '--heap-size=0', ...memory, ...pool, ...resolve, ...run.preopens.map((p) => `--map-dir=${p.guest}::${p.host}`), ...envFlags(run.env, (k, v) => [`--env=${k}=${v}`])];
  }

  interpret(s: ProcessStatus, out: string, err: string): Interpretation {
    const both = `${err}\n${out}`;
    if (s.exit === 1 && /^Exception: /m.test(both)) return { outcome: 'trap', message: firstLine(both, /^Exception: /) };
    if (s.exit === 255 && /load failed|instantiate failed|WASM module (load|instantiate)/i.test(both)) return { outcome: 'load-error', message: firstLine(both, /failed/i) };
    return null;
  }
}
