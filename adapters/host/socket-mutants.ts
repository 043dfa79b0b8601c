/**
 * Deliberately broken socket hosts, for the self-test (see mutants.ts): each one is a bug a
 * real runtime's socket layer could ship, and the socket suites must catch every one.
 */
import { around, type Mutant, type P1 } from './mutant-kit.ts';

const SUCCESS = 0;
const KIND_IPV4 = 0;
const RECV_DATA_TRUNCATED = 1;

/** Where the port sits in WAMR's `__wasi_addr_t` (addr.ts): after 4 or 16 address bytes. */
function portOffset(view: DataView, addr: number): number {
  return addr + (view.getUint32(addr, true) === KIND_IPV4 ? 8 : 20);
}

/** Calls `real` with the port of the address at `addr` byte-swapped, then restores it. */
function withSwappedPort(mem: () => DataView, addr: number, real: () => number): number {
  const at = portOffset(mem(), addr);
  const port = mem().getUint16(at, true);
  mem().setUint16(at, ((port & 0xff) << 8) | (port >> 8), true);
  try {
    return real();
  } finally {
    mem().setUint16(at, port, true);
  }
}

function swapPortsIn(p1: P1, mem: () => DataView): void {
  around(p1, 'sock_bind', (real) => (fd, addr) => withSwappedPort(mem, addr!, () => real(fd!, addr!)));
  around(p1, 'sock_connect', (real) => (fd, addr) => withSwappedPort(mem, addr!, () => real(fd!, addr!)));
  around(p1, 'sock_send_to', (real) => (fd, iovs, n, flags, dest, nsent) =>
    withSwappedPort(mem, dest!, () => real(fd!, iovs!, n!, flags!, dest!, nsent!)));
}

export const SOCKET_MUTANTS: Record<string, Mutant> = {
  'sock-port-wrong-byte-order': {
    breaks: "sock_bind, sock_connect and sock_send_to read the port of WAMR's address in network byte order",
    suite: 'sockets',
    wrap: (p1, mem) => {
      if (p1.sock_open) swapPortsIn(p1, mem);
    },
  },
  'sock_recv-never-truncated': {
    breaks: 'sock_recv never sets RECV_DATA_TRUNCATED in ro_flags, even when a datagram did not fit',
    suite: 'sockets',
    wrap: (p1, mem) => around(p1, 'sock_recv', (real) => (fd, iovs, n, riflags, nread, roflags) => {
      const e = real(fd!, iovs!, n!, riflags!, nread!, roflags!);
      if (e === SUCCESS) mem().setUint16(roflags!, mem().getUint16(roflags!, true) & ~RECV_DATA_TRUNCATED, true);
      return e;
    }),
  },
  'sock-addr-pool-ignored': {
    breaks: 'the host ignores its address pool and name allow-list: every address and name is permitted',
    suite: 'sockets',
    adjustRun: (run) => ({ ...run, socketPolicy: { addrPool: ['0.0.0.0/0', '::/0'], allowResolve: ['*'] } }),
  },
  'sock_shutdown-ignores-how': {
    breaks: 'sock_shutdown shuts both directions whatever `how` asks for',
    suite: 'sockets',
    wrap: (p1) => around(p1, 'sock_shutdown', (real) => (fd, how) => real(fd!, how === 1 || how === 2 ? 3 : how!)),
  },
  'sock-close-leaks-handle': {
    breaks: 'fd_close on a socket reports success but leaves the socket (and its connection) open',
    suite: 'sockets',
    wrap: (p1, _mem, ctx) => around(p1, 'fd_close', (real) => (fd) => (ctx.isSocket(fd!) ? SUCCESS : real(fd!))),
  },
};
