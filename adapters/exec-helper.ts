import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT, RUNTIMES_DIR } from './paths.ts';

const SOURCE_DIR = path.join(PACKAGE_ROOT, 'adapters/exec');
/** Every .c and .h file of the helper, in a fixed order: all of them make the binary. */
const SOURCES = readdirSync(SOURCE_DIR)
  .filter((f) => /\.[ch]$/.test(f))
  .sort()
  .map((f) => path.join(SOURCE_DIR, f));

/**
 * The binary is named by its sources' hash, not checked by date: checkouts that share
 * one runtimes folder (a symlinked .runtimes) each get the helper their sources
 * describe, and a copy of older source with a newer date cannot replace a newer
 * helper (it did: the server then met a one-shot helper from another checkout).
 * File names go into the hash too, so adding, removing or renaming a file rebuilds.
 */
function helperPath(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(`${path.basename(file)}\0`).update(readFileSync(file)).update('\0');
  return path.join(RUNTIMES_DIR, 'bin', `wasmcert-exec-${hash.digest('hex').slice(0, 16)}`);
}

export const EXEC_HELPER = helperPath();

/**
 * The small C program that runs each runtime process (memory bound, timeout on the
 * process group, output cap, wait4 rusage): built on first use with the system C
 * compiler. Called from the main thread before any run, and by a pool worker that
 * starts a server and finds no binary.
 */
export function ensureExecHelper(): string {
  if (existsSync(EXEC_HELPER)) return EXEC_HELPER;
  mkdirSync(path.dirname(EXEC_HELPER), { recursive: true });
  const tmp = `${EXEC_HELPER}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', tmp, ...SOURCES.filter((f) => f.endsWith('.c'))], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`cannot build ${path.relative(PACKAGE_ROOT, SOURCE_DIR)}/*.c with ${process.env.CC ?? 'cc'}: ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? (e as Error).message}`);
  }
  renameSync(tmp, EXEC_HELPER);
  return EXEC_HELPER;
}
