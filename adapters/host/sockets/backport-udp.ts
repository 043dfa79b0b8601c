/**
 * wasi:sockets/udp and udp-create-socket (docs/sockets-backport.md §4): bind, then
 * stream(none) for datagrams to any address or stream(some(remote)) for a connected
 * socket. Neither datagram stream ever blocks: receive returns what has arrived,
 * check-send grants a fixed number of datagrams, send gives each to the kernel at once.
 */
import { unpackAddr, type SockAddr } from './addr.ts';
import { trap } from './backport-abi.ts';
import { isMulticastOrBroadcast, isUnspecified, isV4Mapped, liftFlat, loadAddr, storeAddr } from './backport-address.ts';
import { codeOf, type Backport, type Functions } from './backport-context.ts';
import { EC, ecOfErrno } from './backport-errors.ts';
import { udpOptions } from './backport-options.ts';
import { Pollable, UdpSocket } from './backport-resources.ts';
import { addrResult, errResult, handlesResult, OK, u64Result, unitResult } from './backport-results.ts';
import { E } from './errno.ts';

/** Datagrams one receive returns at most, and one check-send grants (as the WAMR library). */
const MAX_DATAGRAMS = 64;
const SEND_PERMIT = 16n;
const DATAGRAM = 40; // incoming-datagram: data list @0, remote-address @8
const OUTGOING = 44; // outgoing-datagram: data list @0, option tag @8, remote-address @12

/** An address a datagram may go to: not the wildcard, not port 0, of the socket's own family. */
function badRemote(s: UdpSocket, to: SockAddr): boolean {
  return to.family !== s.family || isUnspecified(to) || to.port === 0 || isV4Mapped(to);
}

export function createUdpSocket(bp: Backport): Functions {
  return {
    'create-udp-socket': (family, ret) => {
      if (family !== 0 && family !== 1) trap(`invalid ip-address-family ${family}`);
      bp.abi.area((ret as number) >>> 0, 8, 4);
      const s = new UdpSocket(bp.newId(), family === 1 ? 6 : 4, bp.close);
      handlesResult(bp.abi, ret as number, [bp.table.add('udp-socket', s)]);
    },
  };
}

