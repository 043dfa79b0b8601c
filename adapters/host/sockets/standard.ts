/**
 * The P1 calls on socket fds: sock_accept, sock_recv, sock_send, sock_shutdown and the fd_*
 * calls. Every P1 import that takes an fd is wrapped so that a reserved number (fd-table.ts)
 * never reaches node:wasi; any other fd goes to node:wasi untouched, so the standard calls
 * on files, folders and unopened fds answer exactly as node:wasi does.
 */
import { E } from './errno.ts';
import { RIGHT, type Sock } from './fd-table.ts';
import { faultOnBadPointer } from './guest-memory.ts';
import type { SocketHost } from './host.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const NONBLOCK = 4;
const FILETYPE = { dgram: 5, stream: 6 } as const;

/** Errors of P1 calls that make no sense on a socket (Linux's answer for the same call). */
const ON_SOCKET: Record<string, number> = {
  fd_advise: E.SPIPE,
  fd_allocate: E.NODEV,
  fd_datasync: E.INVAL,
  fd_sync: E.INVAL,
  fd_filestat_set_size: E.INVAL,
  fd_filestat_set_times: E.INVAL,
  fd_pread: E.SPIPE,
  fd_pwrite: E.SPIPE,
  fd_seek: E.SPIPE,
  fd_tell: E.SPIPE,
  fd_readdir: E.NOTDIR,
  fd_prestat_get: E.BADF,
  fd_prestat_dir_name: E.BADF,
  path_create_directory: E.NOTDIR,
  path_filestat_get: E.NOTDIR,
  path_filestat_set_times: E.NOTDIR,
  path_open: E.NOTDIR,
  path_readlink: E.NOTDIR,
  path_remove_directory: E.NOTDIR,
  path_unlink_file: E.NOTDIR,
  path_link: E.NOTDIR,
  path_rename: E.NOTDIR,
  path_symlink: E.NOTDIR,
};
/** Which arguments of a call are fds (path_link and path_rename take two). */
const FD_ARGS: Record<string, number[]> = { path_link: [0, 4], path_rename: [0, 3], path_symlink: [2] };

