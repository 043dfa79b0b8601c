import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { envFlags, firstLine, ProcessAdapter, type Interpretation } from './process.ts';
import type { ProcessStatus } from './spawn-runtime.ts';
import { limitPages, type GuestRun } from './types.ts';

/**
 * WasmEdge's CLI. It logs errors on stdout, exits 134 on a trap, and on deep recursion
 * grows until the allocator fails (std::bad_alloc, SIGABRT) instead of trapping.
 */
export class WasmEdgeAdapter extends ProcessAdapter {
  readonly name = 'wasmedge';
  readonly executable = 'wasmedge';
  readonly envVar = 'WASMEDGE';
  /** WasmEdge logs on stdout: `[2026-11-24 14:14:55.948] [error] execution failed: …`. */
  override readonly runtimeStdoutLine = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\] \[(error|warning|info|debug)\] /;
  /** Tighter than the default: on deep recursion WasmEdge 0.14.1 grows to ~19 GB. */
  override readonly dataLimitBytes = 1024 ** 3;

  /**
   * setup:runtimes installs a wrapper that starts WasmEdge through trixie's loader; the
   * runtime's identity and footprint are the real binary's, which lies beside it.
   */
  override async identityPath(): Promise<string> {
    const wrapper = await this.binaryPath();
    const real = path.join(path.dirname(wrapper), 'root/usr/bin/wasmedge');
    return existsSync(real) ? real : wrapper;
  }

  /** The engine is libwasmedge.so (5.6 MiB in 0.14.1); the wasmedge command is a 14 KiB front end. */
  override async engineLibraries(): Promise<string[]> {
    const libDir = path.join(path.dirname(await this.identityPath()), '../lib');
    const arches = existsSync(libDir) ? readdirSync(libDir) : []; // Debian multiarch: x86_64-linux-gnu, aarch64-linux-gnu
    return arches.map((a) => path.join(libDir, a, 'libwasmedge.so.0')).filter((f) => existsSync(f)).map((f) => realpathSync(f));
  }

  guestFlags(run: GuestRun): string[] {
    const memory = run.guestMemoryLimitBytes !== undefined ? ['--memory-page-limit', String(limitPages(run.guestMemoryLimitBytes))] : [];
    // multi-memory is off by default in 0.14 and only enabled on request; on, it changes
    // nothing for single-memory modules
    return ['--enable-multi-memory', ...memory, ...run.preopens.flatMap((p) => ['--dir', `${p.guest}:${p.host}`]), ...envFlags(run.env, (k, v) => ['--env', `${k}=${v}`])];
  }

  interpret(s: ProcessStatus, out: string, err: string): Interpretation {
    // a memory starting above --memory-page-limit is logged, then run anyway: Wasmtime
    // and WAMR refuse to instantiate it, and so does a device with that ceiling
    if (/\[error\] Memory Instance: Limited \d+ page in configuration/.test(out)) return { outcome: 'load-error', message: firstLine(out, /Limited \d+ page/)?.replace(/^\[[^\]]*\] /, '') };
    if (/std::bad_alloc/.test(err)) return { outcome: 'resource-limit', message: 'runtime ran out of memory (std::bad_alloc)' };
    if (s.exit === 134 && /\[error\] execution failed/.test(out)) return { outcome: 'trap', message: firstLine(out, /execution failed/)?.replace(/^\[[^\]]*\] /, '') };
    if (s.exit === 1 && /\[error\] (loading|validation|instantiation) failed/.test(out)) return { outcome: 'load-error', message: firstLine(out, /failed/)?.replace(/^\[[^\]]*\] /, '') };
    return null;
  }
}
