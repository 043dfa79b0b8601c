import { closeSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Preopen } from './test-case.ts';

export interface Sandbox {
  workDir: string;
  preopens: Preopen[];
  /** Fixture trees still to copy into the sandbox (fillSandbox, in the pool worker). */
  copies: { from: string; to: string }[];
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

/**
 * A private folder per run, for fresh copies of the fixtures: the originals are never
 * touched. Only planned here; the pool worker copies (fillSandbox), because copying on the
 * main thread, one run after another, was the largest serial cost of a parallel run.
 */
export async function planSandbox(preopens: Preopen[]): Promise<Sandbox> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'wasmcert-'));
  const planned = preopens.map((p, i) => ({ guest: p.guest, host: path.join(workDir, `preopen${i}`), from: p.host }));
  return { workDir, preopens: planned.map(({ guest, host }) => ({ guest, host })), copies: planned.map(({ from, host }) => ({ from, to: host })) };
}

export function fillSandbox(copies: Sandbox['copies']): void {
  for (const c of copies) copyTree(c.from, c.to);
}

/** The worker's own clean-up after a run that ended normally (disposeSandbox's, synchronous). */
export function disposeSandboxSync(workDir: string): void {
  closeDescriptorsUnder(workDir);
  try {
    rmSync(workDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  } catch (e) {
    process.emitWarning(`could not remove ${workDir}: ${(e as Error).message}`);
  }
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
export async function disposeSandbox(sandbox: Pick<Sandbox, 'workDir'>): Promise<void> {
  closeDescriptorsUnder(sandbox.workDir);
  try {
    await rm(sandbox.workDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  } catch (e) {
    process.emitWarning(`could not remove ${sandbox.workDir}: ${(e as Error).message}`);
  }
}
