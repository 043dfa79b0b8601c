/**
 * poll_oneoff when a subscription names a socket fd. Without one, node:wasi's own
 * poll_oneoff answers (as bounded by run-node-wasi.ts), unchanged. With one, the host
 * answers the whole call: sockets through the service (which blocks until one is ready,
 * the earliest clock, or the deadline), clocks itself, and other fds node:wasi has open
 * are always ready (files are, for poll), with nbytes 0.
 */
import type { Readiness } from './service.ts';
import { RunDeadlineReached } from '../run-deadline.ts';
import { E } from './errno.ts';
import { RIGHT, type Sock } from './fd-table.ts';
import { BadPointer } from './guest-memory.ts';
import type { SocketHost } from './host.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const SUB = 48;
const EVENT = 32;
const CLOCK = 0;
const FD_READ = 1;
const ABSTIME = 1;
const HANGUP = 1;

interface Ev {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
  flags: number;
}

type Sub =
  | { kind: 'clock'; userdata: bigint; dueMs: number | null }
  | { kind: 'fd'; userdata: bigint; type: number; sock: Sock }
  | { kind: 'done'; ev: Ev };

export function installPoll(p1: Record<string, ImportFn>, host: SocketHost): void {
  const bounded = p1.poll_oneoff!; // node:wasi's, already bounded by the run's deadline
  const { mem, table } = host;
  p1.poll_oneoff = (subsPtr, eventsPtr, nsubs, neventsPtr) => {
    const n = nsubs as number;
    let v: DataView;
    try {
      v = mem.check(subsPtr as number, n * SUB);
    } catch {
      return bounded(subsPtr, eventsPtr, nsubs, neventsPtr);
    }
    const at = (i: number) => (subsPtr as number) + i * SUB;
    let mine = false;
    for (let i = 0; i < n; i++) if (v.getUint8(at(i) + 8) !== CLOCK && table.get(v.getUint32(at(i) + 16, true)) !== undefined) mine = true;
    if (!mine) return bounded(subsPtr, eventsPtr, nsubs, neventsPtr);
    try {
      mem.check(eventsPtr as number, n * EVENT);
      mem.check(neventsPtr as number, 4);
    } catch (e) {
      if (e instanceof BadPointer) return E.FAULT;
      throw e;
    }

    const nowMs = performance.now();
    const subs: Sub[] = [];
    for (let i = 0; i < n; i++) {
      const p = at(i);
      const userdata = v.getBigUint64(p, true);
      const type = v.getUint8(p + 8);
      const done = (error: number, nbytes = 0n, flags = 0): Sub => ({ kind: 'done', ev: { userdata, error, type, nbytes, flags } });
      if (type === CLOCK) {
        const id = v.getUint32(p + 16, true);
        const timeout = v.getBigUint64(p + 24, true);
        const abs = (v.getUint16(p + 40, true) & ABSTIME) !== 0;
        if (id > 1) subs.push(done(E.INVAL));
        else {
          const nowNs = id === 0 ? BigInt(Date.now()) * 1_000_000n : process.hrtime.bigint();
          const waitNs = abs ? timeout - nowNs : timeout;
          subs.push({ kind: 'clock', userdata, dueMs: nowMs + Math.max(0, Number(waitNs) / 1e6) });
        }
        continue;
      }
      if (type > 2) {
        subs.push(done(E.INVAL));
        continue;
      }
      const fd = v.getUint32(p + 16, true);
      const s = table.get(fd);
      if (s === 'spare') subs.push(done(E.BADF));
      else if (s) subs.push(!(s.base & RIGHT.POLL_FD_READWRITE) ? done(E.NOTCAPABLE) : { kind: 'fd', userdata, type, sock: s });
      else subs.push(table.openElsewhere(fd) ? done(0) : done(E.BADF));
    }

    const events: Ev[] = [];
    for (;;) {
      const immediate = subs.some((s) => s.kind === 'done');
      const clocks = subs.flatMap((s) => (s.kind === 'clock' ? [s.dueMs!] : []));
      const untilClock = clocks.length ? Math.max(0, Math.min(...clocks) - performance.now()) : Infinity;
      const fds = subs.filter((s): s is Extract<Sub, { kind: 'fd' }> => s.kind === 'fd');
      const waitMs = immediate ? 0 : Math.min(untilClock, Math.max(0, host.deadline - performance.now()));
      let states: Readiness[] = [];
      if (fds.length) {
        const r = host.call({ op: 'poll', subs: fds.map((s) => ({ id: s.sock.id, write: s.type !== FD_READ })), waitMs });
        states = (r.json as Readiness[]) ?? [];
      } else if (waitMs > 0) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
      }
      fds.forEach((s, i) => {
        const st = states[i];
        if (st?.ready) events.push({ userdata: s.userdata, error: 0, type: s.type, nbytes: BigInt(st.nbytes), flags: st.hangup ? HANGUP : 0 });
      });
      for (const s of subs) if (s.kind === 'done') events.push(s.ev);
      const now = performance.now();
      for (const s of subs) if (s.kind === 'clock' && s.dueMs! <= now) events.push({ userdata: s.userdata, error: 0, type: CLOCK, nbytes: 0n, flags: 0 });
      if (events.length) break;
      if (now >= host.deadline - 1) throw new RunDeadlineReached('poll_oneoff was still waiting at the test\'s timeout');
    }

    const out = mem.view();
    events.forEach((e, i) => {
      const p = (eventsPtr as number) + i * EVENT;
      new Uint8Array(out.buffer, p, EVENT).fill(0);
      out.setBigUint64(p, e.userdata, true);
      out.setUint16(p + 8, e.error, true);
      out.setUint8(p + 10, e.type);
      out.setBigUint64(p + 16, e.nbytes, true);
      out.setUint16(p + 24, e.flags, true);
    });
    out.setUint32(neventsPtr as number, events.length, true);
    return 0;
  };
}
