import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve('bin/wasmcert.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would, in a child process. */
export function wasmcert(args: string[], cwd = process.cwd()): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
