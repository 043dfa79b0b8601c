/**
 * A guest blocked inside a host call cannot be stopped by terminating its worker: the
 * thread only dies once the native call returns. node:wasi's poll_oneoff can block for
 * as long as a guest asks, and for centuries when it misreads an absolute monotonic
 * deadline as realtime (uvwasi subtracts the realtime clock from every absolute
 * timeout). So the in-process host bounds poll_oneoff by the run's own deadline.
 */
export class RunDeadlineReached extends Error {}

const SUBSCRIPTION_SIZE = 48;
const EVENTTYPE_CLOCK = 0;
const ABSTIME = 1;

/** How long, in ms, uvwasi will sleep for this subscription list, or null if an fd may wake it first. */
export function uvwasiSleepMs(memory: WebAssembly.Memory, subs: number, nsubs: number, realtimeNowNs: bigint): number | null {
  const view = new DataView(memory.buffer);
  if (nsubs === 0 || subs + nsubs * SUBSCRIPTION_SIZE > view.byteLength) return null;
  let shortest: bigint | null = null;
  for (let i = 0; i < nsubs; i++) {
    const at = subs + i * SUBSCRIPTION_SIZE;
    if (view.getUint8(at + 8) !== EVENTTYPE_CLOCK) return null;
    const timeout = view.getBigUint64(at + 24, true);
    const absolute = (view.getUint16(at + 40, true) & ABSTIME) !== 0;
    const wait = absolute ? timeout - realtimeNowNs : timeout;
    if (shortest === null || wait < shortest) shortest = wait;
  }
  return shortest === null ? null : Math.max(0, Number(shortest / 1_000_000n));
}

/** Sleeps the calling thread without spinning (Atomics.wait is allowed in workers). */
export function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
