import { closeSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, utimesSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Preopen } from './test-case.ts';

export interface Sandbox {
  workDir: string;
  preopens: Preopen[];
}

/**
 * Copies a fixture tree: folders, files (with their mode and timestamps) and symlinks
 * as links, never followed. Synchronous on purpose: fixtures are small, and fs.cp's
 * promise-per-entry machinery cost ~4 ms a run on the main thread, which every worker waits on.
 */
function copyTree(from: string, to: string): void {
  const st = lstatSync(from);
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
    return;
  }
  if (st.isDirectory()) {
    mkdirSync(to, { mode: st.mode });
    for (const name of readdirSync(from)) copyTree(path.join(from, name), path.join(to, name));
  } else copyFileSync(from, to);
  utimesSync(to, st.atime, st.mtime);
}

/** A private folder per run, holding fresh copies of the fixtures: the originals are never touched. */
export async function prepareSandbox(preopens: Preopen[]): Promise<Sandbox> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'wasmcert-'));
  const copies: Preopen[] = [];
  for (const [i, p] of preopens.entries()) {
    const host = path.join(workDir, `preopen${i}`);
    copyTree(p.host, host);
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

/**
 * A killed worker can still be writing into the sandbox for a moment after its task was
 * aborted, so removal retries; a folder left behind in the temp dir is never worth
 * failing a run for.
 */
export async function disposeSandbox(sandbox: Sandbox): Promise<void> {
  closeDescriptorsUnder(sandbox.workDir);
  try {
    await rm(sandbox.workDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  } catch (e) {
    process.emitWarning(`could not remove ${sandbox.workDir}: ${(e as Error).message}`);
  }
}
