import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve('bin/wasmcert.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Why the child could not be run or was stopped (spawnSync's own error), if it was. */
  error?: string;
}

/**
 * Runs the real CLI as a user would, in a child process. A whole-matrix run prints a line
 * per result, several MiB: past spawnSync's default 1 MiB buffer the child is killed
 * (ENOBUFS) before it writes its report.
 */
export function wasmcert(args: string[], cwd = process.cwd()): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 512 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ...(r.error ? { error: r.error.message } : {}) };
}
