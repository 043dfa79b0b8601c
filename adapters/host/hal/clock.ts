/**
 * Board time (docs/hal.md §4). The simulated board has its own clock in nanoseconds,
 * starting at 0: it advances only by a delay call (exactly the requested time) and by a
 * pollable's `block` (to the instant the awaited event happens). Traces and the input
 * timeline use it, so they are the same on every runtime and every machine. A delay also
 * really pauses the guest for at least the requested time on the host's monotonic clock,
 * so a guest that measures it with clock_time_get sees a real pause.
 */
import { RunDeadlineReached, sleepMs } from '../run-deadline.ts';

export class BoardClock {
  private t = 0n;
  /** Called with the old and new time whenever the board clock moves (timeline events fire). */
  onAdvance: (from: bigint, to: bigint) => void = () => {};

  constructor(private readonly deadline: number) {}

  now(): bigint {
    return this.t;
  }

  advanceTo(to: bigint): void {
    if (to <= this.t) return;
    const from = this.t;
    this.t = to;
    this.onAdvance(from, to);
  }

  /** A delay: board time moves by `ns`, and the thread pauses at least `ns` of real time. */
  delay(ns: bigint): void {
    this.realPause(ns);
    this.advanceTo(this.t + ns);
  }

  private realPause(ns: bigint): void {
    if (ns <= 0n) return;
    const start = process.hrtime.bigint();
    const end = start + ns;
    if (Number(ns) / 1e6 > this.deadline - performance.now()) {
      sleepMs(Math.max(0, this.deadline - performance.now()));
      throw new RunDeadlineReached(`a HAL delay of ${ns} ns would pass the test's timeout`);
    }
    // sleep in whole milliseconds while more than 2 ms remain, then spin to the end
    for (;;) {
      const left = end - process.hrtime.bigint();
      if (left <= 0n) return;
      if (left > 2_000_000n) sleepMs(Number(left / 1_000_000n) - 1);
    }
  }
}
