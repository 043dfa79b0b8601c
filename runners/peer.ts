import dgram from 'node:dgram';
import net from 'node:net';
import { freeLoopbackPort } from './loopback.ts';
import type { Assertion } from './tap.ts';
import type { PeerSpec, PeerStep } from './test-case.ts';

/**
 * The real socket at the other end of a socket test (docs/sockets.md), run on the main
 * thread on loopback while the guest runs in the pool. It never throws: every failure is a
 * failed step, and `finish` always closes every socket it opened.
 */
export interface Peer {
  /** Variables the guest gets on top of its spec's env. */
  env: Record<string, string>;
  /** For `role: client` with a pre-opened listener: where the runtime listens. */
  connectTo?: { host: string; port: number };
  /** Starts the client side (role client); a no-op for servers, which start at once. */
  begin(): void;
  /** Waits up to `graceMs` for the steps to end, closes everything, and gives one assertion per step. */
  finish(graceMs: number): Promise<Assertion[]>;
}

const HOSTS = { ipv4: '127.0.0.1', ipv6: '::1' } as const;

export function describeStep(step: PeerStep): string {
  const [key, value] = Object.entries(step)[0]!;
  if (value === true) return key.replace('_', ' ');
  return `${key.replace('_', ' ')} ${JSON.stringify(value)}`;
}

function stepBytes(step: PeerStep): Buffer | undefined {
  if ('send' in step) return Buffer.from(step.send, 'utf8');
  if ('send_hex' in step) return Buffer.from(step.send_hex, 'hex');
  if ('expect' in step) return Buffer.from(step.expect, 'utf8');
  if ('expect_hex' in step) return Buffer.from(step.expect_hex, 'hex');
  return undefined;
}

function show(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return /^[\x20-\x7e\n\t]*$/.test(text) ? JSON.stringify(text) : `0x${bytes.toString('hex')}`;
}

/** The end of a peer's time: the test's deadline, or `finish` once the guest has ended. */
class Stop {
  reached = false;
  private readonly listeners: (() => void)[] = [];
  readonly promise: Promise<void>;

  constructor(deadline: number) {
    this.promise = new Promise((r) => this.listeners.push(r));
    setTimeout(() => this.now(), Math.max(0, deadline - Date.now())).unref();
  }

  now(): void {
    if (this.reached) return;
    this.reached = true;
    for (const l of this.listeners) l();
  }

  /** Calls `f` when the stop comes (a waiter's wake-up). */
  onReach(f: () => void): void {
    this.listeners.push(f);
  }

  /** Gives the running steps up to `graceMs` to end, then stops them and waits until they have. */
  async windUp(steps: Promise<void>, graceMs: number): Promise<void> {
    await Promise.race([steps, new Promise((r) => setTimeout(r, graceMs))]);
    this.now();
    await steps;
  }

  /** Sleeps `ms`, or less when the stop comes first. */
  sleep(ms: number): Promise<unknown> {
    return Promise.race([new Promise((r) => setTimeout(r, ms)), this.promise]);
  }
}

/** What a stream delivers, read on demand: bytes, EOF, or an error, each awaited with the step's deadline. */
class Inbox {
  private data = Buffer.alloc(0);
  private ended: string | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly stop: Stop) {
    stop.onReach(() => this.wake?.());
  }

  push(chunk: Buffer): void {
    this.data = Buffer.concat([this.data, chunk]);
    this.wake?.();
  }

  end(why: string): void {
    this.ended ??= why;
    this.wake?.();
  }

  /** Resolves when `ready()` holds, the inbox ended, or the stop came; says whether `ready()` holds. */
  async until(ready: () => boolean): Promise<boolean> {
    while (!ready() && this.ended === null && !this.stop.reached) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    return ready();
  }

  take(n: number): Buffer {
    const head = this.data.subarray(0, n);
    this.data = this.data.subarray(n);
    return head;
  }

  get length(): number {
    return this.data.length;
  }

  get endReason(): string | null {
    return this.ended;
  }
}