export function installStandard(p1: Record<string, ImportFn>, host: SocketHost): void {
  const { mem, table } = host;
  const real = host.real;
  const wrap = (name: string, onSock: (s: Sock, fd: number, ...rest: (number | bigint)[]) => number) => {
    const orig = real[name];
    if (!orig) return;
    p1[name] = faultOnBadPointer((fd, ...rest) => {
      const s = table.get(fd as number);
      if (s === undefined) return orig(fd, ...rest);
      if (s === 'spare') return E.BADF;
      return onSock(s, fd as number, ...rest);
    });
  };

  for (const [name, errno] of Object.entries(ON_SOCKET)) {
    const at = FD_ARGS[name] ?? [0];
    const orig = real[name];
    if (!orig) continue;
    p1[name] = (...args) => {
      const slots = at.map((i) => table.get(args[i] as number));
      if (slots.includes('spare')) return E.BADF;
      if (slots.some((s) => s !== undefined)) return errno;
      return orig(...args);
    };
  }

  wrap('fd_close', (s, fd) => host.close(fd, s));
  wrap('fd_fdstat_get', (s, _fd, buf) => {
    const v = mem.check(buf as number, 24);
    new Uint8Array(v.buffer, buf as number, 24).fill(0);
    v.setUint8(buf as number, FILETYPE[s.type]);
    v.setUint16((buf as number) + 2, s.nonblock ? NONBLOCK : 0, true);
    v.setBigUint64((buf as number) + 8, s.base, true);
    v.setBigUint64((buf as number) + 16, s.inheriting, true);
    return 0;
  });
  wrap('fd_fdstat_set_flags', (s, _fd, flags) => {
    if (!(s.base & RIGHT.FD_FDSTAT_SET_FLAGS)) return E.NOTCAPABLE;
    if ((flags as number) & ~NONBLOCK) return E.INVAL; // append, dsync, rsync, sync mean nothing on a socket
    s.nonblock = ((flags as number) & NONBLOCK) !== 0;
    return 0;
  });
  wrap('fd_fdstat_set_rights', (s, _fd, base, inheriting) => {
    if ((base as bigint) & ~s.base || (inheriting as bigint) & ~s.inheriting) return E.NOTCAPABLE;
    s.base = base as bigint;
    s.inheriting = inheriting as bigint;
    return 0;
  });
  wrap('fd_filestat_get', (s, fd, buf) => {
    if (!(s.base & RIGHT.FD_FILESTAT_GET)) return E.NOTCAPABLE;
    const v = mem.check(buf as number, 64);
    const at = buf as number;
    new Uint8Array(v.buffer, at, 64).fill(0);
    v.setBigUint64(at + 8, BigInt(s.id), true); // ino: unique per socket
    v.setUint8(at + 16, FILETYPE[s.type]);
    v.setBigUint64(at + 24, 1n, true); // nlink
    for (const off of [40, 48, 56]) v.setBigUint64(at + off, s.created, true);
    void fd;
    return 0;
  });
  /** fd_read and sock_recv: up to the iovecs' room, scattered; the count at `nread`, the truncation flag at `roflags`. */
  const recvInto = (s: Sock, iovs: number, n: number, nread: number, peek: boolean, waitall: boolean, roflags?: number): number => {
    const spans = mem.iovs(iovs, n);
    mem.check(nread, 4);
    if (roflags !== undefined) mem.check(roflags, 2);
    const r = host.recv(s, spans.reduce((t, x) => t + x.len, 0), peek, waitall);
    if (typeof r === 'number') return r;
    mem.scatter(spans, r.data);
    const v = mem.view();
    v.setUint32(nread, r.data.length, true);
    if (roflags !== undefined) v.setUint16(roflags, r.truncated ? 1 : 0, true);
    return 0;
  };
  /** fd_write and sock_send: the iovecs gathered and sent; the count at `nsent`. */
  const sendFrom = (s: Sock, iovs: number, n: number, nsent: number): number => {
    const data = mem.gather(mem.iovs(iovs, n));
    mem.check(nsent, 4);
    const r = host.send(s, data);
    if (typeof r === 'number') return r;
    mem.view().setUint32(nsent, r.n, true);
    return 0;
  };
  wrap('fd_read', (s, _fd, iovs, n, nread) => recvInto(s, iovs as number, n as number, nread as number, false, false));
  wrap('fd_write', (s, _fd, iovs, n, nwritten) => sendFrom(s, iovs as number, n as number, nwritten as number));

  const renumber = real.fd_renumber!;
  p1.fd_renumber = (from, to) => {
    const dst = table.get(to as number);
    if (table.get(from as number) === undefined && dst === undefined) return renumber(from, to);
    const errno = table.renumber(from as number, to as number);
    if (!errno && dst !== undefined && dst !== 'spare' && from !== to) host.call({ op: 'close', id: dst.id });
    return errno;
  };

  p1.sock_accept = faultOnBadPointer((fd, flags, newfd) => {
    if (table.get(fd as number) === undefined) return real.sock_accept!(fd, flags, newfd);
    mem.check(newfd as number, 4);
    const r = host.accept(fd as number, flags as number);
    if (typeof r === 'number') return r;
    mem.view().setUint32(newfd as number, r.fd, true);
    return 0;
  });
  p1.sock_recv = faultOnBadPointer((fd, iovs, n, riflags, nread, roflags) => {
    if (table.get(fd as number) === undefined) return real.sock_recv!(fd, iovs, n, riflags, nread, roflags);
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if ((riflags as number) & ~3) return E.INVAL;
    return recvInto(s, iovs as number, n as number, nread as number, ((riflags as number) & 1) !== 0, ((riflags as number) & 2) !== 0, roflags as number);
  });
  p1.sock_send = faultOnBadPointer((fd, iovs, n, siflags, nsent) => {
    if (table.get(fd as number) === undefined) return real.sock_send!(fd, iovs, n, siflags, nsent);
    const s = host.lookup(fd as number);
    if (typeof s === 'number') return s;
    if (siflags !== 0) return E.INVAL; // no siflags are defined
    return sendFrom(s, iovs as number, n as number, nsent as number);
  });
  p1.sock_shutdown = faultOnBadPointer((fd, how) => {
    if (table.get(fd as number) === undefined) return real.sock_shutdown!(fd, how);
    return host.shutdown(fd as number, how as number);
  });
}
