import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { EXEC_HELPER, ensureExecHelper } from './exec-helper.ts';

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

/** The exec helper's answer line (see adapters/exec/wasmcert-exec.c). */
interface Answer extends ProcessStatus {
  capped: boolean;
  stdoutBytes: number;
  stderrBytes: number;
  stdoutKept: number;
  stderrKept: number;
  /** The server exits after this answer (it got SIGTERM, or its channel closed). */
  last: boolean;
  error: string | null;
}

const PROTOCOL = 1;

/** A failed run: what the harness reports when it could not get a status. */
function failed(helperError: string): Spawned {
  return { status: null, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, capped: false, helperError };
}

/**
 * One `wasmcert-exec --server`: forks each runtime from a small process, so Node (a
 * ~250 MB process, ~3 ms a fork) never forks per test. One request at a time. It runs
 * detached from the thread that started it and exits when its stdin closes, which
 * happens when this thread ends (a pool worker terminated) or the process exits.
 */
class Spawner {
  private readonly child: ChildProcess;
  /** fd 3 of the server: a socket carrying requests one way and answers the other. */
  private readonly channel: Socket;
  private readonly stderr: Socket;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private answer: Answer | null = null;
  private waiting: ((s: Spawned) => void) | null = null;
  private stderrTail = '';
  /** The server's own pid, from its hello line (the process Node started exits at once). */
  pid: number | null = null;
  private helloSeen = false;
  dead: string | null = null;

  constructor() {
    try {
      ensureExecHelper(); // built by the main thread already, unless its source changed since
    } catch {
      // spawn reports the missing binary
    }
    // not stdin/stdout: Node destroys a child's stdin when it exits, and the process started
    // here exits at once (the server runs on in its own child)
    this.child = spawn(EXEC_HELPER, ['--server', '--owner', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: {} });
    this.channel = this.child.stdio[3] as Socket;
    this.stderr = this.child.stderr as Socket;
    this.child.on('error', (e) => this.fail(`cannot start the exec helper ${EXEC_HELPER}: ${e.message}`));
    this.child.on('exit', (code, signal) => {
      // the first process exits 0 once it has forked the server; anything else is a failure
      if (code !== 0) this.fail(`exec helper exited ${code ?? `on signal ${signal}`}`);
    });
    this.channel.on('error', () => {}); // EPIPE when the server died: reported by 'close'
    this.channel.on('data', (c: Buffer) => this.receive(c));
    this.channel.on('close', () => this.fail('exec helper server ended'));
    this.stderr.on('data', (c: Buffer) => (this.stderrTail = (this.stderrTail + c.toString()).slice(-2000)));
    this.idle();
  }

  private pipes(): Socket[] {
    return [this.channel, this.stderr];
  }

  /** An idle server must not keep the process (or the pool worker) alive; a busy one must. */
  private idle(): void {
    this.child.unref();
    for (const p of this.pipes()) p.unref();
  }

  private busy(): void {
    for (const p of this.pipes()) p.ref();
  }

  private fail(why: string): void {
    if (this.dead) return;
    // stderr may still be arriving: give its last words a moment
    this.dead = why;
    setImmediate(() => {
      const said = this.stderrTail.trim().split('\n').pop();
      const msg = `${why}${said ? `: ${said}` : ''}`;
      this.dead = msg;
      const w = this.waiting;
      this.waiting = null;
      w?.(failed(`${msg} during the run`));
      this.idle();
      this.channel.destroy();
      this.stderr.destroy();
    });
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = n < all.length ? [all.subarray(n)] : [];
    this.buffered -= n;
    return all.subarray(0, n);
  }

  private receive(c: Buffer): void {
    this.chunks.push(c);
    this.buffered += c.length;
    for (;;) {
      if (!this.helloSeen || !this.answer) {
        const nl = this.chunks.length === 1 ? this.chunks[0]!.indexOf(10) : Buffer.concat(this.chunks).indexOf(10);
        if (nl < 0) return;
        const line = this.take(nl + 1).toString('utf8', 0, nl);
        if (!this.helloSeen) {
          const m = /^wasmcert-exec server (\d+) (\d+)$/.exec(line);
          if (!m || Number(m[1]) !== PROTOCOL) return this.fail(`unexpected hello from the exec helper: ${line.slice(0, 200)}`);
          this.helloSeen = true;
          this.pid = Number(m[2]);
          continue;
        }
        try {
          this.answer = JSON.parse(line) as Answer;
        } catch {
          return this.fail(`unreadable answer from the exec helper: ${line.slice(0, 200)}`);
        }
      }
      const a = this.answer;
      if (this.buffered < a.stdoutKept + a.stderrKept) return;
      const stdout = this.take(a.stdoutKept).toString('utf8');
      const stderr = this.take(a.stderrKept).toString('utf8');
      this.answer = null;
      const { capped, stdoutBytes, stderrBytes, stdoutKept: _o, stderrKept: _e, last, error, ...status } = a;
      const w = this.waiting;
      this.waiting = null;
      if (last) this.dead = 'exec helper server ended';
      this.idle();
      w?.({ status, stdout, stderr, stdoutBytes, stderrBytes, capped, ...(error ? { helperError: error } : {}) });
    }
  }

  run(req: SpawnRequest): Promise<Spawned> {
    if (this.dead) return Promise.resolve(failed(this.dead));
    const strings = [req.cwd, req.binary, ...req.argv, ...Object.entries(req.env).map(([k, v]) => `${k}=${v}`)];
    for (const s of strings) if (s.includes('\0')) return Promise.resolve(failed(`cannot run ${req.binary}: a NUL byte in an argument or the environment`));
    const body = Buffer.from(strings.map((s) => `${s}\0`).join(''), 'utf8');
    const stdin = Buffer.from(req.stdin, 'utf8');
    const head = `run ${Math.max(0, Math.floor(req.timeoutMs))} ${Math.max(0, Math.floor(req.dataLimitBytes))} ${Math.max(0, Math.floor(req.outputLimitBytes))} ${1 + req.argv.length} ${Object.keys(req.env).length} ${body.length} ${stdin.length}\n`;
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.busy();
      this.channel.write(head);
      this.channel.write(body);
      if (stdin.length) this.channel.write(stdin);
    });
  }

  /** Ends the server (it kills a run in progress with its process group). */
  close(): void {
    this.channel.end();
  }
}

/** This thread's idle servers; a busy one is out of the list until its run ends. */
const idleSpawners: Spawner[] = [];
const allSpawners = new Set<Spawner>();

/** Runs one runtime process under the exec helper and returns what it did. */
export async function spawnRuntime(req: SpawnRequest): Promise<Spawned> {
  let spawner = idleSpawners.pop();
  while (spawner?.dead) {
    allSpawners.delete(spawner);
    spawner = idleSpawners.pop();
  }
  if (!spawner) {
    spawner = new Spawner();
    allSpawners.add(spawner);
  }
  const result = await spawner.run(req);
  if (spawner.dead) allSpawners.delete(spawner);
  else idleSpawners.push(spawner);
  return result;
}

/** The exec helper servers this thread runs (their pids), for tests and diagnostics. */
export function spawnerPids(): number[] {
  return [...allSpawners].filter((s) => !s.dead && s.pid !== null).map((s) => s.pid!);
}

/** Ends this thread's exec helper servers; the next run starts a new one. */
export function closeSpawners(): void {
  for (const s of allSpawners) s.close();
  allSpawners.clear();
  idleSpawners.length = 0;
}
