import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, lstatSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Linux's default pipe capacity: more than this would block our own write. */
const PIPE_CAPACITY = 65_536;

function isFifo(file: string): boolean {
  try {
    return lstatSync(file).isFIFO();
  } catch {
    return false;
  }
}

/**
 * Stdin as the upstream harness gives it, an open pipe holding the spec's bytes then
 * EOF. A FIFO is used because node has no pipe(2): the one the harness put in the work
 * folder (runners/fifo-stock.ts says why forking here is a hazard), else one made now.
 * Opening it O_RDWR first keeps the read-side open from blocking. What fits in the pipe
 * is written at once; more is fed by a `cat` child, because this thread is about to block
 * in the guest.
 */
export function openStdin(workDir: string, data: string): number {
  const bytes = Buffer.from(data, 'utf8');
  const fifo = path.join(workDir, 'stdin');
  if (!isFifo(fifo)) execFileSync('mkfifo', ['-m', '600', fifo]);
  const writer = openSync(fifo, constants.O_RDWR);
  const reader = openSync(fifo, constants.O_RDONLY);
  if (bytes.length > PIPE_CAPACITY) {
    const source = path.join(workDir, 'stdin.data');
    writeFileSync(source, bytes);
    spawn('cat', [source], { stdio: ['ignore', writer, 'ignore'] }).unref();
  } else if (bytes.length) writeSync(writer, bytes);
  // the guest sees EOF once the last writer (ours here, or cat's copy) is gone
  closeSync(writer);
  return reader;
}

export function stdioPaths(workDir: string): { stdout: string; stderr: string } {
  return { stdout: path.join(workDir, 'stdout'), stderr: path.join(workDir, 'stderr') };
}

/** The first `limit` bytes of a captured stream, decoded as UTF-8. */
export function readCaptured(file: string, limit: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const buf = Buffer.alloc(limit);
    let got = 0;
    for (let n = 1; n > 0 && got < limit; got += n) n = readSync(fd, buf, got, limit - got, got);
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** What a run left in its stdout/stderr files: kept text up to the limit, and full byte counts. */
export function collectStdio(workDir: string, limit: number) {
  const paths = stdioPaths(workDir);
  return {
    stdout: readCaptured(paths.stdout, limit),
    stderr: readCaptured(paths.stderr, limit),
    stdoutBytes: sizeOf(paths.stdout),
    stderrBytes: sizeOf(paths.stderr),
  };
}
