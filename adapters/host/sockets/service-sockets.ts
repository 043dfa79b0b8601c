/**
 * What the socket service thread keeps per socket: the Node object and everything that
 * arrived for the guest and is not consumed yet (bytes, EOF, an error, queued connections,
 * datagrams). Each change wakes the requests waiting on that socket.
 */
import type dgram from 'node:dgram';
import type net from 'node:net';
import { fromNode, type SockAddr } from './addr.ts';
import { errnoOf } from './errno.ts';

/** Above this many unread bytes the socket stops reading (TCP flow control reaches the peer). */
const HIGH_WATER = 1 << 20;
const MAX_DATAGRAMS = 1024;

export class Waitable {
  readonly waiters = new Set<() => void>();
  constructor(readonly run: number) {}
  notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Resolves true once `ready()` holds, false after `ms` without it; a closing socket wakes it too. */
export function waitUntil(items: Waitable[], ready: () => boolean, ms: number): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  if (ms <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      clearTimeout(timer);
      for (const i of items) i.waiters.delete(check);
      resolve(v);
    };
    const check = () => {
      if (ready()) done(true);
    };
    const timer = setTimeout(() => done(ready()), ms);
    for (const i of items) i.waiters.add(check);
  });
}

/** A TCP connection, accepted or connected. */
export class Conn extends Waitable {
  private chunks: Buffer[] = [];
  size = 0;
  eof = false;
  err = 0;
  closed = false;
  shutRd = false;
  shutWr = false;

  constructor(
    run: number,
    readonly sock: net.Socket,
    public connecting: boolean,
  ) {
    super(run);
    sock.on('connect', () => {
      this.connecting = false;
      this.notify();
    });
    sock.on('data', (b: Buffer) => {
      if (this.shutRd) return;
      this.chunks.push(b);
      this.size += b.length;
      if (this.size >= HIGH_WATER) sock.pause();
      this.notify();
    });
    sock.on('end', () => {
      this.eof = true;
      this.notify();
    });
    sock.on('error', (e) => {
      this.err ||= errnoOf(e);
      this.connecting = false;
      this.notify();
    });
    sock.on('close', () => {
      this.closed = true;
      this.connecting = false;
      this.notify();
    });
  }

  /** Up to `max` unread bytes, consumed unless `peek`. */
  read(max: number, peek: boolean): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    const out = Buffer.from(all.subarray(0, max));
    if (!peek) {
      const rest = all.subarray(out.length);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
      if (this.size < HIGH_WATER && this.sock.isPaused()) this.sock.resume();
    }
    return out;
  }

  /** Discards what is unread and everything still to come (shutdown rd). */
  dropInput(): void {
    this.shutRd = true;
    this.chunks = [];
    this.size = 0;
    if (this.sock.isPaused()) this.sock.resume();
    this.notify();
  }

  get readable(): boolean {
    return this.size > 0 || this.eof || this.err !== 0 || this.shutRd || this.closed;
  }

  /** The peer closed (FIN or reset), or the connection is gone. */
  get hangup(): boolean {
    return this.eof || this.err !== 0 || this.closed;
  }

  get writable(): boolean {
    return !this.connecting && (this.err !== 0 || this.closed || this.shutWr || !this.sock.writableNeedDrain);
  }

  remote(): SockAddr | null {
    return fromNode(this.sock.remoteAddress, this.sock.remotePort, this.sock.remoteFamily);
  }

  local(): SockAddr | null {
    return fromNode(this.sock.localAddress, this.sock.localPort, this.sock.localFamily);
  }

  /**
   * close(): unread input makes the kernel answer with a reset (as Linux does); bytes
   * still queued in Node are flushed first unless `now` (the run is over).
   */
  destroy(reset: boolean, now = false): void {
    if (this.closed) return;
    if (reset || this.size > 0) this.sock.resetAndDestroy();
    else if (!now && this.sock.writableLength > 0) this.sock.end(() => this.sock.destroy());
    else this.sock.destroy();
  }
}

/** A listening TCP socket and the connections the kernel completed, not yet accepted. */
export class Listener extends Waitable {
  readonly queue: Conn[] = [];
  closed = false;

  constructor(
    run: number,
    readonly server: net.Server,
  ) {
    super(run);
    server.on('connection', (s) => {
      if (this.closed) return void s.resetAndDestroy();
      this.queue.push(new Conn(run, s, false));
      this.notify();
    });
  }

  local(): SockAddr | null {
    const a = this.server.address();
    return a && typeof a === 'object' ? fromNode(a.address, a.port, a.family) : null;
  }

  /** Stops listening; queued connections are reset, as the kernel does when a listener closes. */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    for (const c of this.queue.splice(0)) c.destroy(true);
    this.notify();
  }
}

export interface Datagram {
  data: Buffer;
  from: SockAddr;
}

/** A bound UDP socket and the datagrams received for it. */
export class Udp extends Waitable {
  readonly queue: Datagram[] = [];
  connected: SockAddr | null = null;
  closed = false;
  shutRd = false;
  shutWr = false;

  constructor(
    run: number,
    readonly sock: dgram.Socket,
  ) {
    super(run);
    sock.on('message', (data, rinfo) => {
      if (this.shutRd || this.queue.length >= MAX_DATAGRAMS) return; // a full receive buffer drops datagrams
      this.queue.push({ data, from: fromNode(rinfo.address, rinfo.port, rinfo.family)! });
      this.notify();
    });
    sock.on('error', () => this.notify());
    sock.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  local(): SockAddr | null {
    try {
      const a = this.sock.address();
      return fromNode(a.address, a.port, a.family);
    } catch {
      return null;
    }
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.sock.close();
    } catch {
      // already closed
    }
    this.notify();
  }
}

export type Entity = Conn | Listener | Udp;