/** One step on a connected TCP socket: null when it succeeded, else what happened instead. */
async function tcpStep(sock: net.Socket, inbox: Inbox, step: PeerStep, stop: Stop): Promise<string | null> {
  if ('wait_ms' in step) {
    await stop.sleep(step.wait_ms);
    return null;
  }
  if ('send' in step || 'send_hex' in step) {
    if (sock.destroyed || !sock.writable) return `the connection is closed (${inbox.endReason ?? 'not writable'})`;
    await new Promise<void>((r) => sock.write(stepBytes(step)!, () => r()));
    return null;
  }
  if ('expect' in step || 'expect_hex' in step) {
    const want = stepBytes(step)!;
    const got = await inbox.until(() => inbox.length >= want.length);
    const bytes = inbox.take(got ? want.length : inbox.length);
    if (!got) return `got ${show(bytes)}, then ${inbox.endReason ?? 'the timeout'}`;
    return bytes.equals(want) ? null : `got ${show(bytes)}`;
  }
  if ('expect_eof' in step) {
    const eof = await inbox.until(() => inbox.length > 0 || inbox.endReason !== null);
    if (inbox.length > 0) return `got ${show(inbox.take(inbox.length))} instead of EOF`;
    if (!eof) return 'the timeout came first';
    return inbox.endReason === 'EOF' ? null : `the connection ended by ${inbox.endReason}`;
  }
  if ('shutdown' in step) {
    sock.end();
    return null;
  }
  if ('close' in step) {
    sock.destroy();
    return null;
  }
  if ('reset' in step) {
    sock.resetAndDestroy();
    return null;
  }
  return 'unknown step';
}

function watch(sock: net.Socket, inbox: Inbox): void {
  sock.on('data', (c: Buffer) => inbox.push(c));
  sock.on('end', () => inbox.end('EOF'));
  sock.on('error', (e: NodeJS.ErrnoException) => inbox.end(e.code ?? e.message));
  sock.on('close', () => inbox.end('close'));
}

/** Runs the steps in order; marks the ones after a failure as not reached. */
async function runSteps(steps: PeerStep[], one: (s: PeerStep) => Promise<string | null>, out: Assertion[]): Promise<void> {
  let failed = false;
  for (const [i, step] of steps.entries()) {
    const name = `peer: ${describeStep(step)}`;
    if (failed) {
      out.push({ id: i + 1, ok: false, name, diag: { problem: 'not reached' } });
      continue;
    }
    const problem = await one(step);
    out.push({ id: i + 1, ok: problem === null, name, ...(problem ? { diag: { problem } } : {}) });
    failed = problem !== null;
  }
}

/** A TCP peer: listens (server) or connects (client) on loopback; one connection. */
function tcpPeer(spec: PeerSpec, host: string, server: net.Server | null, listenPort: number | null, deadline: number): Peer {
  const results: Assertion[] = [];
  const sockets = new Set<net.Socket>();
  const stop = new Stop(deadline);
  let done: Promise<void> = Promise.resolve();
  let connected: (s: net.Socket | null, why?: string) => void = () => {};
  const connection = new Promise<{ sock: net.Socket | null; why?: string }>((r) => (connected = (sock, why) => r({ sock, why })));

  const serve = async () => {
    const { sock, why } = await Promise.race([connection, stop.promise.then(() => ({ sock: null, why: 'no connection before the timeout' }))]);
    if (!sock) {
      spec.steps.forEach((step, i) => results.push({ id: i + 1, ok: false, name: `peer: ${describeStep(step)}`, diag: { problem: i === 0 ? why : 'not reached' } }));
      return;
    }
    const inbox = new Inbox(stop);
    watch(sock, inbox);
    await runSteps(spec.steps, (s) => tcpStep(sock, inbox, s, stop), results);
  };

  if (server) {
    server.on('connection', (s) => {
      sockets.add(s);
      if (sockets.size === 1) connected(s);
    });
    done = serve();
  }

  return {
    env: server ? { WASMCERT_PEER_PORT: String((server.address() as net.AddressInfo).port) } : listenPort ? { WASMCERT_LISTEN_PORT: String(listenPort) } : {},
    begin() {
      if (server) return;
      done = serve();
      const target = this.connectTo ?? { host, port: listenPort! };
      // the runtime starts, then listens: retry until it accepts or the test's time is up
      const attempt = () => {
        const s = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
        const retry = () => {
          s.destroy();
          if (Date.now() + 20 < deadline) setTimeout(attempt, 20).unref();
          else connected(null, `could not connect to ${target.host}:${target.port} before the timeout`);
        };
        s.once('error', retry);
        s.once('connect', () => {
          s.off('error', retry); // from now on an error is the connection's, seen by the steps
          sockets.add(s);
          connected(s);
        });
      };
      attempt();
    },
    async finish(graceMs) {
      await stop.windUp(done, graceMs);
      for (const s of sockets) s.destroy();
      if (server) await new Promise<void>((r) => server.close(() => r()));
      return results;
    },
  };
}

