/** What every HAL interface of one run shares (docs/hal.md §2). */
import type { GuestAbi } from '../sockets/backport-abi.ts';
import type { Board } from './board.ts';
import type { BoardClock } from './clock.ts';
import type { Handles } from './handles.ts';
import { trap } from './handles.ts';
import type { Trace } from './trace.ts';

export interface Hal {
  board: Board;
  abi: GuestAbi;
  handles: Handles;
  clock: BoardClock;
  trace: Trace;
}

export type Fn = (...args: (number | bigint)[]) => number | void;
export type Functions = Record<string, Fn>;

/** An i32 parameter (pointer, length, handle) as the unsigned number the Canonical ABI means. */
export function u32(v: number | bigint): number {
  return Number(v) >>> 0;
}

/** A u64 length parameter as a JS number (lengths above 2^53 become Infinity: too long anyway). */
export function u64(v: number | bigint): number {
  const n = BigInt.asUintN(64, BigInt(v));
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(n);
}

/** A guest's delay call (docs/hal.md §3.4): its trace line, then board time and a real pause. */
export function tracedDelay(hal: Hal, ns: bigint): void {
  hal.trace.add(`delay: ${ns}ns`);
  hal.clock.delay(ns);
}

/**
 * A `list<operation>` as I2C and SPI both lay it out: 16-byte, 8-aligned variants, the case
 * at @0 and the payload at @8. `decode` returns undefined for a case it does not know,
 * which traps (a discriminant out of range is invalid in the Canonical ABI).
 */
export function readOperations<T>(hal: Hal, ptr: number, len: number, decode: (disc: number, payload: number, v: DataView) => T | undefined): T[] {
  const v = hal.abi.area(ptr, len * 16, 8);
  const ops: T[] = [];
  for (let i = 0; i < len; i++) {
    const at = ptr + i * 16;
    const disc = v.getUint8(at);
    const op = decode(disc, at + 8, v);
    if (op === undefined) trap(`operation discriminant ${disc} out of range`);
    ops.push(op);
  }
  return ops;
}
