/**
 * WasmEdge's addressed transfers: sock_send_to (V1 and `_v2`, 7 parameters: the address
 * buffer and the port apart) and sock_recv_from (V1: 7 parameters, no port out; `_v2`: 8,
 * with a u16 *port). Unlike WasmEdge 0.14, `_v2` writes the source port in host byte
 * order, as every other port of the extension is (the suite's quirk-recv_from_v2-port).
 * Every pointer is checked before the call waits or moves data, so a bad one is `fault`
 * with nothing consumed.
 */
import { E } from './errno.ts';
import type { SocketHost } from './host.ts';
import { fits, lengthAllowed, readAddressBuf, readTarget, writeAddress, type Abi } from './wasmedge-addr.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
type Def = (name: string, f: ImportFn) => void;

export function installTransfer(host: SocketHost, def: Def): void {
  const { mem } = host;

  const sendTo = (abi: Abi): ImportFn => (fd, iovs, n, addr, port, siflags, nsent) => {
    const a = readTarget(mem, addr as number, port as number, abi);
    if (typeof a === 'number') return a;
    const data = mem.gather(mem.iovs(iovs as number, n as number));
    mem.check(nsent as number, 4);
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (siflags !== 0) return E.INVAL; // no siflags are defined
    const r = host.send(s, data, s.type === 'dgram' ? a : undefined); // a stream ignores the address, as Linux's sendto
    if (typeof r === 'number') return r;
    mem.view().setUint32(nsent as number, r.n, true);
    return 0;
  };
  def('sock_send_to', sendTo('v1'));
  def('sock_send_to_v2', sendTo('v2'));

  /** The body of both recv_from shapes; `portPtr` only for `_v2`. */
  const recvFrom = (abi: Abi, fd: number, iovs: number, n: number, addr: number, riflags: number, portPtr: number | null, nread: number, roflags: number): number => {
    const spans = mem.iovs(iovs, n);
    const ab = readAddressBuf(mem, addr);
    if (!lengthAllowed(ab.len, abi)) return E.INVAL;
    if (portPtr !== null) mem.check(portPtr, 2);
    mem.check(nread, 4);
    mem.check(roflags, 2);
    const s = host.lookup(fd);
    if (typeof s === 'number') return s;
    if (riflags & ~3) return E.INVAL; // only recv_peek and recv_waitall exist
    if (!fits(ab, s.family)) return E.INVAL;
    const r = host.recv(s, spans.reduce((t, x) => t + x.len, 0), (riflags & 1) !== 0, (riflags & 2) !== 0);
    if (typeof r === 'number') return r;
    mem.scatter(spans, r.data);
    const from = r.from ?? (s.type === 'stream' ? host.remoteAddr(s) : null);
    const v = mem.view();
    if (from && typeof from !== 'number') {
      if (fits(ab, from.family)) writeAddress(mem, ab, from);
      if (portPtr !== null) v.setUint16(portPtr, from.port, true);
    }
    v.setUint32(nread, r.data.length, true);
    v.setUint16(roflags, r.truncated ? 1 : 0, true);
    return 0;
  };
  def('sock_recv_from', (fd, iovs, n, addr, riflags, nread, roflags) =>
    recvFrom('v1', fd as number, iovs as number, n as number, addr as number, riflags as number, null, nread as number, roflags as number),
  );
  def('sock_recv_from_v2', (fd, iovs, n, addr, riflags, port, nread, roflags) =>
    recvFrom('v2', fd as number, iovs as number, n as number, addr as number, riflags as number, port as number, nread as number, roflags as number),
  );
}
