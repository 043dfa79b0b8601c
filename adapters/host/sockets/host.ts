/**
 * The socket calls both dialects share, on the guest's thread: look a socket fd up, ask
 * the service, map the answer to an errno. Blocking calls block in the service, bounded
 * by the socket's own timeout option and by the run's deadline (RunDeadlineReached).
 */
import { RunDeadlineReached, sleepMs } from '../run-deadline.ts';
import { anyAddr, unpackAddr, type SockAddr } from './addr.ts';
import { DATA_CAP, socketChannel, type Reply, type Request } from './channel.ts';
import { E } from './errno.ts';
import { CONN_RIGHTS, defaultOpts, FdTable, RIGHT, type Sock, type SockState } from './fd-table.ts';
import type { GuestMemory } from './guest-memory.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const NONBLOCK = 4;
let nextId = 1;
let nextRun = 1;

export interface RecvResult {
  data: Uint8Array;
  truncated: boolean;
  from: SockAddr | null;
}

export class SocketHost {
  readonly table: FdTable;
  readonly run = nextRun++;
  private readonly chan = socketChannel();

  constructor(
    readonly real: Record<string, ImportFn>,
    readonly mem: GuestMemory,
    readonly deadline: number,
    hiddenPreopenFd: number,
  ) {
    this.table = new FdTable(real, mem, hiddenPreopenFd);
  }

  /** One request; a wait that ran into the run's deadline ends the run as a timeout. */
  call(req: Request): Reply {
    const r = this.chan.call({ ...req, run: this.run }, this.deadline);
    if (r.timedOut && this.pastDeadline()) throw new RunDeadlineReached(`${req.op} was still waiting at the test's timeout`);
    return r;
  }

  pastDeadline(): boolean {
    return performance.now() >= this.deadline - 1;
  }

  /** How long a blocking call on `s` may wait: 0 when nonblocking, else its timeout option or the deadline. */
  waitMs(s: Sock, timeoutUs: bigint): number {
    if (s.nonblock) return 0;
    const left = Math.max(0, this.deadline - performance.now());
    return timeoutUs > 0n ? Math.min(left, Math.max(1, Number(timeoutUs / 1000n))) : left;
  }

  newSock(family: 4 | 6, type: 'stream' | 'dgram', state: SockState, base: bigint, inheriting: bigint): Sock {
    return { id: nextId++, family, type, state, nonblock: false, base, inheriting, opts: defaultOpts(), created: BigInt(Date.now()) * 1_000_000n };
  }

  /** The socket at `fd`, or badf (not open) / notsock (one of node:wasi's fds). */
  lookup(fd: number): Sock | number {
    const s = this.table.get(fd);
    if (s === 'spare') return E.BADF;
    if (s) return s;
    return this.table.openElsewhere(fd) ? E.NOTSOCK : E.BADF;
  }

  /** The listener the runtime pre-opens for `run.tcpListen`; throws when it cannot listen. */
  preopenListener(hostPort: string): void {
    const m = hostPort.match(/^(.*):(\d+)$/);
    if (!m) throw new Error(`tcpListen ${hostPort} is not HOST:PORT`);
    const host = m[1]!.replace(/^\[(.*)\]$/, '$1');
    const s = this.newSock(host.includes(':') ? 6 : 4, 'stream', 'listening', CONN_RIGHTS | RIGHT.SOCK_ACCEPT, CONN_RIGHTS);
    const r = this.call({ op: 'listen', id: s.id, host, port: Number(m[2]), family: s.family, waitMs: 10_000 });
    if (r.errno || r.timedOut) throw new Error(`cannot pre-open a listener on ${hostPort}: errno ${r.errno}${r.timedOut ? ' (timed out)' : ''}`);
    const added = this.table.add(s);
    if ('errno' in added) throw new Error(`cannot reserve an fd for the pre-opened listener: errno ${added.errno}`);
  }

