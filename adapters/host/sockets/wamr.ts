/**
 * WAMR's lib-socket extension (imports in wasi_snapshot_preview1), behaving as the facts
 * sheet says a correct host would (docs/sockets.md, "In-process host: what is real"):
 * its 24-byte addresses, its address pool and resolve policy, `sock_close` → nosys; but
 * none of iwasm's bugs. A bad pointer in these calls traps, as iwasm's checked native
 * signatures do.
 */
import { ADDR_SIZE, readWasiAddr, writeWasiAddr, type SockAddr } from './addr.ts';
import { E } from './errno.ts';
import { CONN_RIGHTS, LISTENER_RIGHTS, type Sock } from './fd-table.ts';
import { BadPointer } from './guest-memory.ts';
import type { SocketHost } from './host.ts';
import type { SocketPolicy } from './policy.ts';
import { installOptions } from './wamr-options.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const STREAM = 1;
const DGRAM = 0;
const ANY = -1;

/** iwasm's checked signatures: a bad pointer is "out of bounds memory access", a trap. */
export function trapping(f: ImportFn): ImportFn {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (e instanceof BadPointer) throw new WebAssembly.RuntimeError(`out of bounds memory access (${e.message})`);
      throw e;
    }
  };
}

export function installWamr(p1: Record<string, ImportFn>, host: SocketHost, policy: SocketPolicy): void {
  const { mem, table } = host;
  const def = (name: string, f: ImportFn) => (p1[name] = trapping(f));
  /** The address at `ptr`, checked against the pool before the fd is looked at (iwasm's order). */
  const target = (ptr: number): SockAddr | number => {
    const a = readWasiAddr(mem.check(ptr, ADDR_SIZE), ptr);
    if (!a) return E.PROTONOSUPPORT;
    return policy.allowsAddress(a) ? a : E.ACCES;
  };

  def('sock_open', (_poolfd, af, socktype, newfd) => {
    mem.check(newfd as number, 4);
    if (af !== 0 && af !== 1) return E.AFNOSUPPORT;
    if (socktype !== DGRAM && socktype !== STREAM) return E.INVAL;
    const s = host.newSock(af === 1 ? 6 : 4, socktype === STREAM ? 'stream' : 'dgram', 'fresh', LISTENER_RIGHTS, CONN_RIGHTS);
    const added = table.add(s);
    if ('errno' in added) return added.errno;
    mem.view().setUint32(newfd as number, added.fd, true);
    return 0;
  });

  def('sock_bind', (fd, addr) => {
    const a = target(addr as number);
    if (typeof a === 'number') return a;
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (a.family !== s.family) return E.AFNOSUPPORT;
    if (s.state !== 'fresh') return E.INVAL;
    if (s.type === 'dgram') return host.bindUdp(s, a);
    // Node cannot bind a TCP socket without listening: the socket listens from here on
    const r = host.call({ op: 'listen', id: s.id, host: a.address, port: a.port, family: s.family, ipv6Only: s.opts.ipv6Only, waitMs: 10_000 });
    if (r.errno) return r.errno;
    s.state = 'bound';
    return 0;
  });

  def('sock_connect', (fd, addr) => {
    const a = target(addr as number);
    if (typeof a === 'number') return a;
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (a.family !== s.family) return E.AFNOSUPPORT;
    return host.connect(s, a);
  });

  def('sock_listen', (fd, backlog) => {
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (s.type === 'dgram') return E.NOTSUP;
    if (s.state === 'connected' || s.state === 'connecting') return E.INVAL;
    if (s.state === 'fresh') {
      // listen without bind: an ephemeral port, on loopback (the host never listens beyond it unasked)
      const host_ = s.family === 4 ? '127.0.0.1' : '::1';
      const r = host.call({ op: 'listen', id: s.id, host: host_, port: 0, family: s.family, backlog: Math.max(1, backlog as number), waitMs: 10_000 });
      if (r.errno) return r.errno;
    }
    s.state = 'listening';
    return 0;
  });

  def('sock_recv_from', (fd, iovs, n, riflags, src, nread) => {
    const spans = mem.iovs(iovs as number, n as number);
    mem.check(src as number, ADDR_SIZE);
    mem.check(nread as number, 4);
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if ((riflags as number) & ~3) return E.INVAL;
    const total = spans.reduce((t, x) => t + x.len, 0);
    const r = host.recv(s, total, ((riflags as number) & 1) !== 0, ((riflags as number) & 2) !== 0);
    if (typeof r === 'number') return r;
    mem.scatter(spans, r.data);
    const from = r.from ?? (s.type === 'stream' ? host.remoteAddr(s) : null);
    const v = mem.view();
    if (from && typeof from !== 'number') writeWasiAddr(v, src as number, from);
    v.setUint32(nread as number, r.data.length, true);
    return 0;
  });

  def('sock_send_to', (fd, iovs, n, siflags, dest, nsent) => {
    const a = target(dest as number);
    if (typeof a === 'number') return a;
    const data = mem.gather(mem.iovs(iovs as number, n as number));
    mem.check(nsent as number, 4);
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (siflags !== 0) return E.INVAL;
    const r = host.send(s, data, s.type === 'dgram' ? a : undefined); // a stream ignores the address, as Linux's sendto
    if (typeof r === 'number') return r;
    mem.view().setUint32(nsent as number, r.n, true);
    return 0;
  });

  def('sock_close', () => E.NOSYS); // as WAMR: close with fd_close

  const addrCall = (remote: boolean) => (fd: number | bigint, addr: number | bigint) => {
    mem.check(addr as number, ADDR_SIZE);
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    const a = remote ? host.remoteAddr(s) : host.localAddr(s);
    if (typeof a === 'number') return a;
    writeWasiAddr(mem.view(), addr as number, a);
    return 0;
  };
  def('sock_addr_local', addrCall(false));
  def('sock_addr_remote', addrCall(true));

  def('sock_addr_resolve', (hostPtr, servicePtr, hintsPtr, infoPtr, infoSize, maxPtr) => {
    const name = mem.cString(hostPtr as number);
    const service = mem.cString(servicePtr as number);
    const hv = mem.check(hintsPtr as number, 12);
    mem.check(infoPtr as number, (infoSize as number) * 28);
    mem.check(maxPtr as number, 4);
    if (!policy.allowsName(name)) return E.ACCES;
    if (!/^\d*$/.test(service) || Number(service) > 65535) return E.INVAL; // numeric services only
    let types = [STREAM, DGRAM];
    let family: 0 | 4 | 6 = 0;
    if (hv.getUint8((hintsPtr as number) + 8)) {
      const t = hv.getInt32(hintsPtr as number, true);
      const f = hv.getInt32((hintsPtr as number) + 4, true);
      if (t !== ANY && t !== STREAM && t !== DGRAM) return E.INVAL;
      if (f < 0 || f > 2) return E.INVAL;
      if (t !== ANY) types = [t];
      family = f === 0 ? 4 : f === 1 ? 6 : 0;
    }
    const r = host.call({ op: 'resolve', host: name, family, waitMs: 10_000 });
    if (r.errno) return r.errno;
    const found = (r.json as { address: string; family: 4 | 6 }[]).flatMap((a) => types.map((type) => ({ a, type })));
    const v = mem.view();
    found.slice(0, infoSize as number).forEach(({ a, type }, i) => {
      const p = (infoPtr as number) + i * 28;
      writeWasiAddr(v, p, { family: a.family, address: a.address, port: Number(service || 0) });
      v.setInt32(p + 24, type, true);
    });
    v.setUint32(maxPtr as number, found.length, true);
    return 0;
  });

  installOptions(p1, host, def);
}

export type { Sock };
