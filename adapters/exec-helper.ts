import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT, RUNTIMES_DIR } from './paths.ts';

const SOURCE = path.join(PACKAGE_ROOT, 'adapters/exec/wasmcert-exec.c');
export const EXEC_HELPER = path.join(RUNTIMES_DIR, 'bin/wasmcert-exec');

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * The small C program that runs each runtime process (memory bound, timeout on the
 * process group, wait4 rusage). Built on first use with the system C compiler, and
 * again whenever its source is newer; called from the main thread before any run.
 */
export function ensureExecHelper(): string {
  if (mtime(EXEC_HELPER) >= mtime(SOURCE)) return EXEC_HELPER;
  mkdirSync(path.dirname(EXEC_HELPER), { recursive: true });
  const tmp = `${EXEC_HELPER}.${process.pid}.tmp`;
  try {
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', tmp, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`cannot build ${path.relative(PACKAGE_ROOT, SOURCE)} with ${process.env.CC ?? 'cc'}: ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? (e as Error).message}`);
  }
  renameSync(tmp, EXEC_HELPER);
  return EXEC_HELPER;
}
