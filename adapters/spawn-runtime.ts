import { spawn } from 'node:child_process';
import { EXEC_HELPER } from './exec-helper.ts';

export interface ProcessStatus {
  exit: number | null;
  signal: number | null;
  timedOut: boolean;
  stopped: boolean;
  maxRssKb: number;
  wallMs: number;
  userMs: number;
  sysMs: number;
}

export interface Spawned {
  status: ProcessStatus | null;
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  /** The output cap was reached and the run was stopped. */
  capped: boolean;
  /** What the exec helper itself said when it could not run the program. */
  helperError?: string;
}

export interface SpawnRequest {
  binary: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string;
  timeoutMs: number;
  dataLimitBytes: number;
  outputLimitBytes: number;
}

/** Collects a stream up to a byte limit and tells when the limit is passed. */
class Capture {
  private chunks: Buffer[] = [];
  kept = 0;
  total = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): boolean {
    this.total += chunk.length;
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    return this.total > this.limit;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Runs one runtime process under the exec helper and returns what it did. */
export function spawnRuntime(req: SpawnRequest): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      EXEC_HELPER,
      ['--data-limit', String(req.dataLimitBytes), '--timeout-ms', String(req.timeoutMs), '--status-fd', '3', '--', req.binary, ...req.argv],
      { cwd: req.cwd, env: req.env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
    );
    const out = new Capture(req.outputLimitBytes);
    const err = new Capture(req.outputLimitBytes);
    let statusText = '';
    let capped = false;
    const cap = (over: boolean) => {
      if (over && !capped) {
        capped = true;
        child.kill('SIGTERM'); // the helper kills the runtime's whole process group
      }
    };
    child.stdout!.on('data', (c: Buffer) => cap(out.add(c)));
    child.stderr!.on('data', (c: Buffer) => cap(err.add(c)));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => (statusText += c.toString()));
    child.stdin!.on('error', () => {}); // a guest that never reads stdin closes the pipe early
    child.stdin!.end(req.stdin);
    child.on('error', reject);
    child.on('close', (code) => {
      let status: ProcessStatus | null = null;
      try {
        status = JSON.parse(statusText);
      } catch {
        status = null;
      }
      const stderr = err.text();
      const helperError = code !== 0 || !status ? `exec helper exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}` : /^wasmcert-exec: cannot run/m.test(stderr) ? stderr.trim() : undefined;
      resolve({ status, stdout: out.text(), stderr, stdoutBytes: out.total, stderrBytes: err.total, capped, ...(helperError ? { helperError } : {}) });
    });
  });
}
