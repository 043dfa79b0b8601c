/**
 * The socket service thread: owns every net.Server, net.Socket and dgram.Socket of the
 * guests of one pool worker, and answers their requests through channel.ts. Requests
 * are handled one at a time, in order (a guest thread has at most one outstanding).
 */
import dns from 'node:dns/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { packAddr, type SockAddr } from './addr.ts';
import { backportOps, closeBackportRun } from './backport-service.ts';
import { Answerer } from './channel.ts';
import { E, errnoOf } from './errno.ts';
import { Conn, Listener, Udp, waitUntil, type Entity } from './service-sockets.ts';
import * as stream from './service-stream.ts';
import * as udp from './service-udp.ts';

export type Msg = Record<string, unknown> & { op: string; seq: number; waitMs: number };
export interface Answer {
  errno?: number;
  timedOut?: boolean;
  vals?: number[];
  data?: Uint8Array;
  json?: unknown;
}

export class Ctx {
  private readonly entities = new Map<number, Entity>();
  get(id: number): Entity | undefined {
    return this.entities.get(id);
  }
  set(id: number, e: Entity): void {
    this.entities.set(id, e);
  }
  drop(id: number, reset = false, now = false): void {
    const e = this.entities.get(id);
    this.entities.delete(id);
    if (e instanceof Conn) e.destroy(reset, now);
    else e?.destroy();
  }
  /** Everything of one run, closed at once: no port stays open after it. */
  closeRun(run: number): void {
    for (const [id, e] of this.entities) if (e.run === run) this.drop(id, false, true);
  }
}

type Handler = (ctx: Ctx, m: Msg) => Answer | Promise<Answer>;

const ops: Record<string, Handler> = {
  ...backportOps,
  listen: stream.listen,
  accept: stream.accept,
  connect: stream.connect,
  connectState: stream.connectState,
  udpBind: udp.bind,
  udpConnect: (ctx, m) => withUdp(ctx, m, (u) => udp.connect(u, m)),
  recv: (ctx, m) => {
    const e = ctx.get(m.id as number);
    if (e instanceof Conn) return stream.recvStream(e, m);
    if (e instanceof Udp) return udp.recv(e, m);
    return { errno: e instanceof Listener ? E.NOTCONN : E.BADF };
  },
  send: (ctx, m) => {
    const e = ctx.get(m.id as number);
    if (e instanceof Conn) return stream.sendStream(e, m);
    if (e instanceof Udp) return udp.send(e, m);
    return { errno: e instanceof Listener ? E.NOTCONN : E.BADF };
  },
  shutdown: (ctx, m) => {
    const e = ctx.get(m.id as number);
    const how = m.how as number;
    if (e instanceof Conn) return stream.shutdownStream(e, how);
    if (e instanceof Listener) {
      if (how & 1) e.destroy(); // Linux: shutting down a listener's read side stops it listening
      return {};
    }
    if (e instanceof Udp) {
      if (how & 1) (e.shutRd = true), (e.queue.length = 0), e.notify();
      if (how & 2) e.shutWr = true;
      return {};
    }
    return { errno: E.BADF };
  },
  close: (ctx, m) => {
    ctx.drop(m.id as number, Boolean(m.reset));
    return {};
  },
  closeRun: (ctx, m) => {
    ctx.closeRun(m.run as number);
    closeBackportRun(m.run as number);
    return {};
  },
  addr: (ctx, m) => {
    const e = ctx.get(m.id as number);
    if (!e) return { errno: E.BADF };
    let a: SockAddr | null;
    if (m.remote) a = e instanceof Conn ? e.remote() : e instanceof Udp ? e.connected : null;
    else a = e.local();
    return a ? { vals: packAddr(a) } : { errno: E.NOTCONN };
  },
  opt: (ctx, m) => {
    const e = ctx.get(m.id as number);
    const value = m.value as number;
    if (e instanceof Udp) return udp.option(e, m.name as string, value, Boolean(m.get));
    if (e instanceof Conn) {
      if (m.name === 'noDelay') e.sock.setNoDelay(Boolean(value));
      else if (m.name === 'keepAlive') e.sock.setKeepAlive(Boolean(value), ((m.keepIdleS as number) ?? 0) * 1000);
      return {};
    }
    return {};
  },
  membership: (ctx, m) => withUdp(ctx, m, (u) => udp.membership(u, m.group as string, Boolean(m.add))),
  poll: async (ctx, m) => {
    const subs = m.subs as { id: number; write: boolean }[];
    const items = subs.map((s) => ctx.get(s.id)).filter((e): e is Entity => e !== undefined);
    const states = () => subs.map((s) => readiness(ctx.get(s.id), s.write));
    const ok = await waitUntil(items, () => states().some((s) => s.ready), m.waitMs);
    return { json: states(), timedOut: !ok };
  },
  resolve: async (_ctx, m) => {
    try {
      const found = await dns.lookup(m.host as string, { all: true, family: m.family as 0 | 4 | 6 });
      return { json: found.map((a) => ({ address: a.address, family: a.family })) };
    } catch (e) {
      return { errno: errnoOf(e) === E.IO ? E.NOENT : errnoOf(e) };
    }
  },
};

function withUdp(ctx: Ctx, m: Msg, f: (u: Udp) => Answer | Promise<Answer>): Answer | Promise<Answer> {
  const e = ctx.get(m.id as number);
  return e instanceof Udp ? f(e) : { errno: E.BADF };
}

export interface Readiness {
  ready: boolean;
  nbytes: number;
  hangup: boolean;
}

/** What poll_oneoff reports for one fd subscription. */
function readiness(e: Entity | undefined, write: boolean): Readiness {
  if (!e) return { ready: true, nbytes: 0, hangup: true };
  if (e instanceof Listener) return { ready: !write && (e.queue.length > 0 || e.closed), nbytes: write ? 0 : e.queue.length, hangup: e.closed };
  if (e instanceof Udp) {
    if (write) return { ready: true, nbytes: 65_507, hangup: false };
    return { ready: e.queue.length > 0 || e.shutRd, nbytes: e.queue[0]?.data.length ?? 0, hangup: false };
  }
  if (write) {
    const gone = e.err !== 0 || e.closed;
    return { ready: e.writable, nbytes: gone || e.shutWr ? 0 : Math.max(0, e.sock.writableHighWaterMark - e.sock.writableLength), hangup: gone };
  }
  return { ready: e.readable, nbytes: e.size, hangup: e.hangup };
}

const ctx = new Ctx();
const answerer = new Answerer(workerData.sab as SharedArrayBuffer);
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (m: Msg) => {
  queue = queue.then(async () => {
    let a: Answer;
    try {
      const op = ops[m.op];
      a = op ? await op(ctx, m) : { errno: E.NOSYS };
    } catch (e) {
      process.emitWarning(`socket service: ${m.op} failed: ${(e as Error).stack ?? e}`);
      a = { errno: errnoOf(e) };
    }
    answerer.answer(m.seq, a);
  });
});