  accept(fd: number, flags: number): { fd: number } | number {
    const s = this.lookup(fd);
    if (typeof s === 'number') return s;
    if (!(s.base & RIGHT.SOCK_ACCEPT)) return E.NOTCAPABLE;
    if (flags & ~NONBLOCK) return E.INVAL;
    if (s.type === 'dgram') return E.NOTSUP;
    if (s.state !== 'listening') return E.INVAL;
    const c = this.newSock(s.family, 'stream', 'connected', CONN_RIGHTS & s.inheriting, CONN_RIGHTS & s.inheriting);
    c.opts = { ...s.opts }; // accepted sockets inherit the listener's options
    c.nonblock = (flags & NONBLOCK) !== 0;
    const r = this.call({ op: 'accept', id: s.id, newId: c.id, opts: this.connOpts(c), waitMs: this.waitMs(s, s.opts.recvTimeoutUs) });
    if (r.timedOut) return E.AGAIN;
    if (r.errno) return r.errno;
    const added = this.table.add(c);
    if ('errno' in added) {
      this.chan.post({ op: 'close', id: c.id, reset: true });
      return added.errno;
    }
    return { fd: added.fd };
  }

  connOpts(s: Sock): { noDelay: boolean; keepAlive: boolean; keepIdleS: number } {
    return { noDelay: s.opts.noDelay, keepAlive: s.opts.keepAlive, keepIdleS: s.opts.keepIdleS };
  }

  /** recv on a socket the caller looked up and checked; `max` 0 on a stream returns at once. */
  recv(s: Sock, max: number, peek: boolean, waitall: boolean): RecvResult | number {
    if (!(s.base & RIGHT.FD_READ)) return E.NOTCAPABLE;
    if (s.type === 'stream' && s.state !== 'connected' && s.state !== 'connecting') return E.NOTCONN;
    if (s.type === 'stream' && max === 0) return { data: new Uint8Array(0), truncated: false, from: null };
    if (s.type === 'dgram' && s.state === 'fresh') {
      // an unbound datagram socket can receive nothing: block as long as allowed, then again
      const wait = this.waitMs(s, s.opts.recvTimeoutUs);
      sleepMs(wait);
      if (!s.nonblock && this.pastDeadline()) throw new RunDeadlineReached('recv on an unbound datagram socket was still waiting at the test\'s timeout');
      return E.AGAIN;
    }
    const chunks: Uint8Array[] = [];
    let got = 0;
    for (;;) {
      const want = Math.min(max - got, DATA_CAP);
      const r = this.call({ op: 'recv', id: s.id, max: want, peek, waitall, waitMs: this.waitMs(s, s.opts.recvTimeoutUs) });
      if (r.timedOut) return got ? { data: concat(chunks, got), truncated: false, from: null } : E.AGAIN;
      if (r.errno) return got ? { data: concat(chunks, got), truncated: false, from: null } : r.errno;
      chunks.push(r.data);
      got += r.data.length;
      // waitall beyond one answer's capacity: ask again until filled, EOF, or an error
      if (s.type === 'dgram' || !waitall || peek || got >= max || r.data.length < want) {
        return { data: concat(chunks, got), truncated: s.type === 'dgram' && r.vals[0] === 1, from: s.type === 'dgram' ? unpackAddr(r.vals, 1) : null };
      }
    }
  }

  send(s: Sock, data: Uint8Array, to?: SockAddr): number | { n: number } {
    if (!(s.base & RIGHT.FD_WRITE)) return E.NOTCAPABLE;
    if (s.type === 'stream') {
      if (s.state !== 'connected' && s.state !== 'connecting') return E.NOTCONN;
      if (data.length === 0) return { n: 0 };
    } else {
      if (to && to.family !== s.family) return E.AFNOSUPPORT;
      if (!to && s.state !== 'connected') return E.DESTADDRREQ;
      if (s.state === 'fresh') {
        const bound = this.bindUdp(s, { ...anyAddr(s.family), address: s.family === 4 ? '127.0.0.1' : '::1' });
        if (bound) return bound;
      }
    }
    const r = this.call({ op: 'send', id: s.id, data, to, nonblock: s.nonblock, waitMs: this.waitMs(s, s.opts.sendTimeoutUs) });
    if (r.timedOut) return { n: data.length }; // the send timeout passed with the bytes queued
    return r.errno ? r.errno : { n: r.vals[0]! };
  }

