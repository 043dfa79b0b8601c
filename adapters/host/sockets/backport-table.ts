/**
 * The instance's one handle table, shared by every interface as in the Component Model
 * (docs/sockets-backport.md §2). 0 is never a handle. Using a handle that was never given
 * out, is already dropped, or is of another resource type than the parameter's traps.
 */
import { trap } from './backport-abi.ts';
import type { Lookup } from './backport-lookup.ts';
import type { Held, IoError, Network, Pollable, TcpSocket, UdpSocket } from './backport-resources.ts';

export interface Resources {
  network: Network;
  'tcp-socket': TcpSocket;
  'udp-socket': UdpSocket;
  'input-stream': TcpSocket;
  'output-stream': TcpSocket;
  'incoming-datagram-stream': UdpSocket;
  'outgoing-datagram-stream': UdpSocket;
  'resolve-address-stream': Lookup;
  pollable: Pollable;
  error: IoError;
}
export type Kind = keyof Resources;

export class HandleTable {
  private readonly slots: ({ kind: Kind; value: Held } | undefined)[] = [undefined];
  private readonly free: number[] = [];

  /** Gives out a new own<…> handle. */
  add<K extends Kind>(kind: K, value: Resources[K]): number {
    (value as Held).retain?.();
    const h = this.free.pop() ?? this.slots.length;
    this.slots[h] = { kind, value: value as Held };
    return h;
  }

  /** What a borrow<…> or own<…> parameter names. */
  get<K extends Kind>(h: number, kind: K): Resources[K] {
    const e = h > 0 ? this.slots[h] : undefined;
    if (!e) return trap(`unknown handle ${h} (expected a ${kind})`);
    if (e.kind !== kind) return trap(`handle ${h} is a ${e.kind}, not a ${kind}`);
    return e.value as Resources[K];
  }

  /** [resource-drop]: the handle is gone; what it held is released. */
  drop(h: number, kind: Kind): void {
    const value = this.get(h, kind) as Held;
    this.slots[h] = undefined;
    this.free.push(h);
    value.release?.();
  }
}
