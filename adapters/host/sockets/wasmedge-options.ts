/**
 * WasmEdge's generic sock_getsockopt / sock_setsockopt (sheet sockets.md 3.2/3.3): level
 * SOL_SOCKET (0) only, the extension's SO_* numbering 0..14, and values as POSIX lays
 * them out (int flags and counts, struct linger {i32 onoff, i32 secs}, struct timeval
 * {i64 s, i64 us}, SO_BINDTODEVICE a name). The option state is the one the WAMR dialect
 * keeps (fd-table.ts SockOpts), applied to the real socket where Node can (docs/sockets.md
 * "Kept, not applied" lists where it cannot); SO_TYPE answers the extension's own socket
 * type numbers, the ones sock_open takes, and SO_ERROR a WASI errno.
 */
import { readFileSync } from 'node:fs';
import { E } from './errno.ts';
import type { Sock } from './fd-table.ts';
import type { SocketHost } from './host.ts';
import { SOCK } from './wasmedge-addr.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
type Def = (name: string, f: ImportFn) => void;

const SOL_SOCKET = 0;
const SO = { REUSEADDR: 0, TYPE: 1, ERROR: 2, DONTROUTE: 3, BROADCAST: 4, SNDBUF: 5, RCVBUF: 6, KEEPALIVE: 7, OOBINLINE: 8, LINGER: 9, RCVLOWAT: 10, RCVTIMEO: 11, SNDTIMEO: 12, ACCEPTCONN: 13, BINDTODEVICE: 14 } as const;
const LAST_SO = SO.BINDTODEVICE;
const NOPROTOOPT = 50;
const DOM = 18; // Linux's answer to a timeval whose microseconds are not 0..999999
const US = 1_000_000n;

/** Options SockOpts has no field for, kept per socket and never applied (nothing in Node can). */
interface Kept {
  dontRoute: boolean;
  oobInline: boolean;
  rcvLowat: number;
  device: Uint8Array;
}

/** Linux's default buffer size of a socket (the middle of tcp_rmem/tcp_wmem, or rmem/wmem_default). */
function kernelDefault(s: Sock, recv: boolean): number {
  const file = s.type === 'stream' ? `/proc/sys/net/ipv4/${recv ? 'tcp_rmem' : 'tcp_wmem'}` : `/proc/sys/net/core/${recv ? 'rmem_default' : 'wmem_default'}`;
  try {
    const f = readFileSync(file, 'utf8').trim().split(/\s+/);
    return Number(f[s.type === 'stream' ? 1 : 0]);
  } catch {
    return recv ? 131_072 : 16_384;
  }
}

function int32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}

