import { RuntimeAdapter } from './base.ts';
import { runOnNodeWasi } from './host/run-node-wasi.ts';
import { collectStdio } from './host/stdio-files.ts';
import type { GuestRun, RawResult } from './types.ts';

/**
 * The embedded default: Node's node:wasi (uvwasi) plus our own host modules, run in a
 * pool worker. It needs nothing but `npm install`.
 */
export class InProcessAdapter extends RuntimeAdapter {
  readonly name = 'in-process';

  async binaryPath(): Promise<string> {
    return process.execPath;
  }

  async version(): Promise<string> {
    return `node ${process.version}, uvwasi ${process.versions.uvwasi}`;
  }

  override get needsStdinFifo(): boolean {
    return true;
  }

  /** A spinning guest can only be stopped by terminating its worker thread. */
  override get poolGraceMs(): number {
    return 0;
  }

  // No guestMemoryLimitBytes: V8 takes a memory's maximum from the module alone and
  // node:wasi has no option, so the probe finds no limit.guest-memory here.
  // No components yet: the jco + preview2-shim host (commit 787d1f0) is held back because
  // the shim can end the whole process. The refusal reads as the probe's own words.
  async execute(run: GuestRun): Promise<RawResult> {
    if (run.asComponent) return { outcome: 'load-error', exitCode: null, message: 'the in-process host runs no components yet', stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, durationMs: 0 };
    return runOnNodeWasi(run, this.options.mutant);
  }

  /** A deliberately broken host (`npm run selftest`) must never pass for the real one. */
  override get label(): string {
    return this.options.mutant ? `in-process+${this.options.mutant}` : super.label;
  }

  override async salvage(run: GuestRun) {
    return collectStdio(run.workDir, run.outputLimitBytes);
  }
}
