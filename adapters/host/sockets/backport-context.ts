/**
 * What every back-port interface works with: the instance's handle table, the guest's
 * memory as the Canonical ABI sees it, the socket host (the line to the service thread,
 * bounded by the run's deadline) and the run's socket policy.
 */
import type { GuestAbi } from './backport-abi.ts';
import { ecOfErrno } from './backport-errors.ts';
import { OK } from './backport-results.ts';
import type { HandleTable } from './backport-table.ts';
import type { Reply } from './channel.ts';
import type { SocketHost } from './host.ts';
import type { SocketPolicy } from './policy.ts';

/** A core function as the guest imports it: i32 params arrive as numbers, i64 as bigints. */
export type CoreFn = (...args: (number | bigint)[]) => number | void;
/** One import module's functions by field name. */
export type Functions = Record<string, CoreFn>;

export interface Backport {
  host: SocketHost;
  abi: GuestAbi;
  table: HandleTable;
  policy: SocketPolicy;
  /** A new id for the service, from the same counter as the P1 sockets' (one service per thread). */
  newId(): number;
  /** Closes whatever the service keeps under `id` (a socket, a pending lookup). */
  close(id: number): void;
}

/** Milliseconds left until the run's deadline: how long a blocking call may wait. */
export function leftMs(bp: Backport): number {
  return Math.max(0, bp.host.deadline - performance.now());
}

/**
 * A service answer as an error-code, or OK: the back-port's own operations answer
 * `{ ec }`, the shared ones a P1 errno.
 */
export function codeOf(r: Reply): number {
  const ec = (r.json as { ec?: number } | undefined)?.ec;
  if (ec !== undefined) return ec;
  return r.errno ? ecOfErrno(r.errno) : OK;
}
