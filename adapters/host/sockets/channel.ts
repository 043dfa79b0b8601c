/**
 * The guest thread's line to the socket service thread (service.ts). The guest's import
 * calls are synchronous and Node's sockets are not, so a call posts a request to the
 * service and then sleeps in Atomics.wait on a SharedArrayBuffer until the service has
 * written the answer there (status, errno, a few integers, data bytes) and called
 * Atomics.notify. Never a busy wait. Every wait is bounded: the service answers
 * TIMED_OUT at the request's `waitMs`, and the guest gives up a little later if the
 * service itself is stuck, so a run always ends by its deadline.
 */
import { Worker } from 'node:worker_threads';
import { RunDeadlineReached } from '../run-deadline.ts';

/** Largest data answer: a recv asks for at most this much (a short read, as POSIX allows). */
export const DATA_CAP = 1 << 20;
const HEADER = 64;
// Int32 slots of the header
export const SLOT = { SEQ: 0, STATUS: 1, ERRNO: 2, LEN: 3, VALS: 4 } as const;
export const NVALS = 12;
export const STATUS = { OK: 0, TIMED_OUT: 1, JSON: 2 } as const;
/** Time the guest grants the service beyond a request's own wait before declaring it stuck. */
const GRACE_MS = 5_000;

/** Every request names its op; the rest is op-specific (see service.ts). */
export interface Request {
  op: string;
  /** How long the service may wait for the socket to become ready (0: answer at once). */
  waitMs?: number;
  [key: string]: unknown;
}

export interface Reply {
  errno: number;
  timedOut: boolean;
  vals: number[];
  data: Uint8Array;
  json?: unknown;
}

/** One per thread: the service it talks to and the shared answer buffer. */
export class SocketChannel {
  private readonly sab = new SharedArrayBuffer(HEADER + DATA_CAP);
  private readonly i32 = new Int32Array(this.sab, 0, HEADER / 4);
  private readonly bytes = new Uint8Array(this.sab, HEADER);
  private worker: Worker | null = null;
  private seq = 0;
  private dead = false;

  private ensure(): Worker {
    if (this.worker && !this.dead) return this.worker;
    this.dead = false;
    // import.meta.url is this source file's URL, also inside the esbuild bundle (runners/worker-bundle.mjs)
    const worker = new Worker(new URL('./service-entry.mjs', import.meta.url), { workerData: { sab: this.sab } });
    worker.unref(); // never keeps a process alive
    worker.on('exit', () => {
      if (this.worker === worker) this.dead = true;
    });
    worker.on('error', (e) => process.emitWarning(`wasmcert socket service failed: ${e.message}`));
    this.worker = worker;
    return worker;
  }

  /** Sends one request and sleeps until its answer; `deadline` is the run's (performance.now() clock). */
  call(req: Request, deadline: number): Reply {
    const worker = this.ensure();
    const seq = ++this.seq;
    const left = Math.max(0, deadline - performance.now());
    const waitMs = Math.min(req.waitMs ?? 0, left);
    worker.postMessage({ ...req, seq, waitMs });
    const until = performance.now() + waitMs + GRACE_MS;
    for (;;) {
      const seen = Atomics.load(this.i32, SLOT.SEQ);
      if (seen === seq) break;
      const rest = until - performance.now();
      if (rest <= 0) throw new RunDeadlineReached(`the socket service did not answer ${req.op} in time`);
      Atomics.wait(this.i32, SLOT.SEQ, seen, rest);
    }
    const status = this.i32[SLOT.STATUS]!;
    const len = this.i32[SLOT.LEN]!;
    const data = this.bytes.slice(0, len);
    const reply: Reply = {
      errno: this.i32[SLOT.ERRNO]!,
      timedOut: status === STATUS.TIMED_OUT,
      vals: Array.from(this.i32.subarray(SLOT.VALS, SLOT.VALS + NVALS)),
      data,
    };
    if (status === STATUS.JSON) reply.json = JSON.parse(new TextDecoder().decode(data));
    return reply;
  }

  /** Fire and forget (closing a run's sockets must not wait on a stuck service). */
  post(req: Request): void {
    if (this.worker && !this.dead) this.worker.postMessage({ ...req, seq: 0, waitMs: 0 });
  }
}

let channel: SocketChannel | null = null;

/** The calling thread's channel, created (and its service started) on first use. */
export function socketChannel(): SocketChannel {
  return (channel ??= new SocketChannel());
}

/** Service side: writes one answer into the shared buffer and wakes the guest thread. */
export class Answerer {
  private readonly i32: Int32Array;
  private readonly bytes: Uint8Array;
  constructor(sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab, 0, HEADER / 4);
    this.bytes = new Uint8Array(sab, HEADER);
  }

  answer(seq: number, a: { errno?: number; timedOut?: boolean; vals?: number[]; data?: Uint8Array; json?: unknown }): void {
    if (seq === 0) return;
    let status: number = a.timedOut ? STATUS.TIMED_OUT : STATUS.OK;
    let data = a.data;
    if (a.json !== undefined) {
      data = new TextEncoder().encode(JSON.stringify(a.json));
      status = STATUS.JSON;
    }
    const len = Math.min(data?.length ?? 0, DATA_CAP);
    if (data && len) this.bytes.set(data.subarray(0, len));
    this.i32[SLOT.STATUS] = status;
    this.i32[SLOT.ERRNO] = a.errno ?? 0;
    this.i32[SLOT.LEN] = len;
    const vals = a.vals ?? [];
    for (let i = 0; i < NVALS; i++) this.i32[SLOT.VALS + i] = vals[i] ?? 0;
    Atomics.store(this.i32, SLOT.SEQ, seq);
    Atomics.notify(this.i32, SLOT.SEQ);
  }
}
