import { closeSync, readdirSync, readlinkSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Preopen } from './test-case.ts';

export interface Sandbox {
  workDir: string;
  preopens: Preopen[];
}

/** A private folder per run, holding fresh copies of the fixtures: the originals are never touched. */
export async function prepareSandbox(preopens: Preopen[]): Promise<Sandbox> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'wasmcert-'));
  const copies: Preopen[] = [];
  for (const [i, p] of preopens.entries()) {
    const host = path.join(workDir, `preopen${i}`);
    await cp(p.host, host, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    copies.push({ guest: p.guest, host });
  }
  return { workDir, preopens: copies };
}

/**
 * node:wasi never closes the preopens it opens, nor files a guest left open, and a
 * killed worker leaves its stdio open too: close every descriptor of this process that
 * points into the sandbox. Safe because the folder is unique to one finished run.
 */
export function closeDescriptorsUnder(dir: string): number {
  let closed = 0;
  for (const entry of readdirSync('/proc/self/fd')) {
    const fd = Number(entry);
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${entry}`);
    } catch {
      continue;
    }
    if (target === dir || target.startsWith(`${dir}/`)) {
      try {
        closeSync(fd);
        closed++;
      } catch {
        // already closed by its owner between readdir and here
      }
    }
  }
  return closed;
}

export async function disposeSandbox(sandbox: Sandbox): Promise<void> {
  closeDescriptorsUnder(sandbox.workDir);
  await rm(sandbox.workDir, { recursive: true, force: true });
}
