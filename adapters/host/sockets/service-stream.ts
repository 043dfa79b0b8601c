/** The socket service's TCP operations: listen, accept, connect, recv, send, shutdown. */
import net from 'node:net';
import { packAddr } from './addr.ts';
import { E, errnoOf } from './errno.ts';
import { Conn, Listener, waitUntil } from './service-sockets.ts';
import type { Answer, Ctx, Msg } from './service.ts';

interface ConnOpts {
  noDelay?: boolean;
  keepAlive?: boolean;
  keepIdleS?: number;
}

/** The options the guest set before the connection existed (the rest the guest side keeps). */
export function applyConnOpts(c: Conn, o: ConnOpts | undefined): void {
  if (!o) return;
  if (o.noDelay) c.sock.setNoDelay(true);
  if (o.keepAlive) c.sock.setKeepAlive(true, (o.keepIdleS ?? 0) * 1000);
}

export async function listen(ctx: Ctx, m: Msg): Promise<Answer> {
  const server = net.createServer({ allowHalfOpen: true });
  const l = new Listener(m.run as number, server);
  const err = await new Promise<number>((resolve) => {
    server.once('error', (e) => resolve(errnoOf(e)));
    server.listen({ host: m.host as string, port: m.port as number, ipv6Only: Boolean(m.ipv6Only), backlog: (m.backlog as number) || undefined }, () => resolve(0));
  });
  if (err) {
    l.destroy();
    return { errno: err };
  }
  server.on('error', () => l.notify());
  ctx.set(m.id as number, l);
  return { vals: packAddr(l.local()) };
}

export async function accept(ctx: Ctx, m: Msg): Promise<Answer> {
  const l = ctx.get(m.id as number);
  if (!(l instanceof Listener)) return { errno: E.INVAL };
  const ok = await waitUntil([l], () => l.queue.length > 0 || l.closed, m.waitMs as number);
  if (l.closed) return { errno: E.INVAL };
  if (!ok) return { timedOut: true };
  const c = l.queue.shift()!;
  applyConnOpts(c, m.opts as ConnOpts);
  ctx.set(m.newId as number, c);
  return { vals: packAddr(c.remote()) };
}

export async function connect(ctx: Ctx, m: Msg): Promise<Answer> {
  const sock = net.connect({
    host: m.host as string,
    port: m.port as number,
    family: m.family as number,
    allowHalfOpen: true,
    ...(m.localHost !== undefined ? { localAddress: m.localHost as string, localPort: m.localPort as number } : {}),
  });
  const c = new Conn(m.run as number, sock, true);
  applyConnOpts(c, m.opts as ConnOpts);
  ctx.set(m.id as number, c);
  if ((m.waitMs as number) <= 0 && m.nonblock) return { errno: E.INPROGRESS };
  const ok = await waitUntil([c], () => !c.connecting, m.waitMs as number);
  if (!ok) return { timedOut: true };
  if (c.err) {
    ctx.drop(m.id as number);
    return { errno: c.err };
  }
  return { vals: packAddr(c.local()) };
}

/** State of a connect started without waiting: 0 connected, inprogress, or its error. */
export function connectState(ctx: Ctx, m: Msg): Answer {
  const c = ctx.get(m.id as number);
  if (!(c instanceof Conn)) return { errno: E.BADF };
  if (c.connecting) return { errno: E.INPROGRESS };
  return { errno: c.err && !c.eof ? c.err : 0 };
}

export async function recvStream(c: Conn, m: Msg): Promise<Answer> {
  const max = m.max as number;
  const peek = Boolean(m.peek);
  const enough = () => c.shutRd || c.eof || c.err !== 0 || c.closed || (c.size > 0 && (!m.waitall || c.size >= max));
  const ok = await waitUntil([c], enough, m.waitMs as number);
  if (c.shutRd) return { data: new Uint8Array(0) };
  // with waitall, what came before a timeout (or nonblock) is returned, as POSIX recv does
  if (c.size > 0) return { data: c.read(max, peek) };
  if (!ok) return { timedOut: true };
  if (c.err) return { errno: c.err };
  return { data: new Uint8Array(0) }; // EOF
}

export async function sendStream(c: Conn, m: Msg): Promise<Answer> {
  const data = m.data as Uint8Array;
  if (c.shutWr) return { errno: E.PIPE };
  if (c.err) {
    const err = c.err;
    c.err = E.PIPE; // the error is reported once, as POSIX does; then the pipe is broken
    return { errno: err };
  }
  if (c.closed) return { errno: E.PIPE };
  if ((m.waitMs as number) <= 0 && (c.connecting || c.sock.writableNeedDrain)) return { errno: E.AGAIN };
  let result: number | null = null;
  c.sock.write(data, (e) => {
    result = e ? errnoOf(e) : 0;
    c.notify();
  });
  if (m.nonblock) return { vals: [data.length] };
  const ok = await waitUntil([c], () => result !== null || c.closed || c.err !== 0, m.waitMs as number);
  if (result) return { errno: result };
  if (result === null && c.err) return { errno: c.err };
  if (!ok) return { vals: [data.length], timedOut: true };
  return { vals: [data.length] };
}

export function shutdownStream(c: Conn, how: number): Answer {
  if (how & 1) c.dropInput();
  if (how & 2 && !c.shutWr) {
    c.shutWr = true;
    c.sock.end();
  }
  return {};
}
