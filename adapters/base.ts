import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AdapterRef, GuestRun, RawResult, RuntimeInfo } from './types.ts';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One runtime under test. Subclasses override only what differs: how to run a guest,
 * what version and binary they are, and what they can do. `describe` runs in the main
 * thread; `execute` runs inside a pool worker.
 */
export abstract class RuntimeAdapter {
  abstract readonly name: string;

  constructor(readonly options: Record<string, string> = {}) {}

  /** The binary that runs guests (the runtime's executable, or node for the in-process host). */
  abstract binaryPath(): Promise<string>;
  abstract version(): Promise<string>;
  abstract capabilities(): Promise<string[]>;
  abstract execute(run: GuestRun): Promise<RawResult>;

  /**
   * Time the pool waits past a test's timeout before killing the worker. Adapters that
   * enforce their own timeout (on a child process) get slack; the in-process host has
   * no other way to stop a spinning guest.
   */
  get poolGraceMs(): number {
    return 5_000;
  }

  /** Output a run left behind when its worker was killed (default: none). */
  async salvage(_run: GuestRun): Promise<Pick<RawResult, 'stdout' | 'stderr' | 'stdoutBytes' | 'stderrBytes'>> {
    return { stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0 };
  }

  ref(): AdapterRef {
    return { name: this.name, options: this.options };
  }

  async describe(): Promise<RuntimeInfo> {
    const file = await this.binaryPath();
    const [version, sha256, st, capabilities] = await Promise.all([this.version(), sha256File(file), stat(file), this.capabilities()]);
    return { name: this.name, version, path: file, sha256, sizeBytes: st.size, capabilities: [...capabilities].sort() };
  }
}