export function udp(bp: Backport): Functions {
  const { abi, table, host, policy } = bp;
  const sock = (h: number | bigint) => table.get(h as number, 'udp-socket');
  const unit = (ret: number | bigint, code: number) => unitResult(abi, ret as number, code);

  return {
    '[method]udp-socket.start-bind': (...args) => {
      const n = args.map(Number);
      const s = sock(n[0]!);
      table.get(n[1]!, 'network');
      const to = liftFlat(n.slice(2, 14));
      const ret = n[14]!;
      abi.area(ret >>> 0, 2, 1);
      if (s.state !== 'unbound') return unit(ret, EC.INVALID_STATE);
      if (to.family !== s.family || isV4Mapped(to) || isMulticastOrBroadcast(to)) return unit(ret, EC.INVALID_ARGUMENT);
      if (!policy.allowsAddress(to)) return unit(ret, EC.ACCESS_DENIED);
      const code = codeOf(host.call({ op: 'bpUdpBind', id: s.id, family: s.family, host: to.address, port: to.port, waitMs: 10_000 }));
      if (code !== OK) return unit(ret, code);
      s.state = 'bind-started';
      unit(ret, OK);
    },
    '[method]udp-socket.finish-bind': (self, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      if (s.state !== 'bind-started') return unit(ret, EC.NOT_IN_PROGRESS);
      s.state = 'bound';
      unit(ret, OK);
    },
    '[method]udp-socket.stream': (...args) => {
      const n = args.map(Number);
      const s = sock(n[0]!);
      if (n[1] !== 0 && n[1] !== 1) trap(`invalid option discriminant ${n[1]}`);
      const to = n[1] ? liftFlat(n.slice(2, 14)) : null;
      const ret = n[14]!;
      abi.area(ret >>> 0, 12, 4);
      const fail = (code: number) => errResult(abi, ret, 12, 4, 4, code);
      if (s.state !== 'bound') return fail(EC.INVALID_STATE);
      if (to && badRemote(s, to)) return fail(EC.INVALID_ARGUMENT);
      if (to && !policy.allowsAddress(to)) return fail(EC.ACCESS_DENIED);
      const code = codeOf(host.call({ op: 'bpUdpStream', id: s.id, to, waitMs: 10_000 }));
      if (code !== OK) return fail(code);
      s.connected = to;
      s.sendPermit = 0n;
      handlesResult(abi, ret, [table.add('incoming-datagram-stream', s), table.add('outgoing-datagram-stream', s)]);
    },
    '[method]udp-socket.local-address': (self, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 36, 4);
      const r = s.state === 'unbound' ? null : host.call({ op: 'addr', id: s.id, remote: false });
      const a = r && !r.errno ? unpackAddr(r.vals, 0) : null;
      if (!a) return errResult(abi, ret as number, 36, 4, 4, EC.INVALID_STATE);
      addrResult(abi, ret as number, a);
    },
    '[method]udp-socket.remote-address': (self, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 36, 4);
      if (!s.connected) return errResult(abi, ret as number, 36, 4, 4, EC.INVALID_STATE);
      addrResult(abi, ret as number, s.connected);
    },
    '[method]udp-socket.address-family': (self) => (sock(self).family === 6 ? 1 : 0),
    '[method]udp-socket.subscribe': (self) => {
      sock(self);
      return table.add('pollable', new Pollable(() => null)); // nothing on a udp-socket itself ever waits
    },
    '[resource-drop]udp-socket': (h) => table.drop(h as number, 'udp-socket'),

    '[method]incoming-datagram-stream.receive': (self, max, ret) => {
      const s = table.get(self as number, 'incoming-datagram-stream');
      const r0 = (ret as number) >>> 0;
      abi.area(r0, 12, 4);
      const want = BigInt.asUintN(64, max as bigint);
      const limit = Number(want < BigInt(MAX_DATAGRAMS) ? want : BigInt(MAX_DATAGRAMS));
      const got: { data: Uint8Array; from: SockAddr }[] = [];
      while (got.length < limit) {
        const r = host.call({ op: 'recv', id: s.id, max: 65_536, peek: false, waitall: false, waitMs: 0 });
        if (r.timedOut) break;
        if (r.errno) {
          if (!got.length) return errResult(abi, r0, 12, 4, 4, ecOfErrno(r.errno));
          break;
        }
        got.push({ data: r.data, from: unpackAddr(r.vals, 1)! });
      }
      const list = abi.alloc(4, DATAGRAM * got.length);
      got.forEach((d, i) => {
        const data = abi.list(d.data);
        const at = list + DATAGRAM * i;
        abi.putList(at, data);
        storeAddr(abi.view(), at + 8, d.from);
      });
      abi.area(r0, 12, 4).setUint8(r0, 0);
      abi.putList(r0 + 4, [list, got.length]);
    },
    '[method]incoming-datagram-stream.subscribe': (self) => {
      const s = table.get(self as number, 'incoming-datagram-stream');
      return table.add('pollable', new Pollable(() => ({ id: s.id, on: 'read' }), s));
    },
    '[resource-drop]incoming-datagram-stream': (h) => table.drop(h as number, 'incoming-datagram-stream'),

    '[method]outgoing-datagram-stream.check-send': (self, ret) => {
      const s = table.get(self as number, 'outgoing-datagram-stream');
      abi.area((ret as number) >>> 0, 16, 8);
      s.sendPermit = SEND_PERMIT;
      u64Result(abi, ret as number, s.sendPermit);
    },
    '[method]outgoing-datagram-stream.send': (self, ptr, n, ret) => {
      const s = table.get(self as number, 'outgoing-datagram-stream');
      abi.area((ret as number) >>> 0, 16, 8);
      const count = (n as number) >>> 0;
      const base = (ptr as number) >>> 0;
      if (count) abi.area(base, count * OUTGOING, 4);
      if (BigInt(count) > s.sendPermit) trap(`send of ${count} datagrams, more than check-send permitted (${s.sendPermit})`);
      s.sendPermit -= BigInt(count);
      let sent = 0n;
      let code = OK;
      for (let i = 0; i < count && code === OK; i++) {
        const at = base + OUTGOING * i;
        const v = abi.view();
        const [dataPtr, dataLen, has] = [v.getUint32(at, true), v.getUint32(at + 4, true), v.getUint8(at + 8)];
        if (has > 1) trap(`invalid option discriminant ${has}`);
        const to = has ? loadAddr(v, at + 12) : null;
        const data = abi.bytes(dataPtr, dataLen);
        if (to ? badRemote(s, to) : !s.connected) code = EC.INVALID_ARGUMENT;
        else if (to && s.connected && (to.address !== s.connected.address || to.port !== s.connected.port)) code = EC.INVALID_ARGUMENT;
        else if (to && !s.connected && !policy.allowsAddress(to)) code = EC.ACCESS_DENIED;
        if (code !== OK) break;
        const r = host.call({ op: 'send', id: s.id, data, to: s.connected ? undefined : to });
        if (r.errno === E.AGAIN) break; // the kernel's buffer is full: the rest is not sent
        if (r.errno) code = ecOfErrno(r.errno);
        else sent++;
      }
      if (sent === 0n && code !== OK) return errResult(abi, ret as number, 16, 8, 8, code);
      u64Result(abi, ret as number, sent);
    },
    '[method]outgoing-datagram-stream.subscribe': (self) => {
      table.get(self as number, 'outgoing-datagram-stream');
      return table.add('pollable', new Pollable(() => null)); // check-send always grants datagrams
    },
    '[resource-drop]outgoing-datagram-stream': (h) => table.drop(h as number, 'outgoing-datagram-stream'),
    ...udpOptions(bp),
  };
}
