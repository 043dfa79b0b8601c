/**
 * WAMR's sock_set_* / sock_get_* options. Where Node can set an option on the real socket it
 * does (TCP_NODELAY and SO_KEEPALIVE/TCP_KEEPIDLE on a connection; buffer sizes, broadcast,
 * TTLs, multicast loop and membership on a datagram socket), and buffer sizes of a bound
 * datagram socket are read back from the kernel. Where Node cannot (everything on a
 * listening or unconnected TCP socket until it connects, SO_REUSEADDR/SO_REUSEPORT,
 * SO_LINGER except 0 s, TCP_KEEPINTVL, TCP_FASTOPEN_CONNECT, TCP_QUICKACK, IPV6_V6ONLY
 * after bind, buffer sizes of TCP sockets) the host keeps the value the guest set and
 * returns it. SO_RCVTIMEO / SO_SNDTIMEO are honoured by the host itself: a blocking call
 * waits at most that long, then answers again. docs/sockets.md lists all of this.
 */
import { readFileSync } from 'node:fs';
import { readWasiAddr } from './addr.ts';
import { E } from './errno.ts';
import type { Sock, SockOpts } from './fd-table.ts';
import type { SocketHost } from './host.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const NOPROTOOPT = 50;

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

type Kind = 'bool' | 'u32' | 'u8';
interface Opt {
  key: keyof SockOpts;
  kind: Kind;
  /** stream-only (TCP_*) or datagram-only (IP multicast) */
  only?: 'stream' | 'dgram';
  /** the real option the service sets, when the socket exists there */
  real?: string;
}

const OPTS: Record<string, Opt> = {
  recv_buf_size: { key: 'recvBuf', kind: 'u32', real: 'recvBuf' },
  send_buf_size: { key: 'sendBuf', kind: 'u32', real: 'sendBuf' },
  reuse_addr: { key: 'reuseAddr', kind: 'bool' },
  reuse_port: { key: 'reusePort', kind: 'bool' },
  keep_alive: { key: 'keepAlive', kind: 'bool', real: 'keepAlive' },
  tcp_keep_idle: { key: 'keepIdleS', kind: 'u32', only: 'stream', real: 'keepAlive' },
  tcp_keep_intvl: { key: 'keepIntvlS', kind: 'u32', only: 'stream' },
  tcp_fastopen_connect: { key: 'fastOpen', kind: 'bool', only: 'stream' },
  tcp_no_delay: { key: 'noDelay', kind: 'bool', only: 'stream', real: 'noDelay' },
  tcp_quick_ack: { key: 'quickAck', kind: 'bool', only: 'stream' },
  broadcast: { key: 'broadcast', kind: 'bool', real: 'broadcast' },
  ip_ttl: { key: 'ttl', kind: 'u8', real: 'ttl' },
  ip_multicast_ttl: { key: 'mcastTtl', kind: 'u8', only: 'dgram', real: 'mcastTtl' },
  ipv6_only: { key: 'ipv6Only', kind: 'bool' },
};

