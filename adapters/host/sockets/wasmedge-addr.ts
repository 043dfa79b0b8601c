/**
 * WasmEdge's addresses in guest memory (reference sheet sockets.md 3.2/3.3). A call never
 * gets an address directly: it gets a `__wasi_address_t` {buf u32 @0, buf_len u32 @4}
 * whose buffer holds either the raw address bytes (4 or 16, network order, the family
 * implied by the length) or, in the `_v2` calls, WasmEdge's 128-byte storage (family u16
 * LE @0 in the extension's own numbering, address @2). The port always travels apart.
 * Every pointer is checked here, so a bad one reaches the caller as BadPointer (fault).
 */
import { ipBytes, ipString, type SockAddr } from './addr.ts';
import { E } from './errno.ts';
import type { GuestMemory } from './guest-memory.ts';

/** __wasi_address_family_t (u8), __wasi_sock_type_t (u8), __wasi_protocol_t (u8). */
export const AF = { UNSPEC: 0, INET4: 1, INET6: 2, UNIX: 3 } as const;
export const SOCK = { ANY: 0, DGRAM: 1, STREAM: 2 } as const;
export const PROTO = { IP: 0, TCP: 1, UDP: 2 } as const;
export const STORAGE_LEN = 128;

/** Which address buffers a call takes: V1 only raw 4/16 bytes, V2 also the 128-byte storage. */
export type Abi = 'v1' | 'v2';

export interface AddressBuf {
  buf: number;
  len: number;
}

export function afOf(family: 4 | 6): number {
  return family === 4 ? AF.INET4 : AF.INET6;
}

/** The `__wasi_address_t` at `ptr` and its buffer, both bounds-checked. */
export function readAddressBuf(mem: GuestMemory, ptr: number): AddressBuf {
  const v = mem.check(ptr, 8);
  const ab = { buf: v.getUint32(ptr, true), len: v.getUint32(ptr + 4, true) };
  mem.check(ab.buf, ab.len);
  return ab;
}

/** Whether a buffer of this length is an address at all for the ABI (else the call is inval). */
export function lengthAllowed(len: number, abi: Abi): boolean {
  return len === 4 || len === 16 || (abi === 'v2' && len === STORAGE_LEN);
}

/**
 * The target of bind / connect / send_to: the address at `ptr` with `port` (u16, host
 * order). An errno when the buffer length is not one the ABI has, the storage names a
 * family other than inet4/inet6, or the port does not fit a u16.
 */
export function readTarget(mem: GuestMemory, ptr: number, port: number, abi: Abi): SockAddr | number {
  const ab = readAddressBuf(mem, ptr);
  if (!lengthAllowed(ab.len, abi)) return E.INVAL;
  if (port < 0 || port > 0xffff) return E.INVAL;
  if (ab.len !== STORAGE_LEN) return { family: ab.len === 4 ? 4 : 6, address: ipString(mem.bytes(ab.buf, ab.len).slice()), port };
  const family = mem.view().getUint16(ab.buf, true);
  // AF_UNIX would need --allow-af-unix on WasmEdge; this host has no unix sockets at all
  if (family === AF.UNIX) return E.AFNOSUPPORT;
  if (family !== AF.INET4 && family !== AF.INET6) return E.INVAL;
  const n = family === AF.INET4 ? 4 : 16;
  return { family: n === 4 ? 4 : 6, address: ipString(mem.bytes(ab.buf + 2, n).slice()), port };
}

/**
 * Whether an address of `family` can be written into this buffer: the storage takes
 * either, 16 raw bytes take either (an IPv4 address fills the first 4), 4 bytes only IPv4.
 * Checked before the call does anything, so a buffer too small never costs the guest data.
 */
export function fits(ab: AddressBuf, family: 4 | 6): boolean {
  return ab.len === STORAGE_LEN || ab.len === 16 || (ab.len === 4 && family === 4);
}

/** Writes `a` into a buffer `fits` accepted; bytes of the buffer it does not use are zeroed. */
export function writeAddress(mem: GuestMemory, ab: AddressBuf, a: SockAddr): void {
  const out = mem.bytes(ab.buf, ab.len);
  out.fill(0);
  const bytes = ipBytes(a.address) ?? new Uint8Array(a.family === 4 ? 4 : 16);
  if (ab.len === STORAGE_LEN) {
    mem.view().setUint16(ab.buf, afOf(a.family), true);
    out.set(bytes, 2);
  } else {
    out.set(bytes.subarray(0, ab.len));
  }
}

/**
 * The POSIX bytes after the family of a sockaddr (what `__wasi_sockaddr_t.sa_data` holds):
 * IPv4 14 bytes (port in network order, address, 8 zero bytes); IPv6 26 bytes (port,
 * flowinfo 0, address, scope_id 0).
 */
export function saData(a: SockAddr): Uint8Array {
  const bytes = ipBytes(a.address) ?? new Uint8Array(a.family === 4 ? 4 : 16);
  const out = new Uint8Array(a.family === 4 ? 14 : 26);
  out[0] = a.port >> 8;
  out[1] = a.port & 0xff;
  out.set(bytes, a.family === 4 ? 2 : 6);
  return out;
}