  bindUdp(s: Sock, a: SockAddr): number {
    const o = s.opts;
    const r = this.call({ op: 'udpBind', id: s.id, family: s.family, host: a.address, port: a.port, reuseAddr: o.reuseAddr, ipv6Only: o.ipv6Only, recvBuf: o.recvBuf, sendBuf: o.sendBuf, broadcast: o.broadcast, ttl: o.ttl === 64 ? 0 : o.ttl, mcastTtl: o.mcastTtl === 1 ? 0 : o.mcastTtl, waitMs: 10_000 });
    if (r.errno) return r.errno;
    s.state = 'bound';
    return 0;
  }

  shutdown(fd: number, how: number): number {
    const s = this.lookup(fd);
    if (typeof s === 'number') return s;
    if (!(s.base & RIGHT.SOCK_SHUTDOWN)) return E.NOTCAPABLE;
    if (how < 1 || how > 3) return E.INVAL;
    if (s.type === 'stream' ? s.state === 'fresh' || s.state === 'bound' : s.state !== 'connected') return E.NOTCONN;
    return this.call({ op: 'shutdown', id: s.id, how }).errno;
  }

  /** fd_close on a socket: a graceful close, or a reset when SO_LINGER is on with 0 s. */
  close(fd: number, s: Sock): number {
    this.call({ op: 'close', id: s.id, reset: s.opts.lingerOn && s.opts.lingerS === 0 });
    this.table.release(fd);
    return 0;
  }

  /**
   * Connects `s` (of `a`'s family, checked by the caller) as both extension dialects do: a
   * datagram socket is bound to loopback first if it is not yet; a "bound" stream socket is
   * a Node listener, whose address the connection takes instead.
   */
  connect(s: Sock, a: SockAddr): number {
    if (s.type === 'dgram') {
      if (s.state === 'fresh') {
        const err = this.bindUdp(s, { family: s.family, address: s.family === 4 ? '127.0.0.1' : '::1', port: 0 });
        if (err) return err;
      }
      const r = this.call({ op: 'udpConnect', id: s.id, to: a, waitMs: 10_000 });
      if (!r.errno) s.state = 'connected';
      return r.errno;
    }
    if (s.state === 'listening' || s.state === 'connected') return E.ISCONN; // Linux's answer for both
    if (s.state === 'connecting') {
      const st = this.call({ op: 'connectState', id: s.id }).errno;
      if (st === E.INPROGRESS) return E.ALREADY;
      s.state = st ? 'fresh' : 'connected';
      return st ? st : E.ISCONN;
    }
    let local: SockAddr | undefined;
    if (s.state === 'bound') {
      local = this.localAddr(s);
      this.call({ op: 'close', id: s.id });
    }
    const r = this.call({
      op: 'connect',
      id: s.id,
      host: a.address,
      port: a.port,
      family: s.family,
      nonblock: s.nonblock,
      opts: this.connOpts(s),
      ...(local ? { localHost: local.address, localPort: local.port } : {}),
      waitMs: this.waitMs(s, s.opts.sendTimeoutUs),
    });
    if (r.errno === E.INPROGRESS) s.state = 'connecting';
    else if (r.timedOut) {
      s.state = 'connecting';
      return E.INPROGRESS; // SO_SNDTIMEO ran out: Linux answers EINPROGRESS and keeps connecting
    } else if (!r.errno) s.state = 'connected';
    return r.errno;
  }

  localAddr(s: Sock): SockAddr {
    if (s.state === 'fresh') return anyAddr(s.family);
    const r = this.call({ op: 'addr', id: s.id, remote: false });
    return unpackAddr(r.vals, 0) ?? anyAddr(s.family);
  }

  remoteAddr(s: Sock): SockAddr | number {
    if (s.state !== 'connected' && s.state !== 'connecting') return E.NOTCONN;
    const r = this.call({ op: 'addr', id: s.id, remote: true });
    return r.errno || (unpackAddr(r.vals, 0) ?? E.NOTCONN);
  }

  /** Closes every socket of this run in the service and every reserved fd in node:wasi. */
  dispose(): void {
    try {
      // answered once every handle is closed: the ports are free when the run's result is out
      this.chan.call({ op: 'closeRun', run: this.run, waitMs: 0 }, performance.now() + 1_000);
    } catch {
      // a stuck service: its thread dies with the pool worker
    }
    try {
      this.table.closeAll();
    } catch {
      // node:wasi never started: nothing was opened beyond the hidden preopen
    }
  }
}

function concat(chunks: Uint8Array[], n: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) out.set(c, at), (at += c.length);
  return out;
}