export function installOptions(p1: Record<string, ImportFn>, host: SocketHost, def: (name: string, f: ImportFn) => void): void {
  const { mem } = host;
  const sock = (fd: number | bigint): Sock | number => host.lookup(fd as number);
  /** Whether the service holds a real socket of this kind to apply an option to. */
  const live = (s: Sock) => (s.type === 'dgram' ? s.state !== 'fresh' : s.state === 'connected' || s.state === 'connecting');
  const applies = (s: Sock, o: Opt) => (o.only && o.only !== s.type ? (o.only === 'stream' ? NOPROTOOPT : E.INVAL) : 0);

  for (const [name, o] of Object.entries(OPTS)) {
    def(`sock_set_${name}`, (fd, value) => {
      const s = sock(fd);
      if (typeof s === 'number') return s;
      const bad = applies(s, o);
      if (bad) return bad;
      if (o.key === 'ipv6Only' && s.family === 4) return NOPROTOOPT;
      let v = Number(value);
      if (o.kind === 'bool') v = v ? 1 : 0;
      if (o.kind === 'u8' && (v < 1 || v > 255)) return E.INVAL;
      if (o.kind === 'u32') v = v >>> 0;
      (s.opts as unknown as Record<string, number | boolean>)[o.key] = o.kind === 'bool' ? v === 1 : v;
      if (o.real && live(s) && (s.type === 'dgram' || o.real === 'noDelay' || o.real === 'keepAlive')) {
        const r = host.call({ op: 'opt', id: s.id, name: o.real, value: o.real === 'keepAlive' ? Number(s.opts.keepAlive) : v, keepIdleS: s.opts.keepIdleS });
        if (r.errno) return r.errno;
      }
      return 0;
    });
    def(`sock_get_${name}`, (fd, out) => {
      mem.check(out as number, o.kind === 'u32' ? 4 : 1);
      const s = sock(fd);
      if (typeof s === 'number') return s;
      const bad = applies(s, o);
      if (bad) return bad;
      if (o.key === 'ipv6Only' && s.family === 4) return NOPROTOOPT;
      let v = Number((s.opts as unknown as Record<string, number | boolean | undefined>)[o.key] ?? 0);
      if (o.key === 'recvBuf' || o.key === 'sendBuf') {
        if (s.type === 'dgram' && live(s)) v = host.call({ op: 'opt', id: s.id, name: o.real, get: true }).vals[0]!;
        else v = (s.opts[o.key] ?? kernelDefault(s, o.key === 'recvBuf')) >>> 0;
      }
      const view = mem.view();
      if (o.kind === 'u32') view.setUint32(out as number, v >>> 0, true);
      else view.setUint8(out as number, v);
      return 0;
    });
  }

  for (const [name, key] of [['recv_timeout', 'recvTimeoutUs'], ['send_timeout', 'sendTimeoutUs']] as const) {
    def(`sock_set_${name}`, (fd, us) => {
      const s = sock(fd);
      if (typeof s === 'number') return s;
      s.opts[key] = BigInt.asUintN(64, BigInt(us));
      return 0;
    });
    def(`sock_get_${name}`, (fd, out) => {
      mem.check(out as number, 8);
      const s = sock(fd);
      if (typeof s === 'number') return s;
      mem.view().setBigUint64(out as number, s.opts[key], true);
      return 0;
    });
  }

  def('sock_set_linger', (fd, on, secs) => {
    const s = sock(fd);
    if (typeof s === 'number') return s;
    if ((secs as number) < 0) return E.INVAL;
    s.opts.lingerOn = on !== 0;
    s.opts.lingerS = secs as number;
    return 0;
  });
  def('sock_get_linger', (fd, onPtr, secsPtr) => {
    mem.check(onPtr as number, 1);
    mem.check(secsPtr as number, 4);
    const s = sock(fd);
    if (typeof s === 'number') return s;
    const v = mem.view();
    v.setUint8(onPtr as number, s.opts.lingerOn ? 1 : 0);
    v.setInt32(secsPtr as number, s.opts.lingerS, true);
    return 0;
  });

  def('sock_set_ip_multicast_loop', (fd, ipv6, on) => {
    const s = sock(fd);
    if (typeof s === 'number') return s;
    if (s.type === 'stream') return E.INVAL;
    if (ipv6 && s.family === 4) return NOPROTOOPT;
    s.opts[ipv6 ? 'mcastLoop6' : 'mcastLoop4'] = on !== 0;
    if (live(s)) return host.call({ op: 'opt', id: s.id, name: 'mcastLoop', value: on ? 1 : 0 }).errno;
    return 0;
  });
  def('sock_get_ip_multicast_loop', (fd, ipv6, out) => {
    mem.check(out as number, 1);
    const s = sock(fd);
    if (typeof s === 'number') return s;
    if (s.type === 'stream') return E.INVAL;
    if (ipv6 && s.family === 4) return NOPROTOOPT;
    mem.view().setUint8(out as number, s.opts[ipv6 ? 'mcastLoop6' : 'mcastLoop4'] ? 1 : 0);
    return 0;
  });

  for (const [name, add] of [['sock_set_ip_add_membership', true], ['sock_set_ip_drop_membership', false]] as const) {
    def(name, (fd, addrIp, _iface) => {
      // __wasi_addr_ip_t (20 bytes) has the layout of the first 20 bytes of __wasi_addr_t
      const v = mem.check(addrIp as number, 20);
      const view = new DataView(new Uint8Array(24).buffer);
      new Uint8Array(view.buffer).set(new Uint8Array(v.buffer, addrIp as number, 20));
      const group = readWasiAddr(view, 0);
      if (!group) return E.INVAL;
      const s = sock(fd);
      if (typeof s === 'number') return s;
      if (s.type === 'stream') return E.INVAL;
      if (s.state === 'fresh') {
        const err = host.bindUdp(s, { family: s.family, address: s.family === 4 ? '127.0.0.1' : '::1', port: 0 });
        if (err) return err;
      }
      return host.call({ op: 'membership', id: s.id, group: group.address, add }).errno;
    });
  }
}
