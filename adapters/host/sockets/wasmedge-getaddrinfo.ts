/**
 * WasmEdge's sock_getaddrinfo (sheet sockets.md 3.3): node and service as pointer+length
 * strings, hints as a 28-byte `__wasi_addrinfo_t`, and results written into a chain of
 * entries the guest built beforehand (*res holds the first; each has a sockaddr with an
 * sa_data buffer and a canonname buffer; `ai_next` links them). Errors are the extension's
 * own errno 77..87, with the checks WasmEdge makes in its order; where it answers nosys
 * (a bad socktype or protocol) this host answers what getaddrinfo does (glibc:
 * EAI_SOCKTYPE, or EAI_SERVICE without a socktype). Unlike WasmEdge 0.14 it never writes
 * past a buffer the guest declared: a canonical name is cut to fit, NUL included.
 * Names resolve through the socket service's dns.lookup; services are numeric or found
 * in /etc/services.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { SockAddr } from './addr.ts';
import type { GuestMemory } from './guest-memory.ts';
import type { SocketHost } from './host.ts';
import { AF, afOf, PROTO, saData, SOCK } from './wasmedge-addr.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
type Def = (name: string, f: ImportFn) => void;

export const EAI = { ADDRFAMILY: 77, AGAIN: 78, BADFLAGS: 79, FAIL: 80, FAMILY: 81, MEMORY: 82, NODATA: 83, NONAME: 84, SERVICE: 85, SOCKTYPE: 86, SYSTEM: 87 } as const;
const AI = { PASSIVE: 0x1, CANONNAME: 0x2, NUMERICHOST: 0x4, NUMERICSERV: 0x8, V4MAPPED: 0x10, ALL: 0x20, ADDRCONFIG: 0x40 } as const;
const AI_KNOWN = 0x7f;
const ENTRY = 28;

interface Result {
  addr: SockAddr;
  socktype: number;
}

/** The port of a service for a protocol: numeric, or from /etc/services; null when unknown. */
function servicePort(service: string, proto: 'tcp' | 'udp'): number | null {
  if (/^\d+$/.test(service)) return Number(service) <= 0xffff ? Number(service) : null;
  let text = '';
  try {
    text = readFileSync('/etc/services', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [name, portProto, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    const m = portProto?.match(/^(\d+)\/(\w+)$/);
    if (m && m[2] === proto && (name === service || aliases.includes(service))) return Number(m[1]);
  }
  return null;
}

/** A string the guest passed as pointer + length, cut at a NUL as a C library would. */
function lengthString(mem: GuestMemory, ptr: number, len: number): string {
  const b = mem.bytes(ptr, len);
  const end = b.indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? len : end));
}

