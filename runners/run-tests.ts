import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { RuntimeAdapter } from '../adapters/base.ts';
import { GUEST_MEMORY_LIMIT, type GuestRun, type RawResult } from '../adapters/types.ts';
import type { TestResult } from '../report/types.ts';
import type { Expectation, Expectations } from './expectations.ts';
import { parseDistributions } from './distributions.ts';
import { halTraceSteps, hostCountSteps, judge, type Verdict } from './judge.ts';
import { repeatSteps, runDigest } from './repeat.ts';
import { startPeer, type Peer } from './peer.ts';
import { longestFirst, type Durations } from './durations.ts';
import { FifoStock } from './fifo-stock.ts';
import { disposeSandbox, planSandbox } from './sandbox.ts';
import type { TestCase } from './test-case.ts';
import { freeLoopbackAddress } from './loopback.ts';
import type { Job } from './worker.ts';

export interface RunOptions {
  jobs: number;
  /** Per runtime label. */
  expectations: Map<string, Expectations>;
  /** Per runtime label: what its probes proved it supports. */
  capabilities: Map<string, string[]>;
  /** Per runtime, what each failed probe said: a skip for a missing capability quotes it. */
  lacking?: Map<string, Record<string, string>>;
  outputLimitBytes: number;
  /** Ceiling for every guest's linear memory (from --profile or --guest-memory-limit); a spec's own wins. */
  guestMemoryLimitBytes?: number;
  /** Largest slice of stdout/stderr kept in the report for a result that is not a pass. */
  keepOutputBytes: number;
  onResult?: (result: TestResult) => void;
  /** Durations of an earlier run: the longest tests start first (runners/durations.ts). */
  durations?: Durations;
  /** A pool started earlier (its workers load while runtimes are probed); else one is made and destroyed here. */
  pool?: Pool;
}

export type Pool = Piscina<Job, RawResult>;

/** Workers start loading at once: creating the pool early hides their ~0.5 s start-up. */
export function createPool(jobs: number): Pool {
  return new Piscina<Job, RawResult>({
    filename: new URL('./worker-entry.mjs', import.meta.url).href,
    minThreads: jobs,
    maxThreads: jobs,
    concurrentTasksPerWorker: 1,
    idleTimeout: 30_000,
    // Node would close, when a worker exits, every fd that worker opened with fs.open and
    // did not fs.close. node:wasi closes some of those numbers itself (a guest's fd_close),
    // and by then another thread (a socket service) may own the number: closing it again
    // there corrupts that thread (libuv aborts the process). The sandbox sweep closes what a
    // killed run leaves open, by what each descriptor points at, not by number.
    trackUnmanagedFds: false,
  });
}

/** A worker stuck in a native call cannot be terminated: do not let it hold the run. */
export async function destroyPool(pool: Pool): Promise<void> {
  await Promise.race([pool.destroy(), new Promise((r) => setTimeout(r, 5_000).unref())]);
}

export const DEFAULT_OUTPUT_LIMIT = 16 * 1024 * 1024;

function applyExpectation(v: Verdict, exp: Expectation | undefined): Pick<TestResult, 'status' | 'message'> {
  if (exp?.action !== 'fail' || v.status === 'error') return { status: v.status, message: v.message };
  if (v.status === 'fail') return { status: 'xfail', message: v.message };
  return { status: 'xpass', message: `expected to fail (${exp.source}${exp.reason ? `: ${exp.reason}` : ''}) but passed` };
}

function base(test: TestCase, runtime: string, exp: Expectation | undefined): Omit<TestResult, 'status' | 'durationMs' | 'assertions'> {
  return {
    id: test.id,
    suite: test.suite,
    name: test.name,
    runtime,
    tags: test.tags,
    requires: test.requires,
    ...(exp ? { expectation: { action: exp.action, ...(exp.reason ? { reason: exp.reason } : {}), source: exp.source } } : {}),
  };
}

/**
 * A test's own limit, else the run's. Only a runtime that proved it enforces a limit is
 * given one: another (wazero, node:wasi, a real iwasm) could only refuse the flag, and
 * certification says it cannot enforce it.
 */
