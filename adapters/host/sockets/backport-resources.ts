/**
 * What the back-port's handles stand for. A socket's streams and pollables are children
 * that keep it alive: the service closes the real socket when the last handle that
 * holds it is dropped (the WAMR library does the same; a Component Model host would trap
 * on the early parent drop instead, and no test depends on either).
 */
import type { SockAddr } from './addr.ts';

/** Something a handle holds: retained when a handle is given out, released when dropped. */
export interface Held {
  retain?(): void;
  release?(): void;
}

export class Network {}

/** A socket the service knows by `id`, closed there when its last holder lets go. */
export abstract class SocketRes implements Held {
  private refs = 0;
  constructor(
    readonly id: number,
    readonly family: 4 | 6,
    private readonly close: (id: number) => void,
  ) {}
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs === 0) this.close(this.id);
  }
}

export type TcpState = 'unbound' | 'bind-started' | 'bound' | 'listen-started' | 'listening' | 'connecting' | 'connect-ready' | 'connected' | 'closed';

/** A tcp-socket; its input-stream and output-stream handles hold the same object. */
export class TcpSocket extends SocketRes {
  state: TcpState = 'unbound';
  /** connect-ready: null when the connection was made, else the error-code it failed with */
  connectError: number | null = null;
  backlog = 128;
  /** Where bind put it (the port the kernel chose for port 0). */
  bound: SockAddr | null = null;
  inClosed = false;
  outClosed = false;
  /** Bytes the last check-write allowed and write has not used yet. */
  writePermit = 0n;
  readonly opts = { keepAlive: false, keepIdleNs: 7_200_000_000_000n, keepIntervalNs: 75_000_000_000n, keepCount: 9, hopLimit: 64, recvBuf: 131_072n, sendBuf: 16_384n };

  constructor(id: number, family: 4 | 6, close: (id: number) => void, state: TcpState = 'unbound') {
    super(id, family, close);
    this.state = state;
  }
}

export type UdpState = 'unbound' | 'bind-started' | 'bound';

/** A udp-socket; its datagram stream handles hold the same object. */
export class UdpSocket extends SocketRes {
  state: UdpState = 'unbound';
  /** The remote address of stream(some(…)), null for stream(none) */
  connected: SockAddr | null = null;
  /** Datagrams the last check-send allowed and send has not used yet. */
  sendPermit = 0n;
  readonly opts = { hopLimit: 64, recvBuf: 212_992n, sendBuf: 212_992n };
}

/** What a pollable waits on, decided when it is polled (a socket's state moves on). */
export interface PollTarget {
  id: number;
  on: 'read' | 'write' | 'connect' | 'lookup';
}

/** `target` gives null when the pollable is ready without asking the service. */
export class Pollable implements Held {
  constructor(
    readonly target: () => PollTarget | null,
    private readonly parent?: Held,
  ) {
    parent?.retain?.();
  }
  release(): void {
    this.parent?.release?.();
  }
}

/** wasi:io/error's error: what to-debug-string says. */
export class IoError {
  constructor(readonly message: string) {}
}