export function installOptions(host: SocketHost, def: Def): void {
  const { mem } = host;
  const kept = new WeakMap<Sock, Kept>();
  const keptOf = (s: Sock): Kept => {
    let k = kept.get(s);
    if (!k) kept.set(s, (k = { dontRoute: false, oobInline: false, rcvLowat: 1, device: new Uint8Array(0) }));
    return k;
  };
  /** Whether the service holds a real socket of this kind to apply an option to. */
  const live = (s: Sock) => (s.type === 'dgram' ? s.state !== 'fresh' : s.state === 'connected' || s.state === 'connecting');

  /** SO_ERROR: the pending error of a connect that was started without waiting, once. */
  const pendingError = (s: Sock): number => {
    if (s.state !== 'connecting') return 0;
    const st = host.call({ op: 'connectState', id: s.id }).errno;
    if (st === E.INPROGRESS) return 0;
    s.state = st ? 'fresh' : 'connected';
    return st;
  };

  const bufSize = (s: Sock, recv: boolean): number => {
    const key = recv ? 'recvBuf' : 'sendBuf';
    if (s.type === 'dgram' && live(s)) return host.call({ op: 'opt', id: s.id, name: key, get: true }).vals[0]!;
    return (s.opts[key] ?? kernelDefault(s, recv)) >>> 0;
  };

  const timeval = (us: bigint): Uint8Array => {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    v.setBigInt64(0, us / US, true);
    v.setBigInt64(8, us % US, true);
    return b;
  };

  /** Each option's value as the bytes the guest gets. */
  const current: Record<number, (s: Sock) => Uint8Array> = {
    [SO.REUSEADDR]: (s) => int32(Number(s.opts.reuseAddr)),
    [SO.TYPE]: (s) => int32(s.type === 'stream' ? SOCK.STREAM : SOCK.DGRAM),
    [SO.ERROR]: (s) => int32(pendingError(s)),
    [SO.DONTROUTE]: (s) => int32(Number(keptOf(s).dontRoute)),
    [SO.BROADCAST]: (s) => int32(Number(s.opts.broadcast)),
    [SO.SNDBUF]: (s) => int32(bufSize(s, false)),
    [SO.RCVBUF]: (s) => int32(bufSize(s, true)),
    [SO.KEEPALIVE]: (s) => int32(Number(s.opts.keepAlive)),
    [SO.OOBINLINE]: (s) => int32(Number(keptOf(s).oobInline)),
    [SO.LINGER]: (s) => Uint8Array.from([...int32(Number(s.opts.lingerOn)), ...int32(s.opts.lingerS)]),
    [SO.RCVLOWAT]: (s) => int32(keptOf(s).rcvLowat),
    [SO.RCVTIMEO]: (s) => timeval(s.opts.recvTimeoutUs),
    [SO.SNDTIMEO]: (s) => timeval(s.opts.sendTimeoutUs),
    [SO.ACCEPTCONN]: (s) => int32(Number(s.state === 'listening')),
    [SO.BINDTODEVICE]: (s) => keptOf(s).device.slice(),
  };

  def('sock_getsockopt', (fd, level, name, valuePtr, sizePtr) => {
    const v = mem.check(sizePtr as number, 4);
    const room = v.getUint32(sizePtr as number, true);
    mem.check(valuePtr as number, room);
    if (level !== SOL_SOCKET) return E.INVAL; // SOL_SOCKET is the extension's only level
    if ((name as number) < 0 || (name as number) > LAST_SO) return E.INVAL;
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    const bytes = current[name as number]!(s);
    if (bytes.length > room) return E.INVAL; // never write past the room the guest declared
    mem.bytes(valuePtr as number, bytes.length).set(bytes);
    mem.view().setUint32(sizePtr as number, bytes.length, true);
    return 0;
  });

  /** Applies an option the service can set on the live socket (dgram options, and TCP keep-alive). */
  const apply = (s: Sock, name: string, value: number): number => {
    if (!live(s)) return 0;
    if (s.type === 'stream' && name !== 'keepAlive') return 0;
    return host.call({ op: 'opt', id: s.id, name, value, keepIdleS: s.opts.keepIdleS }).errno;
  };

  def('sock_setsockopt', (fd, level, name, valuePtr, size) => {
    const v = mem.check(valuePtr as number, size as number);
    const at = valuePtr as number;
    if (level !== SOL_SOCKET) return E.INVAL;
    if ((name as number) < 0 || (name as number) > LAST_SO) return E.INVAL;
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    const need = name === SO.LINGER ? 8 : name === SO.RCVTIMEO || name === SO.SNDTIMEO ? 16 : name === SO.BINDTODEVICE ? 0 : 4;
    if ((size as number) < need) return E.INVAL;
    const n = need >= 4 ? v.getInt32(at, true) : 0;
    const o = s.opts;
    switch (name) {
      case SO.TYPE:
      case SO.ERROR:
      case SO.ACCEPTCONN:
        return NOPROTOOPT; // read-only, as on Linux
      case SO.REUSEADDR:
        o.reuseAddr = n !== 0; // a datagram socket gets it at bind; Node's TCP has no such switch
        return 0;
      case SO.DONTROUTE:
        keptOf(s).dontRoute = n !== 0;
        return 0;
      case SO.OOBINLINE:
        keptOf(s).oobInline = n !== 0;
        return 0;
      case SO.RCVLOWAT:
        keptOf(s).rcvLowat = n < 0 ? 0x7fffffff : n || 1; // Linux: 0 means 1, negative means INT_MAX
        return 0;
      case SO.BROADCAST:
        o.broadcast = n !== 0;
        return apply(s, 'broadcast', Number(o.broadcast));
      case SO.KEEPALIVE:
        o.keepAlive = n !== 0;
        return apply(s, 'keepAlive', Number(o.keepAlive));
      case SO.SNDBUF:
      case SO.RCVBUF: {
        const recv = name === SO.RCVBUF;
        o[recv ? 'recvBuf' : 'sendBuf'] = n >>> 0;
        return apply(s, recv ? 'recvBuf' : 'sendBuf', n >>> 0);
      }
      case SO.LINGER: {
        const secs = v.getInt32(at + 4, true);
        if (secs < 0) return E.INVAL;
        o.lingerOn = n !== 0;
        o.lingerS = secs;
        return 0;
      }
      case SO.RCVTIMEO:
      case SO.SNDTIMEO: {
        const sec = v.getBigInt64(at, true);
        const usec = v.getBigInt64(at + 8, true);
        if (usec < 0n || usec >= US) return DOM;
        o[name === SO.RCVTIMEO ? 'recvTimeoutUs' : 'sendTimeoutUs'] = sec < 0n ? 0n : sec * US + usec; // Linux: a negative time means none
        return 0;
      }
      default: {
        // SO_BINDTODEVICE: a name up to its first NUL; kept, never applied (the host stays on loopback)
        const raw = mem.bytes(at, size as number);
        const end = raw.indexOf(0);
        const name_ = raw.slice(0, end < 0 ? raw.length : end);
        keptOf(s).device = name_.length ? Uint8Array.from([...name_, 0]) : new Uint8Array(0);
        return 0;
      }
    }
  });
}
