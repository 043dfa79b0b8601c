/**
 * Components run in a worker thread of their own, one per calling thread, reused from
 * run to run. The reason is preview2-shim: on a stream error it does not expect it
 * calls process.exit(1) ("any invalid error is a trap"). In the thread that called the
 * adapter (the mocha process, the CLI's supervisor-less runs) that ends everything; in a
 * thread of its own it ends that thread, and the run becomes one trap with the shim's
 * own trace as its message. A thread of its own can also be terminated, which is how a
 * spinning component meets its timeout.
 */
import { Worker } from 'node:worker_threads';
import { collectStdio } from '../../host/stdio-files.ts';
import type { GuestRun, RawResult } from '../../types.ts';
import type { ComponentReply, ComponentRequest, InstrumentName } from './thread-main.ts';

const ENTRY = new URL('./thread-entry.mjs', import.meta.url);

interface Thread {
  worker: Worker;
  /** What the shim passed to console.trace last: its reason, just before it exits. */
  traced?: string;
  pending?: { id: number; settle: (reply: ComponentReply) => void };
}

let thread: Thread | undefined;
let nextId = 1;
/** One run at a time per thread: the shim keeps per-thread state between its calls. */
let queue: Promise<unknown> = Promise.resolve();

function startThread(): Thread {
  // No piped stdio: a worker with stdout or stderr streams keeps a process whose stdout
  // is a file alive after unref(). The guest's output goes to its run's files anyway.
  const worker = new Worker(ENTRY);
  const t: Thread = { worker };
  worker.on('message', (message: ComponentReply | { traced: string }) => {
    if ('traced' in message) t.traced = message.traced;
    else if (t.pending?.id === message.id) t.pending.settle(message);
  });
  worker.on('error', (e) => t.pending?.settle({ id: t.pending.id, crashed: `the component thread failed: ${e.message}` }));
  worker.on('exit', (code) => {
    if (thread === t) thread = undefined;
    t.pending?.settle({ id: t.pending.id, crashed: deathMessage(code, t.traced) });
  });
  worker.unref();
  return t;
}

/** What ended the thread, in the shim's words when it said any. */
function deathMessage(code: number, traced: string | undefined): string {
  if (traced !== undefined) return `preview2-shim ended the run with exit(${code}) on a stream error it treats as a trap: ${traced}`;
  return `the component thread exited with code ${code}`;
}

function ask(t: Thread, request: ComponentRequest, timeoutMs: number): Promise<ComponentReply | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      t.pending = undefined;
      if (thread === t) thread = undefined;
      void t.worker.terminate();
      resolve('timeout');
    }, timeoutMs);
    t.pending = {
      id: request.id,
      settle: (reply) => {
        clearTimeout(timer);
        t.pending = undefined;
        t.worker.unref();
        resolve(reply);
      },
    };
    t.worker.ref(); // an awaited reply alone would not keep the process alive
    t.worker.postMessage(request);
  });
}

/** Runs one command component in the component thread, with an optional named instrument. */
export function runComponentInThread(run: GuestRun, instrument?: InstrumentName): Promise<RawResult> {
  const result = queue.then(() => runNow(run, instrument));
  queue = result.catch(() => undefined);
  return result;
}

async function runNow(run: GuestRun, instrument?: InstrumentName): Promise<RawResult> {
  thread ??= startThread();
  const t0 = performance.now();
  const reply = await ask(thread, { id: nextId++, run, instrument }, run.timeoutMs);
  const durationMs = performance.now() - t0;
  if (reply === 'timeout') {
    return { outcome: 'timeout', exitCode: null, message: `stopped after ${run.timeoutMs} ms`, durationMs, ...collectStdio(run.workDir, run.outputLimitBytes) };
  }
  if ('crashed' in reply) {
    const outcome = reply.crashed.startsWith('preview2-shim') ? 'trap' : 'error';
    return { outcome, exitCode: null, message: reply.crashed, durationMs, ...collectStdio(run.workDir, run.outputLimitBytes) };
  }
  return reply.result;
}
