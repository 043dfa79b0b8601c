/**
 * The socket service's operations for the back-port (service.ts registers them). The
 * back-port also uses the shared ones: accept, connectState, recv, send, shutdown, addr,
 * opt. What only the back-port has lives here: sockets bound before they listen or
 * connect (backport-service-tcp.ts), UDP streams that connect and disconnect, name
 * lookups that run while the guest goes on, and pollables over all of these.
 */
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import { packAddr, type SockAddr } from './addr.ts';
import { EC, ecOfNode } from './backport-errors.ts';
import { bound, failed, tcpBind, tcpConnect, tcpListen, tcpWritable, tcpWrite } from './backport-service-tcp.ts';
import { Conn, Listener, Udp, Waitable, waitUntil, type Entity } from './service-sockets.ts';
import type { Answer, Ctx, Msg } from './service.ts';

/** A name lookup in flight or done, until the guest collects its answer. */
class Lookup extends Waitable {
  done = false;
  addresses: { address: string; family: number }[] = [];
  ec: number | null = null;
}
const lookups = new Map<number, Lookup>();

async function udpBind(ctx: Ctx, m: Msg): Promise<Answer> {
  const family = m.family as 4 | 6;
  // never dual-stack, as the WAMR library: an ipv6 socket only ever speaks IPv6
  const sock = dgram.createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: family === 6 });
  const u = new Udp(m.run as number, sock);
  const err = await new Promise<unknown>((resolve) => {
    sock.once('error', resolve);
    sock.bind({ address: m.host as string, port: m.port as number, exclusive: true }, () => resolve(null));
  });
  if (err) {
    u.destroy();
    return failed(ecOfNode(err));
  }
  ctx.set(m.id as number, u);
  return { vals: packAddr(u.local()) };
}

/** stream(some(remote)) connects the socket, stream(none) disconnects it. */
async function udpStream(ctx: Ctx, m: Msg): Promise<Answer> {
  const u = ctx.get(m.id as number);
  if (!(u instanceof Udp)) return failed(EC.INVALID_STATE);
  if (u.connected) {
    u.sock.disconnect();
    u.connected = null;
  }
  const to = m.to as SockAddr | null;
  if (!to) return {};
  const err = await new Promise<unknown>((resolve) => {
    const onError = (e: unknown) => resolve(e);
    u.sock.once('error', onError);
    u.sock.connect(to.port, to.address, () => {
      u.sock.off('error', onError);
      resolve(null);
    });
  });
  if (err) return failed(ecOfNode(err));
  u.connected = to;
  return {};
}

function resolve(_ctx: Ctx, m: Msg): Answer {
  const l = new Lookup(m.run as number);
  lookups.set(m.id as number, l);
  dns
    .lookup(m.host as string, { all: true, verbatim: true })
    .then(
      (found) => void (l.addresses = found),
      (e) => void (l.ec = ecOfNode(e)),
    )
    .finally(() => {
      l.done = true;
      l.notify();
    });
  return {};
}

/** A finished lookup's answer (and the service forgets it); timedOut while it runs. */
function lookupResult(_ctx: Ctx, m: Msg): Answer {
  const l = lookups.get(m.id as number);
  if (!l) return failed(EC.UNKNOWN);
  if (!l.done) return { timedOut: true };
  lookups.delete(m.id as number);
  return l.ec !== null ? failed(l.ec) : { json: { addresses: l.addresses } };
}

type On = 'read' | 'write' | 'connect' | 'lookup';

/** Whether what a pollable waits on has happened; something already gone is ready. */
function isReady(e: Entity | Lookup | undefined, on: On): boolean {
  if (e instanceof Lookup) return e.done;
  if (e instanceof Conn) return on === 'read' ? e.readable : on === 'write' ? e.writable : !e.connecting;
  if (e instanceof Listener) return on !== 'read' || e.queue.length > 0 || e.closed;
  if (e instanceof Udp) return on !== 'read' || e.queue.length > 0 || e.closed || e.shutRd;
  return true;
}

/** Which of the items are ready (json booleans), waiting up to waitMs for one to be. */
async function poll(ctx: Ctx, m: Msg): Promise<Answer> {
  const items = m.items as { id: number; on: On }[];
  const find = (id: number) => ctx.get(id) ?? lookups.get(id);
  const states = () => items.map((i) => isReady(find(i.id), i.on));
  const waitables = items.map((i) => find(i.id)).filter((e): e is Entity | Lookup => e !== undefined);
  const ok = await waitUntil(waitables, () => states().some(Boolean), m.waitMs);
  return { json: states(), timedOut: !ok };
}

/** The guest let go of `id`: whatever the service keeps under it is closed. */
function close(ctx: Ctx, m: Msg): Answer {
  const id = m.id as number;
  bound.get(id)?.destroy();
  bound.delete(id);
  lookups.delete(id);
  ctx.drop(id);
  return {};
}

/** Ends what the back-port keeps for a run outside the service's Ctx (closeRun). */
export function closeBackportRun(run: number): void {
  for (const [id, b] of bound) if (b.run === run) (b.destroy(), bound.delete(id));
  for (const [id, l] of lookups) if (l.run === run) lookups.delete(id);
}

export const backportOps: Record<string, (ctx: Ctx, m: Msg) => Answer | Promise<Answer>> = {
  bpTcpBind: tcpBind,
  bpTcpListen: tcpListen,
  bpTcpConnect: tcpConnect,
  bpTcpWrite: tcpWrite,
  bpTcpWritable: tcpWritable,
  bpUdpBind: udpBind,
  bpUdpStream: udpStream,
  bpResolve: resolve,
  bpLookupResult: lookupResult,
  bpPoll: poll,
  bpClose: close,
};
