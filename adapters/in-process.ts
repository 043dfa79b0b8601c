import path from 'node:path';
import { RuntimeAdapter } from './base.ts';
import { componentize } from './component/componentize.ts';
import { runComponentInThread } from './component/jco/component-thread.ts';
import { isComponent } from './component/jco/is-component.ts';
import type { InstrumentName } from './component/jco/instruments.ts';
import { componentMutantInstrument } from './host/mutants.ts';
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
  // A component runs through jco and preview2-shim in a thread of its own
  // (adapters/component/jco/component-thread.ts says why); mutants are broken P1 hosts,
  // so they apply to core modules only.
  async execute(run: GuestRun): Promise<RawResult> {
    if (run.asComponent) {
      let component: string;
      try {
        component = await componentize(run.modulePath);
      } catch (e) {
        return { outcome: 'error', exitCode: null, message: `could not make ${path.basename(run.modulePath)} a component: ${(e as Error).message}`, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, durationMs: 0 };
      }
      return runComponentInThread({ ...run, modulePath: component, asComponent: false }, this.componentInstrument(run));
    }
    if (isComponent(run.modulePath)) return runComponentInThread(run, this.componentInstrument(run));
    const p1Mutant = this.options.mutant && !componentMutantInstrument(this.options.mutant) ? this.options.mutant : undefined;
    return runOnNodeWasi(run, p1Mutant);
  }

  /** A component mutant's broken instrument, else counting when the test judges host counts. */
  private componentInstrument(run: GuestRun): InstrumentName | undefined {
    const mutant = this.options.mutant ? componentMutantInstrument(this.options.mutant) : undefined;
    return mutant ?? (run.measureHostCounts ? 'count' : undefined);
  }

  /** A deliberately broken host (`npm run selftest`) must never pass for the real one. */
  override get label(): string {
    return this.options.mutant ? `in-process+${this.options.mutant}` : super.label;
  }

  override async salvage(run: GuestRun) {
    return collectStdio(run.workDir, run.outputLimitBytes);
  }
}
