/**
 * wasi:sockets/tcp and tcp-create-socket (docs/sockets-backport.md §4): the tcp-socket
 * state machine of the WIT, with the WAMR library's answers where the WIT leaves a choice
 * (adapters/wamr/backport/). start-* does the work and never waits; finish-* reports it,
 * or would-block while the service has not seen it happen yet.
 */
import { unpackAddr, type SockAddr } from './addr.ts';
import { trap } from './backport-abi.ts';
import { isMulticastOrBroadcast, isUnspecified, isV4Mapped, liftFlat } from './backport-address.ts';
import { codeOf, type Backport, type Functions } from './backport-context.ts';
import { EC, ecOfErrno } from './backport-errors.ts';
import { connOpts, tcpOptions } from './backport-options.ts';
import { Pollable, TcpSocket } from './backport-resources.ts';
import { addrResult, errResult, handlesResult, OK, unitResult } from './backport-results.ts';
import { E } from './errno.ts';

type Args = (number | bigint)[];
const SHUT = [1, 2, 3]; // receive, send, both → the service's P1 sdflags (rd 1, wr 2)

/** self, network, the 12 flat address values, retptr: the 15 params of start-bind / start-connect. */
function addressCall(bp: Backport, args: Args): { s: TcpSocket; to: SockAddr; ret: number } {
  const n = args.map(Number);
  const s = bp.table.get(n[0]!, 'tcp-socket');
  bp.table.get(n[1]!, 'network');
  const to = liftFlat(n.slice(2, 14));
  const ret = n[14]!;
  bp.abi.area(ret >>> 0, 2, 1);
  return { s, to, ret };
}

export function createTcpSocket(bp: Backport): Functions {
  return {
    'create-tcp-socket': (family, ret) => {
      if (family !== 0 && family !== 1) trap(`invalid ip-address-family ${family}`);
      bp.abi.area((ret as number) >>> 0, 8, 4);
      const s = new TcpSocket(bp.newId(), family === 1 ? 6 : 4, bp.close);
      handlesResult(bp.abi, ret as number, [bp.table.add('tcp-socket', s)]);
    },
  };
}

