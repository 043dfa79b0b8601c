/**
 * The in-process host's stdin is a FIFO (node has no pipe(2)), and only a `mkfifo` child
 * makes one. A fork from this process copies every descriptor it holds, the socket
 * listeners of the pool's socket services and the peers included; until the child execs,
 * a listener the harness has just closed stays alive in the child and the kernel goes on
 * queueing connections to it, which are then reset: a peer connects to nobody. So every
 * FIFO a run will need is made up front, in one batch, before any test opens a socket,
 * and each run moves its own into its sandbox.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BATCH = 1000;

export class FifoStock {
  private next = 0;

  private constructor(
    private readonly dir: string,
    private readonly count: number,
  ) {}

  static create(count: number): FifoStock {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-fifos-'));
    for (let from = 0; from < count; from += BATCH) {
      const names = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => path.join(dir, String(from + i)));
      execFileSync('mkfifo', ['-m', '600', ...names]);
    }
    return new FifoStock(dir, count);
  }

  /** Moves the next FIFO to `file`; false when the stock is used up (openStdin then makes one). */
  take(file: string): boolean {
    if (this.next >= this.count) return false;
    renameSync(path.join(this.dir, String(this.next++)), file);
    return true;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
