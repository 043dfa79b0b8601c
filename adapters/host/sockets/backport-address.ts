/**
 * `ip-socket-address` and `ip-address` as the back-port passes them (docs/sockets-backport.md
 * §3.1, §3.2): flat as 12 i32 params, or in memory (32 bytes, align 4). Ports and IPv6
 * segments are plain numbers, not network-order bytes. flow-info and scope-id are read and
 * dropped (Node has no way to set them; loopback needs neither) and written as 0.
 */
import { ipBytes, ipString, type SockAddr } from './addr.ts';
import { trap } from './backport-abi.ts';

const TAG_IPV4 = 0;
const TAG_IPV6 = 1;

function fromSegments(seg: (i: number) => number): string {
  const b = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const s = seg(i) & 0xffff;
    b[2 * i] = s >> 8;
    b[2 * i + 1] = s & 0xff;
  }
  return ipString(b);
}

/** Lifts the 12 flat values; a discriminant other than ipv4/ipv6 traps. */
export function liftFlat(v: number[]): SockAddr {
  if (v[0] === TAG_IPV4) return { family: 4, address: [2, 3, 4, 5].map((i) => v[i]! & 0xff).join('.'), port: v[1]! & 0xffff };
  if (v[0] === TAG_IPV6) return { family: 6, address: fromSegments((i) => v[3 + i]!), port: v[1]! & 0xffff };
  return trap(`invalid ip-socket-address discriminant ${v[0]! >>> 0}`);
}

/** Loads an ip-socket-address from memory at `p` (the caller checked 32 bytes). */
export function loadAddr(view: DataView, p: number): SockAddr {
  const tag = view.getUint8(p);
  const port = view.getUint16(p + 4, true);
  if (tag === TAG_IPV4) return { family: 4, address: [6, 7, 8, 9].map((o) => view.getUint8(p + o)).join('.'), port };
  if (tag === TAG_IPV6) return { family: 6, address: fromSegments((i) => view.getUint16(p + 12 + 2 * i, true)), port };
  return trap(`invalid ip-socket-address discriminant ${tag}`);
}

/** Stores an ip-socket-address (32 bytes) at `p`. */
export function storeAddr(view: DataView, p: number, a: SockAddr): void {
  new Uint8Array(view.buffer, p, 32).fill(0);
  const b = ipBytes(a.address) ?? new Uint8Array(a.family === 4 ? 4 : 16);
  view.setUint8(p, a.family === 4 ? TAG_IPV4 : TAG_IPV6);
  view.setUint16(p + 4, a.port, true);
  if (a.family === 4) new Uint8Array(view.buffer, p + 6, 4).set(b.subarray(0, 4));
  else for (let i = 0; i < 8; i++) view.setUint16(p + 12 + 2 * i, (b[2 * i]! << 8) | b[2 * i + 1]!, true);
}

/** Stores an ip-address (18 bytes, align 2) at `p`: tag @0, octets or segments @2. */
export function storeIpAddress(view: DataView, p: number, address: string): void {
  const b = ipBytes(address)!;
  new Uint8Array(view.buffer, p, 18).fill(0);
  view.setUint8(p, b.length === 4 ? TAG_IPV4 : TAG_IPV6);
  if (b.length === 4) new Uint8Array(view.buffer, p + 2, 4).set(b);
  else for (let i = 0; i < 8; i++) view.setUint16(p + 2 + 2 * i, (b[2 * i]! << 8) | b[2 * i + 1]!, true);
}

function bytesOf(a: SockAddr): Uint8Array {
  return ipBytes(a.address) ?? new Uint8Array(a.family === 4 ? 4 : 16);
}

export function isUnspecified(a: SockAddr): boolean {
  return bytesOf(a).every((x) => x === 0);
}

/** ::ffff:a.b.c.d: never accepted, since sockets here are never dual-stack. */
export function isV4Mapped(a: SockAddr): boolean {
  const b = bytesOf(a);
  return a.family === 6 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

export function isMulticastOrBroadcast(a: SockAddr): boolean {
  const b = bytesOf(a);
  if (a.family === 6) return b[0] === 0xff;
  return b[0]! >> 4 === 0xe || b.every((x) => x === 0xff);
}
