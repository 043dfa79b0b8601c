import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { runProbes, type ProbeResult } from './probes.ts';
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
  abstract execute(run: GuestRun): Promise<RawResult>;

  /**
   * Time the pool waits past a test's timeout before killing the worker. Adapters that
   * enforce their own timeout (on a child process) get slack; the in-process host has
   * no other way to stop a spinning guest.
   */
  get poolGraceMs(): number {
    return 5_000;
  }

  /** Whether a run wants a FIFO for stdin in its work folder, made before the run starts (runners/fifo-stock.ts). */
  get needsStdinFifo(): boolean {
    return false;
  }

  /** Output a run left behind when its worker was killed (default: none). */
  async salvage(_run: GuestRun): Promise<Pick<RawResult, 'stdout' | 'stderr' | 'stdoutBytes' | 'stderrBytes'>> {
    return { stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0 };
  }

  private probing?: Promise<ProbeResult[]>;
  /** The probes run once per adapter object; a failed attempt is retried by the next call. */
  probes(): Promise<ProbeResult[]> {
    this.probing ??= runProbes(this);
    this.probing.catch(() => (this.probing = undefined));
    return this.probing;
  }

  /** What this runtime can do, each capability proven by a probe module. */
  async capabilities(): Promise<string[]> {
    return (await this.probes()).filter((p) => p.ok).map((p) => p.capability);
  }

  /** The runtime's identity in results: `wasmtime`, `wasmtime@46.0.1`, `wamr@2.4.3:minimal`. */
  get label(): string {
    const { version, variant } = this.options;
    return `${this.name}${version ? `@${version}` : ''}${variant ? `:${variant}` : ''}`;
  }

  ref(): AdapterRef {
    return { name: this.name, options: this.options };
  }

  /** The file whose hash and size identify the runtime (the binary itself, unless a wrapper starts it). */
  async identityPath(): Promise<string> {
    return this.binaryPath();
  }

  /**
   * Files beside the binary that are the runtime itself, counted in its size (a tier's
   * binary-size limit): a runtime that keeps its engine in a shared library is not 14 KiB.
   * The C library and the C++ runtime are counted for no runtime.
   */
  async engineLibraries(): Promise<string[]> {
    return [];
  }

  async describe(): Promise<RuntimeInfo> {
    const file = await this.identityPath();
    const [version, sha256, sizes, probes] = await Promise.all([
      this.version(),
      sha256File(file),
      Promise.all([file, ...(await this.engineLibraries())].map(async (f) => (await stat(f)).size)),
      this.probes(),
    ]);
    const capabilities = probes.filter((p) => p.ok).map((p) => p.capability).sort();
    const failed = probes.filter((p) => !p.ok).sort((a, b) => a.capability.localeCompare(b.capability));
    return {
      name: this.label,
      version,
      path: file,
      sha256,
      sizeBytes: sizes.reduce((a, b) => a + b, 0),
      capabilities,
      ...(failed.length ? { lacking: Object.fromEntries(failed.map((p) => [p.capability, p.detail])) } : {}),
    };
  }
}
