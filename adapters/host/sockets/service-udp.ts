/** The socket service's UDP operations. */
import dgram from 'node:dgram';
import { packAddr, type SockAddr } from './addr.ts';
import { E, errnoOf } from './errno.ts';
import { Udp, waitUntil } from './service-sockets.ts';
import type { Answer, Ctx, Msg } from './service.ts';

export async function bind(ctx: Ctx, m: Msg): Promise<Answer> {
  const sock = dgram.createSocket({ type: m.family === 6 ? 'udp6' : 'udp4', reuseAddr: Boolean(m.reuseAddr), ipv6Only: Boolean(m.ipv6Only) });
  const u = new Udp(m.run as number, sock);
  const err = await new Promise<number>((resolve) => {
    sock.once('error', (e) => resolve(errnoOf(e)));
    sock.bind({ address: m.host as string, port: m.port as number, exclusive: true }, () => resolve(0));
  });
  if (err) {
    u.destroy();
    return { errno: err };
  }
  // options set before the socket existed (Node applies most of them only to a bound socket)
  try {
    if (m.recvBuf) sock.setRecvBufferSize(m.recvBuf as number);
    if (m.sendBuf) sock.setSendBufferSize(m.sendBuf as number);
    if (m.broadcast) sock.setBroadcast(true);
    if (m.ttl) sock.setTTL(m.ttl as number);
    if (m.mcastTtl) sock.setMulticastTTL(m.mcastTtl as number);
  } catch (e) {
    u.destroy();
    return { errno: errnoOf(e) };
  }
  ctx.set(m.id as number, u);
  return { vals: packAddr(u.local()) };
}

export async function connect(u: Udp, m: Msg): Promise<Answer> {
  const to = m.to as SockAddr;
  if (u.connected) u.sock.disconnect();
  const err = await new Promise<number>((resolve) => {
    u.sock.once('error', (e) => resolve(errnoOf(e)));
    u.sock.connect(to.port, to.address, () => resolve(0));
  });
  if (!err) u.connected = to;
  return { errno: err };
}

export async function recv(u: Udp, m: Msg): Promise<Answer> {
  const ok = await waitUntil([u], () => u.queue.length > 0 || u.closed || u.shutRd, m.waitMs as number);
  if (u.shutRd && !u.queue.length) return { data: new Uint8Array(0), vals: [0, ...packAddr(null)] };
  if (!ok) return { timedOut: true };
  if (!u.queue.length) return { errno: E.BADF };
  const d = m.peek ? u.queue[0]! : u.queue.shift()!;
  const max = m.max as number;
  return { data: d.data.subarray(0, max), vals: [d.data.length > max ? 1 : 0, ...packAddr(d.from)] };
}

export async function send(u: Udp, m: Msg): Promise<Answer> {
  const data = m.data as Uint8Array;
  const to = m.to as SockAddr | undefined;
  if (u.shutWr) return { errno: E.PIPE };
  const err = await new Promise<number>((resolve) => {
    const cb = (e: Error | null) => resolve(e ? errnoOf(e) : 0);
    try {
      if (to && !u.connected) u.sock.send(data, to.port, to.address, cb);
      else u.sock.send(data, cb);
    } catch (e) {
      resolve(errnoOf(e));
    }
  });
  return err ? { errno: err } : { vals: [data.length] };
}

/** Real dgram options; `get` reads the kernel's value back where Node can. */
export function option(u: Udp, name: string, value: number, get: boolean): Answer {
  const s = u.sock;
  try {
    switch (name) {
      case 'recvBuf':
        if (!get) s.setRecvBufferSize(value);
        return { vals: [s.getRecvBufferSize()] };
      case 'sendBuf':
        if (!get) s.setSendBufferSize(value);
        return { vals: [s.getSendBufferSize()] };
      case 'broadcast':
        s.setBroadcast(Boolean(value));
        return {};
      case 'ttl':
        s.setTTL(value);
        return {};
      case 'mcastTtl':
        s.setMulticastTTL(value);
        return {};
      case 'mcastLoop':
        s.setMulticastLoopback(Boolean(value));
        return {};
      default:
        return { errno: E.INVAL };
    }
  } catch (e) {
    return { errno: errnoOf(e) === E.IO ? E.INVAL : errnoOf(e) };
  }
}

export function membership(u: Udp, group: string, add: boolean): Answer {
  try {
    if (add) u.sock.addMembership(group);
    else u.sock.dropMembership(group);
    return {};
  } catch (e) {
    return { errno: errnoOf(e) === E.IO ? E.INVAL : errnoOf(e) };
  }
}
