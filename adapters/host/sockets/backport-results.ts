/**
 * Writers for the result areas of docs/sockets-backport.md §3.2. A function's return area
 * is checked (bounds, alignment) before the call does anything, so a bad pointer traps
 * without side effects, and written at the end with a fresh view.
 */
import type { SockAddr } from './addr.ts';
import type { GuestAbi } from './backport-abi.ts';
import { storeAddr } from './backport-address.ts';

/** Stands for "no error" where a function takes an error-code or ok. */
export const OK = -1;

/** result<_, error-code>: 2 bytes, align 1. */
export function unitResult(abi: GuestAbi, ret: number, code: number): void {
  const p = ret >>> 0;
  const v = abi.area(p, 2, 1);
  v.setUint8(p, code === OK ? 0 : 1);
  v.setUint8(p + 1, code === OK ? 0 : code);
}

/** The error case of a result<T, error-code> whose payload is at offset `at`. */
export function errResult(abi: GuestAbi, ret: number, size: number, align: number, at: number, code: number): void {
  const p = ret >>> 0;
  const v = abi.area(p, size, align);
  v.setUint8(p, 1);
  v.setUint8(p + at, code);
}

/** result<own<T>, E> (8/4), result<tuple<own, own>, E> (12/4) or the accept triple (16/4): ok. */
export function handlesResult(abi: GuestAbi, ret: number, handles: number[]): void {
  const p = ret >>> 0;
  const v = abi.area(p, 4 + 4 * handles.length, 4);
  v.setUint8(p, 0);
  handles.forEach((h, i) => v.setUint32(p + 4 + 4 * i, h, true));
}

/** result<ip-socket-address, E>: 36 bytes, align 4; ok. */
export function addrResult(abi: GuestAbi, ret: number, a: SockAddr): void {
  const p = ret >>> 0;
  const v = abi.area(p, 36, 4);
  v.setUint8(p, 0);
  storeAddr(v, p + 4, a);
}

/** result<u64, E> or result<u64, stream-error>: 16 bytes, align 8; ok. */
export function u64Result(abi: GuestAbi, ret: number, n: bigint): void {
  const p = ret >>> 0;
  const v = abi.area(p, 16, 8);
  v.setUint8(p, 0);
  v.setBigUint64(p + 8, n, true);
}

/** result<T, E> with a small scalar T (bool, u8 at @1; u32 at @4): ok. */
export function scalarResult(abi: GuestAbi, ret: number, size: 2 | 8, value: number): void {
  const p = ret >>> 0;
  const v = abi.area(p, size, size === 2 ? 1 : 4);
  v.setUint8(p, 0);
  if (size === 2) v.setUint8(p + 1, value);
  else v.setUint32(p + 4, value, true);
}