export function tcp(bp: Backport): Functions {
  const { abi, table, host, policy } = bp;
  const sock = (h: number | bigint) => table.get(h as number, 'tcp-socket');
  const unit = (ret: number | bigint, code: number) => unitResult(abi, ret as number, code);
  const checked = (ret: number | bigint, size: number) => abi.area((ret as number) >>> 0, size, 4);

  /** An address of the socket, from the service once it holds the socket, else from bind. */
  const address = (s: TcpSocket, remote: boolean): SockAddr | null => {
    const inService = !['unbound', 'bind-started', 'bound', 'closed'].includes(s.state);
    if (inService) {
      const r = host.call({ op: 'addr', id: s.id, remote });
      const a = r.errno ? null : unpackAddr(r.vals, 0);
      if (a || remote) return a;
    }
    return remote ? null : s.bound;
  };

  return {
    '[method]tcp-socket.start-bind': (...args) => {
      const { s, to, ret } = addressCall(bp, args);
      if (s.state !== 'unbound') return unit(ret, EC.INVALID_STATE);
      if (to.family !== s.family || isV4Mapped(to) || isMulticastOrBroadcast(to)) return unit(ret, EC.INVALID_ARGUMENT);
      if (!policy.allowsAddress(to)) return unit(ret, EC.ACCESS_DENIED);
      const r = host.call({ op: 'bpTcpBind', id: s.id, family: s.family, host: to.address, port: to.port, waitMs: 10_000 });
      const code = codeOf(r);
      if (code !== OK) return unit(ret, code);
      s.bound = unpackAddr(r.vals, 0);
      s.state = 'bind-started';
      unit(ret, OK);
    },
    '[method]tcp-socket.finish-bind': (self, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      if (s.state !== 'bind-started') return unit(ret, EC.NOT_IN_PROGRESS);
      s.state = 'bound';
      unit(ret, OK);
    },
    '[method]tcp-socket.start-connect': (...args) => {
      const { s, to, ret } = addressCall(bp, args);
      if (to.family !== s.family || isUnspecified(to) || to.port === 0 || isV4Mapped(to) || isMulticastOrBroadcast(to)) return unit(ret, EC.INVALID_ARGUMENT);
      if (s.state !== 'unbound' && s.state !== 'bound') return unit(ret, EC.INVALID_STATE);
      if (!policy.allowsAddress(to)) return unit(ret, EC.ACCESS_DENIED);
      const code = codeOf(host.call({ op: 'bpTcpConnect', id: s.id, family: s.family, host: to.address, port: to.port, opts: connOpts(s) }));
      if (code !== OK) {
        s.state = 'closed';
        return unit(ret, code);
      }
      s.state = 'connecting';
      unit(ret, OK);
    },
    '[method]tcp-socket.finish-connect': (self, ret) => {
      const s = sock(self);
      checked(ret, 12);
      if (s.state === 'connecting') {
        const st = host.call({ op: 'connectState', id: s.id }).errno;
        if (st === E.INPROGRESS) return errResult(abi, ret as number, 12, 4, 4, EC.WOULD_BLOCK);
        s.state = 'connect-ready';
        s.connectError = st ? ecOfErrno(st) : null;
      }
      if (s.state !== 'connect-ready') return errResult(abi, ret as number, 12, 4, 4, EC.NOT_IN_PROGRESS);
      if (s.connectError !== null) {
        s.state = 'closed';
        return errResult(abi, ret as number, 12, 4, 4, s.connectError);
      }
      s.state = 'connected';
      handlesResult(abi, ret as number, [table.add('input-stream', s), table.add('output-stream', s)]);
    },
    '[method]tcp-socket.start-listen': (self, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      if (s.state !== 'bound') return unit(ret, EC.INVALID_STATE);
      const code = codeOf(host.call({ op: 'bpTcpListen', id: s.id, backlog: s.backlog, waitMs: 10_000 }));
      if (code !== OK) return unit(ret, code);
      s.state = 'listen-started';
      unit(ret, OK);
    },
    '[method]tcp-socket.finish-listen': (self, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      if (s.state !== 'listen-started') return unit(ret, EC.NOT_IN_PROGRESS);
      s.state = 'listening';
      unit(ret, OK);
    },
    '[method]tcp-socket.accept': (self, ret) => {
      const s = sock(self);
      checked(ret, 16);
      const fail = (code: number) => errResult(abi, ret as number, 16, 4, 4, code);
      if (s.state !== 'listening') return fail(EC.INVALID_STATE);
      const c = new TcpSocket(bp.newId(), s.family, bp.close, 'connected');
      Object.assign(c.opts, s.opts); // an accepted socket inherits the listener's options
      const r = host.call({ op: 'accept', id: s.id, newId: c.id, opts: connOpts(c), waitMs: 0 });
      if (r.timedOut) return fail(EC.WOULD_BLOCK);
      if (r.errno) return fail(ecOfErrno(r.errno));
      handlesResult(abi, ret as number, [table.add('tcp-socket', c), table.add('input-stream', c), table.add('output-stream', c)]);
    },
    '[method]tcp-socket.local-address': (self, ret) => {
      const s = sock(self);
      checked(ret, 36);
      const a = s.state === 'unbound' || s.state === 'closed' ? null : address(s, false);
      if (!a) return errResult(abi, ret as number, 36, 4, 4, EC.INVALID_STATE);
      addrResult(abi, ret as number, a);
    },
    '[method]tcp-socket.remote-address': (self, ret) => {
      const s = sock(self);
      checked(ret, 36);
      const a = s.state === 'connected' ? address(s, true) : null;
      if (!a) return errResult(abi, ret as number, 36, 4, 4, EC.INVALID_STATE);
      addrResult(abi, ret as number, a);
    },
    '[method]tcp-socket.is-listening': (self) => (sock(self).state === 'listening' ? 1 : 0),
    '[method]tcp-socket.address-family': (self) => (sock(self).family === 6 ? 1 : 0),
    '[method]tcp-socket.set-listen-backlog-size': (self, value, ret) => {
      const s = sock(self);
      abi.area((ret as number) >>> 0, 2, 1);
      const v = BigInt.asUintN(64, value as bigint);
      if (v === 0n) return unit(ret, EC.INVALID_ARGUMENT);
      // kept for start-listen; Node cannot change a listening socket's backlog, the kernel may ignore it anyway
      s.backlog = Number(v > 0x7fffffffn ? 0x7fffffffn : v);
      if (s.state === 'connected' || s.state === 'connecting') return unit(ret, EC.INVALID_STATE);
      unit(ret, OK);
    },
    '[method]tcp-socket.subscribe': (self) => {
      const s = sock(self);
      const target = () => (s.state === 'connecting' ? { id: s.id, on: 'connect' as const } : s.state === 'listening' ? { id: s.id, on: 'read' as const } : null);
      return table.add('pollable', new Pollable(target, s));
    },
    '[method]tcp-socket.shutdown': (self, how, ret) => {
      const s = sock(self);
      if (how !== 0 && how !== 1 && how !== 2) trap(`invalid shutdown-type ${how}`);
      abi.area((ret as number) >>> 0, 2, 1);
      if (s.state !== 'connected') return unit(ret, EC.INVALID_STATE);
      const r = host.call({ op: 'shutdown', id: s.id, how: SHUT[how as number] });
      if (r.errno && r.errno !== E.NOTCONN) return unit(ret, ecOfErrno(r.errno));
      if (how !== 1) s.inClosed = true;
      if (how !== 0) s.outClosed = true;
      unit(ret, OK);
    },
    '[resource-drop]tcp-socket': (h) => table.drop(h as number, 'tcp-socket'),
    ...tcpOptions(bp),
  };
}
