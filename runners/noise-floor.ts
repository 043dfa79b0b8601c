/**
 * The harness's own timing noise, measured in the same run as the determinism suite
 * (docs/determinism.md): the same two loops the guests run, as native code in this
 * process. A runtime's figures mean little on a machine whose own 1 ms wait is already
 * late by milliseconds; the report shows each next to this floor and flags a noisy run.
 */
import { readFileSync } from 'node:fs';
import { summarize, type Distribution } from './distributions.ts';

/** Above this p99 overshoot of the harness's own 1 ms waits, the run is flagged noisy. */
const NOISY_P99_OVERSHOOT_NS = 1_000_000;
const PAIRS = 2000;
const WAITS = 50;
const WAIT_MS = 1;

export interface NoiseFloor {
  /** Back-to-back reads of the monotonic clock: the timer's own cost. */
  clockPair: Distribution;
  /** How late a 1 ms wait of this process's thread ends. */
  waitOvershoot: Distribution;
  /** The CPUs this process may run on (Linux Cpus_allowed_list), or null where unknown. */
  cpusAllowed: string | null;
  noisy: boolean;
}

function cpusAllowed(): string | null {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

export function measureNoiseFloor(): NoiseFloor {
  const pairs: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    pairs.push(Number(b - a));
  }
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const late: number[] = [];
  for (let i = 0; i < WAITS; i++) {
    const t0 = process.hrtime.bigint();
    Atomics.wait(cell, 0, 0, WAIT_MS);
    late.push(Math.max(0, Number(process.hrtime.bigint() - t0) - WAIT_MS * 1e6));
  }
  const waitOvershoot = summarize(late);
  return { clockPair: summarize(pairs), waitOvershoot, cpusAllowed: cpusAllowed(), noisy: waitOvershoot.p99 > NOISY_P99_OVERSHOOT_NS };
}
