/**
 * Service side of the back-port's TCP: a socket that is bound but neither listening nor
 * connecting, which wasi:sockets has (start-bind, then listen or connect) and Node's net
 * module has not. libuv's TCP handle has it: net.Server.listen and net.Socket both accept
 * one, so the handle is taken from `process.binding('tcp_wrap')`, bound, kept, and handed
 * to whichever comes next. The port is held from bind on, a second bind to it fails, and
 * nothing accepts on it before listen (a connect there is refused), as with POSIX sockets.
 *
 * Where the runtime no longer offers that binding, bind only proves the address can be
 * bound (listen, close) and remembers it: listen and connect then bind it again.
 */
import net from 'node:net';
import { getSystemErrorName } from 'node:util';
import { packAddr, type SockAddr } from './addr.ts';
import { EC, ecOfNode } from './backport-errors.ts';
import { Conn, Listener, waitUntil } from './service-sockets.ts';
import { applyConnOpts } from './service-stream.ts';
import type { Answer, Ctx, Msg } from './service.ts';

interface TcpHandle {
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  getsockname(out: { address?: string; port?: number }): number;
  close(): void;
}
interface TcpWrap {
  TCP: new (type: number) => TcpHandle;
  constants: { SOCKET: number };
}
const UV_TCP_IPV6ONLY = 1;
const UV_EINVAL = -22;

const tcpWrap: TcpWrap | null = (() => {
  try {
    return (process as unknown as { binding(name: string): TcpWrap }).binding('tcp_wrap');
  } catch {
    return null;
  }
})();

/** A bound TCP socket waiting for listen or connect. */
export class Bound {
  constructor(
    readonly run: number,
    readonly handle: TcpHandle | null,
    readonly addr: SockAddr,
  ) {}
  destroy(): void {
    this.handle?.close();
  }
}

export const bound = new Map<number, Bound>();

/** An error-code answer of the back-port's own operations. */
export function failed(ec: number): Answer {
  return { json: { ec } };
}

export async function tcpBind(_ctx: Ctx, m: Msg): Promise<Answer> {
  const family = m.family as 4 | 6;
  const host = m.host as string;
  if (!tcpWrap) return probeBind(m, family, host);
  const h = new tcpWrap.TCP(tcpWrap.constants.SOCKET);
  // libuv sets SO_REUSEADDR (as the WAMR library does) and defers EADDRINUSE to getsockname
  let err = family === 6 ? h.bind6(host, m.port as number, UV_TCP_IPV6ONLY) : h.bind(host, m.port as number);
  const name: { address?: string; port?: number } = {};
  if (!err) err = h.getsockname(name);
  if (err) {
    h.close();
    return failed(err === UV_EINVAL ? EC.INVALID_STATE : ecOfNode(getSystemErrorName(err)));
  }
  const addr: SockAddr = { family, address: name.address!, port: name.port! };
  bound.set(m.id as number, new Bound(m.run as number, h, addr));
  return { vals: packAddr(addr) };
}

async function probeBind(m: Msg, family: 4 | 6, host: string): Promise<Answer> {
  const server = net.createServer();
  const err = await new Promise<unknown>((resolve) => {
    server.once('error', resolve);
    server.listen({ host, port: m.port as number, ipv6Only: family === 6, exclusive: true }, () => resolve(null));
  });
  if (err) return failed(ecOfNode(err));
  const a = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const addr: SockAddr = { family, address: a.address, port: a.port };
  bound.set(m.id as number, new Bound(m.run as number, null, addr));
  return { vals: packAddr(addr) };
}

export async function tcpListen(ctx: Ctx, m: Msg): Promise<Answer> {
  const id = m.id as number;
  const b = bound.get(id);
  if (!b) return failed(EC.INVALID_STATE);
  const server = net.createServer({ allowHalfOpen: true });
  const l = new Listener(m.run as number, server);
  const backlog = m.backlog as number;
  const err = await new Promise<unknown>((resolve) => {
    server.once('error', resolve);
    if (b.handle) server.listen(b.handle, backlog, () => resolve(null));
    else server.listen({ host: b.addr.address, port: b.addr.port, ipv6Only: b.addr.family === 6, backlog }, () => resolve(null));
  });
  if (err) {
    l.destroy();
    return failed(ecOfNode(err));
  }
  bound.delete(id);
  server.on('error', () => l.notify());
  ctx.set(id, l);
  return {};
}

/** Starts a connection and answers at once: its outcome is the Conn's (connectState). */
export function tcpConnect(ctx: Ctx, m: Msg): Answer {
  const id = m.id as number;
  const b = bound.get(id);
  bound.delete(id);
  const to = { host: m.host as string, port: m.port as number };
  let sock: net.Socket;
  try {
    if (b?.handle) {
      // manualStart: reading starts once connected (a read on the bare handle would fail)
      sock = new net.Socket({ handle: b.handle, allowHalfOpen: true, manualStart: true } as net.SocketConstructorOpts);
      sock.connect(to);
    } else {
      sock = net.connect({ ...to, family: m.family as number, allowHalfOpen: true, ...(b ? { localAddress: b.addr.address, localPort: b.addr.port } : {}) });
    }
  } catch (e) {
    b?.destroy();
    return failed(ecOfNode(e));
  }
  const c = new Conn(m.run as number, sock, true);
  applyConnOpts(c, m.opts as { keepAlive: boolean; keepIdleS: number });
  ctx.set(id, c);
  return {};
}

/**
 * write / blocking-write-and-flush / blocking-flush: queues `data` in Node (a write never
 * blocks) and, with `flush`, waits until Node has handed every queued byte to the kernel.
 * Answers vals[0] = 1 for a closed stream, or the errno of the connection's failure.
 */
export async function tcpWrite(ctx: Ctx, m: Msg): Promise<Answer> {
  const c = ctx.get(m.id as number);
  if (!(c instanceof Conn) || c.shutWr) return { vals: [1] };
  if (c.err) return { errno: c.err };
  if (c.closed) return { vals: [1] };
  const data = m.data as Uint8Array;
  if (data.length) c.sock.write(data, () => c.notify());
  if (!m.flush) return {};
  const ok = await waitUntil([c], () => c.sock.writableLength === 0 || c.err !== 0 || c.closed, m.waitMs);
  if (c.err) return { errno: c.err };
  return ok ? {} : { timedOut: true };
}

/** check-write: vals [writable now, errno of a failed connection, closed]. */
export function tcpWritable(ctx: Ctx, m: Msg): Answer {
  const c = ctx.get(m.id as number);
  if (!(c instanceof Conn)) return { vals: [0, 0, 1] };
  return { vals: [c.writable ? 1 : 0, c.err, c.closed || c.shutWr ? 1 : 0] };
}
