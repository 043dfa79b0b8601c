/**
 * wasi:io/streams over a TCP connection, and wasi:io/error for what a failed operation
 * hands back (docs/sockets-backport.md §4). A stream-error is `closed` once the stream has
 * ended (EOF, shutdown, or a failure already reported), `last-operation-failed` with an
 * error resource the first time the connection fails, as the WIT says.
 */
import { trap } from './backport-abi.ts';
import { leftMs, type Backport, type Functions } from './backport-context.ts';
import { IoError, Pollable, type TcpSocket } from './backport-resources.ts';
import { E } from './errno.ts';

/** Largest read: the guest asks for a length, a read may return less. */
const READ_CAP = 65_536n;
/** What check-write allows while the connection can take data (Node queues beyond the kernel). */
const WRITE_PERMIT = 65_536n;
/** The WIT's limit for blocking-write-and-flush. */
const BLOCKING_WRITE_MAX = 4096;

function errnoName(errno: number): string {
  return Object.entries(E).find(([, v]) => v === errno)?.[0].toLowerCase() ?? `errno ${errno}`;
}

export function streams(bp: Backport): Functions {
  const { abi, table, host } = bp;
  const input = (h: number | bigint) => table.get(h as number, 'input-stream');
  const output = (h: number | bigint) => table.get(h as number, 'output-stream');

  /** The err case of a stream result whose stream-error sits at `at`; failed with a reason, else closed. */
  const streamError = (ret: number | bigint, size: 12 | 16, failed?: string) => {
    const e = failed ? table.add('error', new IoError(failed)) : 0;
    const p = (ret as number) >>> 0;
    const at = size === 16 ? 8 : 4;
    const v = abi.area(p, size, size === 16 ? 8 : 4);
    v.setUint8(p, 1);
    v.setUint8(p + at, failed ? 0 : 1);
    v.setUint32(p + at + 4, e, true);
  };
  /** ok of result<list<u8>, stream-error> */
  const okBytes = (ret: number | bigint, data: Uint8Array) => {
    const list = abi.list(data);
    const p = (ret as number) >>> 0;
    abi.area(p, 12, 4).setUint8(p, 0);
    abi.putList(p + 4, list);
  };
  /** ok of result<_, stream-error> */
  const okUnit = (ret: number | bigint) => {
    const p = (ret as number) >>> 0;
    new Uint8Array(abi.area(p, 12, 4).buffer, p, 12).fill(0);
  };

  const read = (blocking: boolean) => (self: number | bigint, len: number | bigint, ret: number | bigint) => {
    const s = input(self);
    abi.area((ret as number) >>> 0, 12, 4);
    if (s.inClosed) return streamError(ret, 12);
    const want = BigInt.asUintN(64, len as bigint);
    if (want === 0n) return okBytes(ret, new Uint8Array(0));
    const max = Number(want < READ_CAP ? want : READ_CAP);
    for (;;) {
      // a blocking read that ran into the run's deadline ends the run there (host.call throws)
      const r = host.call({ op: 'recv', id: s.id, max, peek: false, waitall: false, waitMs: blocking ? leftMs(bp) : 0 });
      if (r.timedOut) {
        if (blocking) continue;
        return okBytes(ret, new Uint8Array(0));
      }
      if (r.errno || r.data.length === 0) s.inClosed = true;
      if (r.errno) return streamError(ret, 12, `read: ${errnoName(r.errno)}`);
      if (r.data.length === 0) return streamError(ret, 12);
      return okBytes(ret, r.data);
    }
  };

  /** Queues `data` (blocking: and waits until it reached the kernel); the stream result at `ret`. */
  const send = (s: TcpSocket, data: Uint8Array, blocking: boolean, ret: number | bigint) => {
    if (s.outClosed) return streamError(ret, 12);
    let r = host.call({ op: 'bpTcpWrite', id: s.id, data, flush: blocking, waitMs: blocking ? leftMs(bp) : 0 });
    while (r.timedOut) r = host.call({ op: 'bpTcpWrite', id: s.id, data: new Uint8Array(0), flush: true, waitMs: leftMs(bp) });
    if (r.errno || r.vals[0] === 1) s.outClosed = true;
    if (r.errno) return streamError(ret, 12, `write: ${errnoName(r.errno)}`);
    if (r.vals[0] === 1) return streamError(ret, 12);
    okUnit(ret);
  };

  const write = (blocking: boolean) => (self: number | bigint, ptr: number | bigint, len: number | bigint, ret: number | bigint) => {
    const s = output(self);
    abi.area((ret as number) >>> 0, 12, 4);
    const data = abi.bytes(ptr as number, len as number);
    if (blocking && data.length > BLOCKING_WRITE_MAX) trap(`blocking-write-and-flush of ${data.length} bytes, more than ${BLOCKING_WRITE_MAX}`);
    if (!blocking) {
      if (BigInt(data.length) > s.writePermit) trap(`write of ${data.length} bytes, more than check-write permitted (${s.writePermit})`);
      s.writePermit -= BigInt(data.length);
    }
    send(s, data, blocking, ret);
  };

  const flush = (blocking: boolean) => (self: number | bigint, ret: number | bigint) => {
    const s = output(self);
    abi.area((ret as number) >>> 0, 12, 4);
    if (!blocking) return s.outClosed ? streamError(ret, 12) : okUnit(ret); // Node flushes by itself
    send(s, new Uint8Array(0), true, ret);
  };

  return {
    '[method]input-stream.read': read(false),
    '[method]input-stream.blocking-read': read(true),
    '[method]input-stream.subscribe': (self) => {
      const s = input(self);
      return table.add('pollable', new Pollable(() => (s.inClosed ? null : { id: s.id, on: 'read' }), s));
    },
    '[resource-drop]input-stream': (h) => table.drop(h as number, 'input-stream'),
    '[method]output-stream.check-write': (self, ret) => {
      const s = output(self);
      abi.area((ret as number) >>> 0, 16, 8);
      if (s.outClosed) return streamError(ret, 16);
      const [ready, err, closed] = host.call({ op: 'bpTcpWritable', id: s.id }).vals;
      if (err || closed) s.outClosed = true;
      if (err) return streamError(ret, 16, `write: ${errnoName(err)}`);
      if (closed) return streamError(ret, 16);
      s.writePermit = ready ? WRITE_PERMIT : 0n;
      const p = (ret as number) >>> 0;
      const v = abi.area(p, 16, 8);
      v.setUint8(p, 0);
      v.setBigUint64(p + 8, s.writePermit, true);
    },
    '[method]output-stream.write': write(false),
    '[method]output-stream.blocking-write-and-flush': write(true),
    '[method]output-stream.flush': flush(false),
    '[method]output-stream.blocking-flush': flush(true),
    '[method]output-stream.subscribe': (self) => {
      const s = output(self);
      return table.add('pollable', new Pollable(() => (s.outClosed ? null : { id: s.id, on: 'write' }), s));
    },
    '[resource-drop]output-stream': (h) => table.drop(h as number, 'output-stream'),
  };
}

export function ioError(bp: Backport): Functions {
  const { abi, table } = bp;
  return {
    '[method]error.to-debug-string': (self, ret) => {
      const e = table.get(self as number, 'error');
      abi.area((ret as number) >>> 0, 8, 4);
      abi.putList((ret as number) >>> 0, abi.list(new TextEncoder().encode(e.message)));
    },
    '[resource-drop]error': (h) => table.drop(h as number, 'error'),
  };
}
