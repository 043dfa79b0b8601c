/**
 * Socket descriptors in the guest's own fd numbering.
 *
 * node:wasi (uvwasi) owns fds 0..2, the preopens and whatever path_open returns, and it
 * always hands out the lowest number it has free. Rather than translating numbers in
 * every call (and in poll_oneoff's subscription array), the socket layer *reserves* its
 * numbers inside uvwasi: each socket fd is, to uvwasi, an open directory descriptor of a
 * hidden, empty folder in the run's private work folder. uvwasi therefore never hands
 * the number out again, and a guest fd number means the same thing to node:wasi and to
 * the guest, always. The first reserved number is that folder itself, passed to node:wasi
 * as one more preopen after the spec's own (so it is fd 3 + number of preopens, where the
 * pre-opened listener must appear); more are opened with path_open(".") from any reserved
 * one. Every P1 call that takes an fd is wrapped (standard.ts) so that a reserved number
 * never reaches node:wasi: the guest can never see or use the folder.
 *
 * A reserved number without a socket is a "spare": the guest sees it as not open (badf).
 * The last reserved number is kept as a spare when its socket closes, because the next
 * one must be opened from it.
 */
import type { GuestMemory } from './guest-memory.ts';

type ImportFn = (...args: (number | bigint)[]) => number;

export const RIGHT = {
  FD_READ: 1n << 1n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_WRITE: 1n << 6n,
  PATH_OPEN: 1n << 13n,
  FD_FILESTAT_GET: 1n << 21n,
  POLL_FD_READWRITE: 1n << 27n,
  SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n,
} as const;
/** A connection's rights, and what a listener passes to the connections it accepts. */
export const CONN_RIGHTS = RIGHT.FD_READ | RIGHT.FD_WRITE | RIGHT.FD_FDSTAT_SET_FLAGS | RIGHT.FD_FILESTAT_GET | RIGHT.POLL_FD_READWRITE | RIGHT.SOCK_SHUTDOWN;
export const LISTENER_RIGHTS = CONN_RIGHTS | RIGHT.SOCK_ACCEPT;

export interface SockOpts {
  recvBuf?: number;
  sendBuf?: number;
  reuseAddr: boolean;
  reusePort: boolean;
  recvTimeoutUs: bigint;
  sendTimeoutUs: bigint;
  keepAlive: boolean;
  lingerOn: boolean;
  lingerS: number;
  keepIdleS: number;
  keepIntvlS: number;
  fastOpen: boolean;
  noDelay: boolean;
  quickAck: boolean;
  broadcast: boolean;
  ttl: number;
  mcastTtl: number;
  mcastLoop4: boolean;
  mcastLoop6: boolean;
  ipv6Only: boolean;
}

/** Linux's defaults, what a fresh socket reports before the guest sets anything. */
export function defaultOpts(): SockOpts {
  return {
    reuseAddr: false,
    reusePort: false,
    recvTimeoutUs: 0n,
    sendTimeoutUs: 0n,
    keepAlive: false,
    lingerOn: false,
    lingerS: 0,
    keepIdleS: 7200,
    keepIntvlS: 75,
    fastOpen: false,
    noDelay: false,
    quickAck: true,
    broadcast: false,
    ttl: 64,
    mcastTtl: 1,
    mcastLoop4: true,
    mcastLoop6: true,
    ipv6Only: false,
  };
}

export type SockState = 'fresh' | 'bound' | 'listening' | 'connecting' | 'connected';

export interface Sock {
  /** The service's name for it (unique per thread). */
  id: number;
  family: 4 | 6;
  type: 'stream' | 'dgram';
  state: SockState;
  nonblock: boolean;
  base: bigint;
  inheriting: bigint;
  opts: SockOpts;
  /** realtime ns at creation, the times fd_filestat_get reports */
  created: bigint;
}

const O_DIRECTORY = 2;

export class FdTable {
  private readonly slots = new Map<number, Sock | 'spare'>();

  constructor(
    private readonly real: Record<string, ImportFn>,
    private readonly mem: GuestMemory,
    hiddenPreopenFd: number,
  ) {
    this.slots.set(hiddenPreopenFd, 'spare');
  }

  /** The socket at `fd`, 'spare' for a reserved number with none, undefined for node:wasi's fds. */
  get(fd: number): Sock | 'spare' | undefined {
    return this.slots.get(fd);
  }

  sockets(): Sock[] {
    return [...this.slots.values()].filter((s): s is Sock => s !== 'spare');
  }

  /** Gives a socket a guest fd number: a spare one, or a newly reserved one. Returns an errno on failure. */
  add(sock: Sock): { fd: number } | { errno: number } {
    for (const [fd, s] of this.slots) {
      if (s === 'spare') {
        this.slots.set(fd, sock);
        return { fd };
      }
    }
    const from = this.slots.keys().next().value!;
    const r = this.mem.borrow(16, (at, view) => {
      view.setUint8(at, 0x2e); // "."
      const errno = this.real.path_open!(from, 0, at, 1, O_DIRECTORY, RIGHT.PATH_OPEN, RIGHT.PATH_OPEN, 0, at + 8);
      return { errno, fd: view.getUint32(at + 8, true) };
    });
    if (r.errno) return { errno: r.errno };
    this.slots.set(r.fd, sock);
    return { fd: r.fd };
  }

  /** Frees a socket's number (node:wasi may hand it out again), keeping the last reserved one. */
  release(fd: number): void {
    if (this.slots.size === 1) {
      this.slots.set(fd, 'spare');
      return;
    }
    this.slots.delete(fd);
    this.real.fd_close!(fd);
  }

  /**
   * fd_renumber involving a reserved number. node:wasi moves the descriptor (our folder
   * placeholder or its own fd) exactly as it would; the table follows.
   */
  renumber(from: number, to: number): number {
    const src = this.slots.get(from);
    const dst = this.slots.get(to);
    if (src === 'spare' || dst === 'spare') return 8; // badf: not open, as far as the guest knows
    if (src !== undefined && dst !== undefined) {
      // socket over socket: keep `to`'s placeholder, free `from`'s
      this.slots.set(to, src);
      this.slots.delete(from);
      this.real.fd_close!(from);
      return 0;
    }
    if (dst !== undefined && this.slots.size === 1) {
      // node:wasi's fd replaces our last placeholder: reserve another number first
      const spare = this.add({ id: -1 } as Sock);
      if ('errno' in spare) return spare.errno;
      this.slots.set(spare.fd, 'spare');
    }
    const errno = this.real.fd_renumber!(from, to);
    if (errno) return errno;
    this.slots.delete(to);
    if (src !== undefined) {
      this.slots.delete(from);
      this.slots.set(to, src);
    }
    return 0;
  }

  /** Whether node:wasi has `fd` open (to tell notsock from badf). */
  openElsewhere(fd: number): boolean {
    return this.mem.borrow(24, (at) => this.real.fd_fdstat_get!(fd, at) === 0);
  }

  /** Closes every reserved number in node:wasi, which never closes what it opened. */
  closeAll(): void {
    for (const fd of this.slots.keys()) this.real.fd_close!(fd);
    this.slots.clear();
  }
}
