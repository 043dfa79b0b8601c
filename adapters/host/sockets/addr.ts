/**
 * Socket addresses: as Node spells them, as ints in a channel answer, and as WAMR's
 * 24-byte `__wasi_addr_t` in guest memory (kind u32 @0; IPv4: 4 address bytes @4..7 and
 * port u16 @8; IPv6: 8 u16 groups @4..19, each in host byte order, and port @20; the port
 * in host byte order too).
 */
import net from 'node:net';

export interface SockAddr {
  family: 4 | 6;
  address: string;
  port: number;
}

export const ADDR_SIZE = 24;
export const KIND_IPV4 = 0;
export const KIND_IPV6 = 1;

/** The 4 or 16 bytes of an IP address in network order; null when it is not one. */
export function ipBytes(ip: string): Uint8Array | null {
  const family = net.isIP(ip);
  if (family === 4) return Uint8Array.from(ip.split('.').map(Number));
  if (family !== 6) return null;
  let text = ip.replace(/%.*$/, '');
  let tail: number[] = [];
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    text = text.slice(0, -v4[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const r = rest === undefined ? [] : parse(rest);
  const groups = rest === undefined ? h : [...h, ...new Array(8 - h.length - r.length).fill(0), ...r];
  if (tail.length) groups.splice(6, 2, ...tail);
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

export function ipString(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/** [family, port, w0..w3]: six ints for a channel answer. */
export function packAddr(a: SockAddr | null | undefined): number[] {
  if (!a) return [0, 0, 0, 0, 0, 0];
  const b = ipBytes(a.address) ?? new Uint8Array(a.family === 6 ? 16 : 4);
  const words = [0, 0, 0, 0];
  for (let i = 0; i < b.length; i++) words[i >> 2]! |= b[i]! << (24 - 8 * (i & 3));
  return [a.family, a.port, ...words];
}

export function unpackAddr(vals: number[], at: number): SockAddr | null {
  const family = vals[at];
  if (family !== 4 && family !== 6) return null;
  const b = new Uint8Array(family === 4 ? 4 : 16);
  for (let i = 0; i < b.length; i++) b[i] = (vals[at + 2 + (i >> 2)]! >>> (24 - 8 * (i & 3))) & 0xff;
  return { family, address: ipString(b), port: vals[at + 1]! };
}

/** A Node address (`server.address()`, `socket.remoteAddress`…) as a SockAddr. */
export function fromNode(address: string | undefined, port: number | undefined, family?: string | number): SockAddr | null {
  if (!address) return null;
  const f = family === 'IPv6' || family === 6 || net.isIPv6(address) ? 6 : 4;
  return { family: f, address, port: port ?? 0 };
}

/** The wildcard address of a family, what an unbound socket reports as its local address. */
export function anyAddr(family: 4 | 6): SockAddr {
  return { family, address: family === 4 ? '0.0.0.0' : '::', port: 0 };
}

/** Reads a `__wasi_addr_t`; `null` kind means an unknown kind (protonosupport). */
export function readWasiAddr(view: DataView, ptr: number): SockAddr | null {
  const kind = view.getUint32(ptr, true);
  if (kind === KIND_IPV4) {
    const b = new Uint8Array(view.buffer, ptr + 4, 4).slice();
    return { family: 4, address: ipString(b), port: view.getUint16(ptr + 8, true) };
  }
  if (kind === KIND_IPV6) {
    const b = new Uint8Array(16);
    for (let i = 0; i < 8; i++) {
      const g = view.getUint16(ptr + 4 + 2 * i, true);
      b[2 * i] = g >> 8;
      b[2 * i + 1] = g & 0xff;
    }
    return { family: 6, address: ipString(b), port: view.getUint16(ptr + 20, true) };
  }
  return null;
}

export function writeWasiAddr(view: DataView, ptr: number, a: SockAddr): void {
  new Uint8Array(view.buffer, ptr, ADDR_SIZE).fill(0);
  const b = ipBytes(a.address) ?? new Uint8Array(a.family === 4 ? 4 : 16);
  if (a.family === 4) {
    view.setUint32(ptr, KIND_IPV4, true);
    new Uint8Array(view.buffer, ptr + 4, 4).set(b.subarray(0, 4));
    view.setUint16(ptr + 8, a.port, true);
  } else {
    view.setUint32(ptr, KIND_IPV6, true);
    for (let i = 0; i < 8; i++) view.setUint16(ptr + 4 + 2 * i, (b[2 * i]! << 8) | b[2 * i + 1]!, true);
    view.setUint16(ptr + 20, a.port, true);
  }
}
