/**
 * The socket options of wasi:sockets/tcp and udp (docs/sockets-backport.md §4). The WIT
 * lets an implementation round or clamp a value and report what it kept, so each option
 * is kept with its socket and reported from there; what Node can apply to a live socket
 * (TCP keep-alive, UDP hop limit and buffer sizes) is applied as well. Zero is invalid for
 * every numeric setter, as the WIT says.
 */
import { type Backport, type Functions } from './backport-context.ts';
import { EC } from './backport-errors.ts';
import type { TcpSocket } from './backport-resources.ts';
import { OK, scalarResult, u64Result, unitResult } from './backport-results.ts';

const NS_PER_S = 1_000_000_000n;

/** Node wants keep-alive's idle time in whole seconds (at least one). */
function idleSeconds(s: TcpSocket): number {
  const secs = s.opts.keepIdleNs / NS_PER_S;
  return Number(secs < 1n ? 1n : secs);
}

/** The options the service applies to a connection as it is made (accept, connect). */
export function connOpts(s: TcpSocket): { keepAlive: boolean; keepIdleS: number } {
  return { keepAlive: s.opts.keepAlive, keepIdleS: idleSeconds(s) };
}

export function tcpOptions(bp: Backport): Functions {
  const { abi, table, host } = bp;
  const sock = (h: number | bigint) => table.get(h as number, 'tcp-socket');
  const unit = (ret: number | bigint, code: number) => unitResult(abi, ret as number, code);
  const u64 = (v: number | bigint) => BigInt.asUintN(64, BigInt(v));
  const applyKeepAlive = (s: TcpSocket) => {
    if (s.state === 'connected') host.call({ op: 'opt', id: s.id, name: 'keepAlive', value: s.opts.keepAlive ? 1 : 0, keepIdleS: idleSeconds(s) });
  };
  /** A setter of a u64 / duration option: 0 is invalid-argument. */
  const setU64 = (set: (s: TcpSocket, v: bigint) => void) => (self: number | bigint, value: number | bigint, ret: number | bigint) => {
    const s = sock(self);
    abi.area((ret as number) >>> 0, 2, 1);
    const v = u64(value);
    if (v === 0n) return unit(ret, EC.INVALID_ARGUMENT);
    set(s, v);
    unit(ret, OK);
  };
  const getU64 = (get: (s: TcpSocket) => bigint) => (self: number | bigint, ret: number | bigint) => u64Result(abi, ret as number, get(sock(self)));

  return {
    '[method]tcp-socket.keep-alive-enabled': (self, ret) => scalarResult(abi, ret as number, 2, sock(self).opts.keepAlive ? 1 : 0),
    '[method]tcp-socket.set-keep-alive-enabled': (self, value, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      s.opts.keepAlive = value !== 0; // lifting a bool: any non-zero i32 is true
      applyKeepAlive(s);
      unit(ret, OK);
    },
    '[method]tcp-socket.keep-alive-idle-time': getU64((s) => s.opts.keepIdleNs),
    '[method]tcp-socket.set-keep-alive-idle-time': setU64((s, v) => {
      s.opts.keepIdleNs = v < NS_PER_S ? NS_PER_S : (v / NS_PER_S) * NS_PER_S; // the kernel counts seconds
      applyKeepAlive(s);
    }),
    '[method]tcp-socket.keep-alive-interval': getU64((s) => s.opts.keepIntervalNs),
    '[method]tcp-socket.set-keep-alive-interval': setU64((s, v) => void (s.opts.keepIntervalNs = v < NS_PER_S ? NS_PER_S : (v / NS_PER_S) * NS_PER_S)),
    '[method]tcp-socket.keep-alive-count': (self, ret) => scalarResult(abi, ret as number, 8, sock(self).opts.keepCount),
    '[method]tcp-socket.set-keep-alive-count': (self, value, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      if ((value as number) >>> 0 === 0) return unit(ret, EC.INVALID_ARGUMENT);
      s.opts.keepCount = Math.min((value as number) >>> 0, 127); // Linux's TCP_KEEPCNT maximum
      unit(ret, OK);
    },
    '[method]tcp-socket.hop-limit': (self, ret) => scalarResult(abi, ret as number, 2, sock(self).opts.hopLimit),
    '[method]tcp-socket.set-hop-limit': (self, value, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      const v = (value as number) & 0xff;
      if (v === 0) return unit(ret, EC.INVALID_ARGUMENT);
      s.opts.hopLimit = v;
      unit(ret, OK);
    },
    '[method]tcp-socket.receive-buffer-size': getU64((s) => s.opts.recvBuf),
    '[method]tcp-socket.set-receive-buffer-size': setU64((s, v) => void (s.opts.recvBuf = v)),
    '[method]tcp-socket.send-buffer-size': getU64((s) => s.opts.sendBuf),
    '[method]tcp-socket.set-send-buffer-size': setU64((s, v) => void (s.opts.sendBuf = v)),
  };
}

export function udpOptions(bp: Backport): Functions {
  const { abi, table, host } = bp;
  const sock = (h: number | bigint) => table.get(h as number, 'udp-socket');
  const unit = (ret: number | bigint, code: number) => unitResult(abi, ret as number, code);
  /** Sets (or, without value, reads) a dgram option of a bound socket: the kernel's value, or null. */
  const live = (id: number, bound: boolean, name: string, value?: number): number | null => {
    if (!bound) return null;
    const r = host.call({ op: 'opt', id, name, value: value ?? 0, get: value === undefined });
    return r.errno ? null : r.vals[0]!;
  };
  const buffer = (key: 'recvBuf' | 'sendBuf') => ({
    get: (self: number | bigint, ret: number | bigint) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 16, 8);
      const real = live(s.id, s.state === 'bound', key);
      u64Result(abi, ret as number, real ? BigInt(real) : s.opts[key]);
    },
    set: (self: number | bigint, value: number | bigint, ret: number | bigint) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      const v = BigInt.asUintN(64, value as bigint);
      if (v === 0n) return unit(ret, EC.INVALID_ARGUMENT);
      s.opts[key] = v;
      live(s.id, s.state === 'bound', key, Number(v > 0x7fffffffn ? 0x7fffffffn : v));
      unit(ret, OK);
    },
  });
  const recv = buffer('recvBuf');
  const send = buffer('sendBuf');

  return {
    '[method]udp-socket.unicast-hop-limit': (self, ret) => scalarResult(abi, ret as number, 2, sock(self).opts.hopLimit),
    '[method]udp-socket.set-unicast-hop-limit': (self, value, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      const v = (value as number) & 0xff;
      if (v === 0) return unit(ret, EC.INVALID_ARGUMENT);
      s.opts.hopLimit = v;
      live(s.id, s.state === 'bound', 'ttl', v);
      unit(ret, OK);
    },
    '[method]udp-socket.receive-buffer-size': recv.get,
    '[method]udp-socket.set-receive-buffer-size': recv.set,
    '[method]udp-socket.send-buffer-size': send.get,
    '[method]udp-socket.set-send-buffer-size': send.set,
  };
}
