/**
 * proc_raise as a POSIX process would take it. node:wasi forwards the signal to the
 * whole Node process (proc_raise(15) kills the harness), so the in-process host
 * decides itself: default-ignored signals are no-ops, stop signals are unsupported,
 * the rest terminate the guest.
 */
export const WASI_SIGNALS = [
  'none', 'hup', 'int', 'quit', 'ill', 'trap', 'abrt', 'bus', 'fpe', 'kill', 'usr1', 'segv', 'usr2', 'pipe', 'alrm',
  'term', 'chld', 'cont', 'stop', 'tstp', 'ttin', 'ttou', 'urg', 'xcpu', 'xfsz', 'vtalrm', 'prof', 'winch', 'poll', 'pwr', 'sys',
] as const;

const IGNORED_BY_DEFAULT = new Set(['none', 'chld', 'cont', 'urg', 'winch']);
const STOPS = new Set(['stop', 'tstp', 'ttin', 'ttou']);

export const ERRNO_SUCCESS = 0;
export const ERRNO_INVAL = 28;
export const ERRNO_NOTSUP = 58;

/** Thrown through the guest's stack to end the run as killed by a signal. */
export class GuestSignal extends Error {
  constructor(readonly signal: string) {
    super(`guest raised SIG${signal.toUpperCase()}`);
  }
}

export function raiseInGuest(sig: number): number {
  const name = WASI_SIGNALS[sig];
  if (name === undefined) return ERRNO_INVAL;
  if (IGNORED_BY_DEFAULT.has(name)) return ERRNO_SUCCESS;
  if (STOPS.has(name)) return ERRNO_NOTSUP;
  throw new GuestSignal(name);
}