function guestMemoryLimit(test: TestCase, caps: string[], opts: RunOptions): { guestMemoryLimitBytes?: number } {
  if (!caps.includes(GUEST_MEMORY_LIMIT)) return {};
  const bytes = test.guestMemoryLimitBytes ?? opts.guestMemoryLimitBytes;
  return bytes === undefined ? {} : { guestMemoryLimitBytes: bytes };
}

/** How long a peer may go on with its steps after the guest ended (its socket is closed by then). */
const PEER_GRACE_MS = 1000;

/** A trace's digest for the report: equal traces, equal digests, whichever host recorded them. */
function traceDigest(text: string): { lines: number; sha256: string } {
  return { lines: text.split('\n').length - 1, sha256: createHash('sha256').update(text).digest('hex') };
}

function keep(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n[… ${text.length - max} more characters]` : text;
}

/** Runs every test on every adapter through one worker pool; results come back in a stable order. */
export async function runTests(tests: TestCase[], adapters: RuntimeAdapter[], opts: RunOptions): Promise<TestResult[]> {
  const pool = opts.pool ?? createPool(opts.jobs);
  const fifoRuns = adapters.filter((a) => a.needsStdinFifo).length * tests.reduce((n, t) => n + (t.repeat ?? 1), 0);
  const fifos = fifoRuns ? FifoStock.create(fifoRuns) : undefined;

  const runOne = async (test: TestCase, adapter: RuntimeAdapter): Promise<TestResult> => {
    const exp = opts.expectations.get(adapter.label)?.get(test.id);
    const head = base(test, adapter.label, exp);
    if (exp?.action === 'not-run') return { ...head, status: 'fail', message: `not run: ${exp.source} says it crashes or hangs the harness on this runtime${exp.reason ? `: ${exp.reason}` : ''}`, durationMs: 0, assertions: [] };
    if (exp?.action === 'skip') return { ...head, status: 'skip', message: `skipped by ${exp.source}${exp.reason ? `: ${exp.reason}` : ''}`, durationMs: 0, assertions: [] };
    const caps = opts.capabilities.get(adapter.label) ?? [];
    const missing = test.requires.filter((r) => !caps.includes(r));
    if (missing.length) {
      const said = opts.lacking?.get(adapter.label)?.[missing[0]!];
      const message = `${adapter.label} lacks capability ${missing.join(', ')}${said ? ` (its probe: ${oneLineCapped(said)})` : ''}`;
      return { ...head, status: 'skip', message, durationMs: 0, assertions: [] };
    }

    const tcpListen = test.tcpListen ? await freeLoopbackAddress() : undefined;
    let peer: Peer | undefined;
    try {
      if (test.peer) peer = await startPeer(test.peer, Date.now() + test.timeoutMs, tcpListen);
    } catch (e) {
      return { ...head, status: 'error', message: `harness error: cannot start the test's peer: ${(e as Error).message}`, durationMs: 0, assertions: [] };
    }
    /** One run of the guest in a fresh sandbox; `first` starts the peer's script with it. */
    const runOnce = async (first: boolean): Promise<RawResult> => {
      const sandbox = await planSandbox(test.preopens);
      if (adapter.needsStdinFifo) fifos?.take(path.join(sandbox.workDir, 'stdin'));
      const run: GuestRun = {
        testId: test.id,
        modulePath: test.modulePath,
        argv0: test.argv0,
        args: test.args,
        env: peer ? { ...test.env, ...peer.env } : test.env,
        preopens: sandbox.preopens,
        workDir: sandbox.workDir,
        stdin: test.stdin,
        ...(tcpListen ? { tcpListen } : {}),
        ...(test.socketPolicy ? { socketPolicy: test.socketPolicy } : {}),
        timeoutMs: test.timeoutMs,
        outputLimitBytes: opts.outputLimitBytes,
        ...guestMemoryLimit(test, caps, opts),
        ...(test.hal ? { hal: { board: test.hal.board } } : {}),
        ...(test.asComponent ? { asComponent: true } : {}),
        ...(test.hostCounts ? { measureHostCounts: true } : {}),
        ...(test.invoke !== undefined ? { invoke: test.invoke } : {}),
      };
      const started = performance.now();
      if (first) peer?.begin();
      try {
        return await pool.run({ adapter: adapter.ref(), run, copies: sandbox.copies }, { signal: AbortSignal.timeout(test.timeoutMs + adapter.poolGraceMs) });
      } catch (e) {
        const aborted = (e as Error).name === 'AbortError';
        const raw: RawResult = {
          outcome: aborted ? 'timeout' : 'error',
          exitCode: null,
          message: aborted ? `stopped after ${test.timeoutMs} ms` : (e as Error).message,
          durationMs: performance.now() - started,
          ...(await adapter.salvage(run)),
        };
        // a killed worker never cleaned up: only now, after salvage has read what the run left
        await disposeSandbox(sandbox);
        return raw;
      }
    };
    const raw = await runOnce(true);
    // execution determinism (docs/determinism.md): the same run again, its output compared
    const digests = [runDigest(raw)];
    for (let i = 1; i < (test.repeat ?? 1); i++) digests.push(runDigest(await runOnce(false)));
    const peerSteps = peer ? await peer.finish(PEER_GRACE_MS) : undefined;
    const verdict = judge(test, raw, {
      peer: peerSteps,
      hal: test.hal ? halTraceSteps(test.hal.trace, raw.halTrace ?? null) : undefined,
      hostCounts: test.hostCounts && raw.hostCounts ? hostCountSteps(test.hostCounts, raw.hostCounts) : undefined,
      repeat: test.repeat ? repeatSteps(digests) : undefined,
    });
    const final = applyExpectation(verdict, exp);
    const result: TestResult = {
      ...head,
      ...final,
      durationMs: Math.round(raw.durationMs * 1000) / 1000,
      outcome: { kind: raw.outcome, exitCode: raw.exitCode, ...(raw.signal !== undefined ? { signal: raw.signal } : {}), ...(raw.message ? { message: raw.message } : {}) },
      assertions: verdict.assertions,
      ...(raw.peakRssBytes !== undefined ? { peakRssBytes: raw.peakRssBytes } : {}),
      ...(raw.guestMemoryBytes !== undefined ? { guestMemoryBytes: raw.guestMemoryBytes } : {}),
      ...(raw.halTrace !== undefined ? { halTrace: traceDigest(raw.halTrace) } : {}),
      ...(raw.hostCounts ? { hostCounts: raw.hostCounts } : {}),
      ...(test.repeat ? { repeat: { runs: digests.length, distinct: new Set(digests).size, sha256: digests[0]! } } : {}),
    };
    // the judge has already failed a run whose distribution lines are malformed
    const { distributions } = parseDistributions(raw.stdout);
    if (Object.keys(distributions).length) result.distributions = distributions;
    if (final.status !== 'pass') {
      if (raw.stdout) result.stdout = keep(raw.stdout, opts.keepOutputBytes);
      if (raw.stderr) result.stderr = keep(raw.stderr, opts.keepOutputBytes);
      if (raw.halTrace) result.halTrace!.text = keep(raw.halTrace, opts.keepOutputBytes);
    }
    if (final.message === undefined) delete result.message;
    return result;
  };

  try {
    const work = adapters.flatMap((a) => tests.map((t) => ({ t, a })));
    const order = longestFirst(work.map(({ t, a }) => ({ runtime: a.label, id: t.id })), opts.durations ?? new Map());
    const out = new Array<TestResult>(work.length);
    // one more run in flight than threads keeps every worker busy while the next sandbox is copied
    await mapLimit(order, opts.jobs + 1, async (i) => {
      const r = await runOne(work[i]!.t, work[i]!.a);
      opts.onResult?.(r);
      out[i] = r;
    });
    return out;
  } finally {
    fifos?.dispose();
    if (!opts.pool) await destroyPool(pool);
  }
}

/** Like Promise.all over `items.map(fn)`, with at most `limit` calls pending at once. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

/** A runtime's words on one line, short enough for a skip message. */
function oneLineCapped(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