export function installGetaddrinfo(host: SocketHost, def: Def): void {
  const { mem } = host;

  /** The addresses of `node` (an errno from EAI when there are none). */
  const addresses = (node: string, flags: number, family: number): string[] | number => {
    const fam = family === AF.INET4 ? 4 : family === AF.INET6 ? 6 : 0;
    if (!node) {
      // no node: the wildcard address to bind to (AI_PASSIVE), else loopback, per POSIX
      const both = flags & AI.PASSIVE ? ['0.0.0.0', '::'] : ['127.0.0.1', '::1'];
      return fam === 4 ? [both[0]!] : fam === 6 ? [both[1]!] : both;
    }
    const literal = net.isIP(node);
    if (literal) {
      if (fam === 6 && literal === 4 && flags & AI.V4MAPPED) return [`::ffff:${node}`];
      return fam && fam !== literal ? EAI.ADDRFAMILY : [node];
    }
    if (flags & AI.NUMERICHOST) return EAI.NONAME;
    const r = host.call({ op: 'resolve', host: node, family: fam === 6 && flags & AI.V4MAPPED ? 0 : fam, waitMs: 10_000 });
    if (r.errno) return EAI.NONAME;
    const found = r.json as { address: string; family: 4 | 6 }[];
    if (fam !== 6 || !(flags & AI.V4MAPPED)) return found.map((a) => a.address);
    // AI_V4MAPPED: IPv4 addresses as ::ffff:a.b.c.d when there is no IPv6 one, or always with AI_ALL
    const v6 = found.filter((a) => a.family === 6).map((a) => a.address);
    const mapped = found.filter((a) => a.family === 4).map((a) => `::ffff:${a.address}`);
    return v6.length && !(flags & AI.ALL) ? v6 : [...v6, ...mapped];
  };

  const lookup = (node: string, service: string, flags: number, family: number, socktype: number, protocol: number): Result[] | number => {
    let types = socktype === SOCK.ANY ? [SOCK.STREAM, SOCK.DGRAM] : [socktype];
    if (protocol !== PROTO.IP) types = types.filter((t) => (t === SOCK.STREAM ? PROTO.TCP : PROTO.UDP) === protocol);
    if (!types.length) return socktype === SOCK.ANY ? EAI.SERVICE : EAI.SOCKTYPE;
    if (flags & AI.NUMERICSERV && !/^\d*$/.test(service)) return EAI.NONAME;
    const ports = new Map<number, number>();
    for (const t of types) {
      const p = service === '' ? 0 : servicePort(service, t === SOCK.STREAM ? 'tcp' : 'udp');
      if (p !== null) ports.set(t, p);
    }
    if (!ports.size) return EAI.SERVICE;
    const addrs = addresses(node, flags, family);
    if (typeof addrs === 'number') return addrs;
    if (!addrs.length) return EAI.NONAME;
    return addrs.flatMap((address) =>
      [...ports].map(([t, port]) => ({ addr: { family: net.isIPv6(address) ? 6 : 4, address, port } as SockAddr, socktype: t })),
    );
  };

  def('sock_getaddrinfo', (nodePtr, nodeLen, servicePtr, serviceLen, hintsPtr, resPtr, maxRes, resLenPtr) => {
    const node = lengthString(mem, nodePtr as number, nodeLen as number);
    const service = lengthString(mem, servicePtr as number, serviceLen as number);
    const hv = mem.check(hintsPtr as number, ENTRY);
    const h = hintsPtr as number;
    mem.check(resPtr as number, 4);
    mem.check(resLenPtr as number, 4);
    if (!node && !service) return EAI.NONAME;
    const max = (maxRes as number) >>> 0; // a u32, as the guest declared it
    if (max < 1) return EAI.MEMORY;
    const flags = hv.getUint16(h, true);
    const family = hv.getUint8(h + 2);
    const socktype = hv.getUint8(h + 3);
    const protocol = hv.getUint8(h + 4);
    if (flags & ~AI_KNOWN) return EAI.BADFLAGS;
    if (flags & AI.CANONNAME && !node) return EAI.BADFLAGS;
    if (family !== AF.UNSPEC && family !== AF.INET4 && family !== AF.INET6) return EAI.FAMILY;
    if (socktype !== SOCK.ANY && socktype !== SOCK.DGRAM && socktype !== SOCK.STREAM) return EAI.SOCKTYPE;
    if (protocol !== PROTO.IP && protocol !== PROTO.TCP && protocol !== PROTO.UDP) return socktype === SOCK.ANY ? EAI.SERVICE : EAI.SOCKTYPE;
    const found = lookup(node, service, flags, family, socktype, protocol);
    if (typeof found === 'number') return found;

    // walk the guest's chain first, checking every buffer, so a bad one writes nothing
    const want = Math.min(found.length, max);
    const entries: { at: number; sa: number; data: number; dataLen: number; canon: number; canonLen: number }[] = [];
    let at = mem.view().getUint32(resPtr as number, true);
    for (let i = 0; i < want; i++) {
      const v = mem.check(at, ENTRY);
      const sa = v.getUint32(at + 12, true);
      const sv = mem.check(sa, 12);
      const e = { at, sa, data: sv.getUint32(sa + 8, true), dataLen: sv.getUint32(sa + 4, true), canon: v.getUint32(at + 16, true), canonLen: v.getUint32(at + 20, true) };
      mem.check(e.data, e.dataLen);
      mem.check(e.canon, e.canonLen);
      if (e.dataLen < saData(found[i]!.addr).length) return EAI.MEMORY; // no room for this address
      entries.push(e);
      at = v.getUint32(at + 24, true);
      if (at === 0) break; // the guest's chain is shorter than max_res_len: it ends here
    }

    const v = mem.view();
    entries.forEach((e, i) => {
      const { addr, socktype: t } = found[i]!;
      v.setUint16(e.at, flags, true);
      v.setUint8(e.at + 2, afOf(addr.family));
      v.setUint8(e.at + 3, t);
      v.setUint8(e.at + 4, t === SOCK.STREAM ? PROTO.TCP : PROTO.UDP);
      v.setUint32(e.at + 8, addr.family === 4 ? 16 : 28, true); // the POSIX sockaddr_in / sockaddr_in6 size
      v.setUint8(e.sa, afOf(addr.family));
      mem.bytes(e.data, e.dataLen).set(saData(addr));
      if (e.canonLen) {
        // POSIX: the canonical name goes in the first entry; the others get an empty one
        const name = new TextEncoder().encode(i === 0 && flags & AI.CANONNAME ? node : '').subarray(0, e.canonLen - 1);
        mem.bytes(e.canon, name.length + 1).set([...name, 0]);
      }
    });
    v.setUint32(resLenPtr as number, entries.length, true);
    return 0;
  });
}
