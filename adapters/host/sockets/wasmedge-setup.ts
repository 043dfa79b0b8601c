/**
 * How a WasmEdge-dialect socket comes to be and learns its addresses: sock_open,
 * sock_bind, sock_connect, sock_listen, sock_accept and sock_getlocaladdr /
 * sock_getpeeraddr, each in its V1 and `_v2` shape (sheet sockets.md 3.2). The socket
 * work is the same as the WAMR dialect's (Node cannot bind TCP without listening, so a
 * bound stream socket already listens; docs/sockets.md); only the argument layouts and
 * the answers to bad input are WasmEdge's.
 */
import type { SockAddr } from './addr.ts';
import { E } from './errno.ts';
import { CONN_RIGHTS, LISTENER_RIGHTS, type Sock } from './fd-table.ts';
import type { SocketHost } from './host.ts';
import { AF, afOf, fits, readAddressBuf, readTarget, SOCK, STORAGE_LEN, writeAddress, type Abi } from './wasmedge-addr.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
type Def = (name: string, f: ImportFn) => void;

const loopback = (family: 4 | 6): SockAddr => ({ family, address: family === 4 ? '127.0.0.1' : '::1', port: 0 });

export function installSetup(host: SocketHost, def: Def): void {
  const { mem, table } = host;

  const open: ImportFn = (af, socktype, fdPtr) => {
    mem.check(fdPtr as number, 4);
    // WasmEdge refuses AF_UNIX with nosys unless started with --allow-af-unix, which this host never is
    if (af === AF.UNIX) return E.NOSYS;
    if (af !== AF.INET4 && af !== AF.INET6) return E.AFNOSUPPORT;
    if (socktype !== SOCK.DGRAM && socktype !== SOCK.STREAM) return E.INVAL;
    const s = host.newSock(af === AF.INET4 ? 4 : 6, socktype === SOCK.STREAM ? 'stream' : 'dgram', 'fresh', LISTENER_RIGHTS, CONN_RIGHTS);
    const added = table.add(s);
    if ('errno' in added) return added.errno;
    mem.view().setUint32(fdPtr as number, added.fd, true);
    return 0;
  };
  def('sock_open', open);
  def('sock_open_v2', open);

  const bind = (abi: Abi): ImportFn => (fd, addr, port) => {
    const a = readTarget(mem, addr as number, port as number, abi);
    if (typeof a === 'number') return a;
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (a.family !== s.family) return E.AFNOSUPPORT;
    if (s.state !== 'fresh') return E.INVAL;
    if (s.type === 'dgram') return host.bindUdp(s, a);
    const r = host.call({ op: 'listen', id: s.id, host: a.address, port: a.port, family: s.family, waitMs: 10_000 });
    if (r.errno) return r.errno;
    s.state = 'bound';
    return 0;
  };
  def('sock_bind', bind('v1'));
  def('sock_bind_v2', bind('v2'));

  const connect = (abi: Abi): ImportFn => (fd, addr, port) => {
    const a = readTarget(mem, addr as number, port as number, abi);
    if (typeof a === 'number') return a;
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (a.family !== s.family) return E.AFNOSUPPORT;
    return host.connect(s, a);
  };
  def('sock_connect', connect('v1'));
  def('sock_connect_v2', connect('v2'));

  const listen: ImportFn = (fd, backlog) => {
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (s.type === 'dgram') return E.NOTSUP;
    if (s.state === 'connected' || s.state === 'connecting') return E.INVAL;
    if (s.state === 'fresh') {
      // listen without bind: an ephemeral port, on loopback (the host never listens beyond it unasked)
      const l = loopback(s.family);
      const r = host.call({ op: 'listen', id: s.id, host: l.address, port: 0, family: s.family, backlog: Math.max(1, backlog as number), waitMs: 10_000 });
      if (r.errno) return r.errno;
    }
    s.state = 'listening';
    return 0;
  };
  def('sock_listen', listen);
  def('sock_listen_v2', listen);

  const accept = (fd: number, flags: number, newfd: number): number => {
    mem.check(newfd, 4);
    const r = host.accept(fd, flags);
    if (typeof r === 'number') return r;
    mem.view().setUint32(newfd, r.fd, true);
    return 0;
  };
  // V1 has no fdflags parameter: the new fd is always blocking
  def('sock_accept', (fd, newfd) => accept(fd as number, 0, newfd as number));
  def('sock_accept_v2', (fd, flags, newfd) => accept(fd as number, flags as number, newfd as number));

  /** The socket's own or its peer's address, or an errno. */
  const addressOf = (fd: number, remote: boolean): SockAddr | number => {
    const s = host.lookup(fd);
    if (typeof s === 'number') return s;
    return remote ? host.remoteAddr(s) : host.localAddr(s);
  };

  // V1: a raw 4/16-byte buffer, *addr_type (u32) and *port (u32). The type is the
  // extension's address family (inet4 1, inet6 2), not WasmEdge's 4/6 workaround.
  const addrV1 = (remote: boolean): ImportFn => (fd, addr, typePtr, portPtr) => {
    const ab = readAddressBuf(mem, addr as number);
    if (ab.len !== 4 && ab.len !== 16) return E.INVAL;
    mem.check(typePtr as number, 4);
    mem.check(portPtr as number, 4);
    const a = addressOf(fd as number, remote);
    if (typeof a === 'number') return a;
    if (!fits(ab, a.family)) return E.INVAL;
    writeAddress(mem, ab, a);
    const v = mem.view();
    v.setUint32(typePtr as number, afOf(a.family), true);
    v.setUint32(portPtr as number, a.port, true);
    return 0;
  };
  def('sock_getlocaladdr', addrV1(false));
  def('sock_getpeeraddr', addrV1(true));

  // V2: the 128-byte storage only (the family is inside it), and *port (u32)
  const addrV2 = (remote: boolean): ImportFn => (fd, addr, portPtr) => {
    const ab = readAddressBuf(mem, addr as number);
    if (ab.len !== STORAGE_LEN) return E.INVAL;
    mem.check(portPtr as number, 4);
    const a = addressOf(fd as number, remote);
    if (typeof a === 'number') return a;
    writeAddress(mem, ab, a);
    mem.view().setUint32(portPtr as number, a.port, true);
    return 0;
  };
  def('sock_getlocaladdr_v2', addrV2(false));
  def('sock_getpeeraddr_v2', addrV2(true));
}
