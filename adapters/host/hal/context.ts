/** What every HAL interface of one run shares (docs/hal.md §2). */
import type { GuestAbi } from '../sockets/backport-abi.ts';
import type { Board } from './board.ts';
import type { BoardClock } from './clock.ts';
import type { Handles } from './handles.ts';
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

/** A u64 length parameter as a JS number (lengths above 2^53 become Infinity: too long anyway). */
export function u64(v: number | bigint): number {
  const n = BigInt.asUintN(64, BigInt(v));
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(n);
}