/** A UDP peer: binds, then answers whoever sent the last datagram. */
function udpPeer(spec: PeerSpec, sock: dgram.Socket, deadline: number): Peer {
  const results: Assertion[] = [];
  const queue: { msg: Buffer; from: dgram.RemoteInfo }[] = [];
  let wake: (() => void) | null = null;
  let last: dgram.RemoteInfo | null = null;
  let closed = false;
  sock.on('message', (msg, from) => {
    queue.push({ msg, from });
    wake?.();
  });
  const stop = new Stop(deadline);
  stop.onReach(() => wake?.());

  const step = async (s: PeerStep): Promise<string | null> => {
    if ('wait_ms' in s) {
      await stop.sleep(s.wait_ms);
      return null;
    }
    if ('expect' in s || 'expect_hex' in s) {
      while (!queue.length && !stop.reached) await new Promise<void>((r) => (wake = r));
      const got = queue.shift();
      if (!got) return 'no datagram before the timeout';
      last = got.from;
      const want = stepBytes(s)!;
      return got.msg.equals(want) ? null : `got ${show(got.msg)}`;
    }
    if ('send' in s || 'send_hex' in s) {
      if (!last) return 'no datagram from the guest yet: nowhere to send';
      const to = last;
      return new Promise((r) => sock.send(stepBytes(s)!, to.port, to.address, (e) => r(e ? e.message : null)));
    }
    if ('close' in s) {
      closed = true;
      sock.close();
      return null;
    }
    return 'not a UDP step';
  };
  const done = runSteps(spec.steps, step, results);
  return {
    env: { WASMCERT_PEER_PORT: String(sock.address().port) },
    begin() {},
    async finish(graceMs) {
      await stop.windUp(done, graceMs);
      if (!closed) await new Promise<void>((r) => sock.close(() => r()));
      return results;
    },
  };
}

/** Starts the peer a spec describes; `deadline` (ms since the epoch) bounds every wait. */
export async function startPeer(spec: PeerSpec, deadline: number, listener?: string): Promise<Peer> {
  const host = HOSTS[spec.family];
  const base = { WASMCERT_PEER_HOST: host };
  let peer: Peer;
  if (spec.transport === 'udp') {
    const sock = dgram.createSocket(spec.family === 'ipv6' ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(0, host, () => resolve());
    });
    peer = udpPeer(spec, sock, deadline);
  } else if (spec.role === 'server') {
    // half-open: a guest's shutdown(wr) must not close the peer's side before its next steps
    const server = net.createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    peer = tcpPeer(spec, host, server, null, deadline);
  } else if (listener) {
    const at = listener.lastIndexOf(':');
    peer = tcpPeer(spec, host, null, null, deadline);
    peer.connectTo = { host: listener.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(listener.slice(at + 1)) };
  } else {
    peer = tcpPeer(spec, host, null, await freeLoopbackPort(host), deadline);
  }
  peer.env = { ...base, ...peer.env };
  return peer;
}
