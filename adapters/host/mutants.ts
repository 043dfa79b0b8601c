/**
 * Deliberately broken in-process hosts, for the self-test: each mutant wraps one P1
 * import so that it misbehaves the way a real runtime bug would (a wrong errno, dropped
 * bytes, ignored flags or rights, an escape from the preopen). The suite must catch
 * every one: a suite that passes a broken host proves nothing.
 */
import type { GuestRun } from '../types.ts';
import { HAL_MUTANTS } from './hal-mutants.ts';
import { around, type ImportModules, type Mutant, type MutantContext } from './mutant-kit.ts';
import { SOCKET_MUTANTS } from './socket-mutants.ts';

const ERRNO = { success: 0, acces: 2, badf: 8, inval: 28, noent: 44 } as const;
const U32 = 4;

let counter = 0;

const P1_MUTANTS: Record<string, Omit<Mutant, 'suite'>> = {
  'args_sizes_get-short-count': {
    breaks: 'args_sizes_get reports one argument fewer than the guest has',
    wrap: (p1, mem) => around(p1, 'args_sizes_get', (real) => (argc, size) => {
      const e = real(argc, size);
      if (e === 0) mem().setUint32(argc, Math.max(0, mem().getUint32(argc, true) - 1), true);
      return e;
    }),
  },
  'args_get-no-nul': {
    breaks: 'args_get writes the strings without their NUL terminators (each becomes "?")',
    wrap: (p1, mem) => around(p1, 'args_get', (real) => (argv, buf) => {
      const e = real(argv, buf);
      const view = mem();
      for (let i = buf; i < view.byteLength && i < buf + 65536; i++) {
        if (view.getUint8(i) === 0) {
          view.setUint8(i, 63);
          break; // only the first: enough to corrupt argv[0]
        }
      }
      return e;
    }),
  },
  'environ_sizes_get-extra-variable': {
    breaks: 'environ_sizes_get counts one variable more than the spec gave (a host variable leaking in)',
    wrap: (p1, mem) => around(p1, 'environ_sizes_get', (real) => (count, size) => {
      const e = real(count, size);
      if (e === 0) {
        mem().setUint32(count, mem().getUint32(count, true) + 1, true);
        mem().setUint32(size, mem().getUint32(size, true) + 7, true);
      }
      return e;
    }),
  },
  'fd_write-drops-last-byte': {
    breaks: 'fd_write reports every byte written but drops the last byte of the last iovec',
    wrap: (p1, mem) => around(p1, 'fd_write', (real) => (fd, iovs, n, nwritten) => {
      if (n === 0) return real(fd, iovs, n, nwritten);
      const lenAt = iovs + (n - 1) * 8 + U32;
      const len = mem().getUint32(lenAt, true);
      if (len === 0) return real(fd, iovs, n, nwritten);
      mem().setUint32(lenAt, len - 1, true);
      const e = real(fd, iovs, n, nwritten);
      mem().setUint32(lenAt, len, true);
      if (e === 0) mem().setUint32(nwritten, mem().getUint32(nwritten, true) + 1, true);
      return e;
    }),
  },
  'fd_read-short-count': {
    breaks: 'fd_read reads the bytes but reports one byte fewer',
    wrap: (p1, mem) => around(p1, 'fd_read', (real) => (fd, iovs, n, nread) => {
      const e = real(fd, iovs, n, nread);
      const got = e === 0 ? mem().getUint32(nread, true) : 0;
      if (got > 1) mem().setUint32(nread, got - 1, true);
      return e;
    }),
  },
  'fd_read-stdin-eof': {
    breaks: 'fd_read on stdin reports end of file at once',
    wrap: (p1, mem) => around(p1, 'fd_read', (real) => (fd, iovs, n, nread) => {
      if (fd !== 0) return real(fd, iovs, n, nread);
      mem().setUint32(nread, 0, true);
      return ERRNO.success;
    }),
  },
  'path_open-noent-as-acces': {
    breaks: 'path_open reports a missing file as acces instead of noent',
    wrap: (p1) => around(p1, 'path_open', (real) => (...a) => {
      const e = real(...a);
      return e === ERRNO.noent ? ERRNO.acces : e;
    }),
  },
  'path_open-ignores-excl': {
    breaks: 'path_open ignores O_EXCL, so creat|excl opens an existing file',
    wrap: (p1) => around(p1, 'path_open', (real) => (fd, dirflags, path, len, oflags, ...rest) => real(fd, dirflags, path, len, oflags! & ~0x4, ...rest)),
  },
  'path_open-dotdot-escapes': {
    breaks: 'path_open lets "../" paths succeed (hands back an open fd), as a runtime that escapes its preopen would',
    wrap: (p1, mem) => around(p1, 'path_open', (real) => (fd, dirflags, path, len, oflags, rb, ri, fdflags, out) => {
      const bytes = new Uint8Array(mem().buffer, path!, len!);
      if (Buffer.from(bytes).toString('utf8').startsWith('../')) {
        mem().setUint32(out!, 1, true);
        return ERRNO.success;
      }
      return real(fd!, dirflags!, path!, len!, oflags!, rb!, ri!, fdflags!, out!);
    }),
  },
  'path_open-ignores-directory-flag': {
    breaks: 'path_open ignores O_DIRECTORY, so a regular file opens as one',
    wrap: (p1) => around(p1, 'path_open', (real) => (fd, dirflags, path, len, oflags, ...rest) => real(fd, dirflags, path, len, oflags! & ~0x2, ...rest)),
  },
  'fd_close-keeps-fd-open': {
    breaks: 'fd_close reports success but leaves the fd open',
    wrap: (p1) => around(p1, 'fd_close', (real) => (fd) => (fd! > 3 ? ERRNO.success : real(fd!))),
  },
  'fd_readdir-empty': {
    breaks: 'fd_readdir reports every folder as empty',
    wrap: (p1, mem) => around(p1, 'fd_readdir', (real) => (fd, buf, len, cookie, used) => {
      const e = real(fd, buf, len, cookie, used);
      if (e === 0) mem().setUint32(used!, 0, true);
      return e;
    }),
  },
  'fd_readdir-ignores-cookie': {
    breaks: 'fd_readdir always starts from the first entry, whatever cookie it is given',
    wrap: (p1) => around(p1, 'fd_readdir', (real) => (fd, buf, len, _cookie, used) => real(fd!, buf!, len!, 0 as unknown as number, used!)),
  },
  'clock_time_get-runs-backwards': {
    breaks: 'the monotonic clock goes backwards a little on every read',
    wrap: (p1, mem) => around(p1, 'clock_time_get', (real) => (id, precision, out) => {
      const e = real(id, precision, out);
      if (e === 0 && id === 1) mem().setBigUint64(out!, mem().getBigUint64(out!, true) - BigInt(1_000_000 + ++counter * 1_000_000), true);
      return e;
    }),
  },
  'clock_res_get-zero': {
    breaks: 'clock_res_get reports a resolution of 0',
    wrap: (p1, mem) => around(p1, 'clock_res_get', (real) => (id, out) => {
      const e = real(id, out);
      if (e === 0) mem().setBigUint64(out!, 0n, true);
      return e;
    }),
  },
  'clock_time_get-accepts-unknown-clock': {
    breaks: 'clock_time_get accepts clock ids that do not exist, answering with the realtime clock',
    wrap: (p1) => around(p1, 'clock_time_get', (real) => (id, precision, out) => real(id! > 3 ? 0 : id!, precision!, out!)),
  },
  'random_get-zeros': {
    breaks: 'random_get fills the buffer with zeros',
    wrap: (p1) => around(p1, 'random_get', () => () => ERRNO.success),
  },
  'random_get-repeats': {
    breaks: 'random_get returns the same bytes on every call',
    wrap: (p1, mem) => around(p1, 'random_get', () => (buf, len) => {
      for (let i = 0; i < len!; i++) mem().setUint8(buf! + i, (i * 131 + 7) & 0xff);
      return ERRNO.success;
    }),
  },
  'proc_exit-off-by-one': {
    breaks: 'proc_exit(n) ends the guest with n + 1',
    wrap: (p1) => around(p1, 'proc_exit', (real) => (code) => real(code! + 1)),
  },
  'fd_seek-ignores-whence': {
    breaks: 'fd_seek treats every whence as SET',
    wrap: (p1) => around(p1, 'fd_seek', (real) => (fd, offset, _whence, out) => real(fd!, offset!, 0, out!)),
  },
  'fd_tell-always-zero': {
    breaks: 'fd_tell always answers 0',
    wrap: (p1, mem) => around(p1, 'fd_tell', (real) => (fd, out) => {
      const e = real(fd, out);
      if (e === 0) mem().setBigUint64(out!, 0n, true);
      return e;
    }),
  },
  'poll_oneoff-accepts-no-subscriptions': {
    breaks: 'poll_oneoff with no subscriptions returns success instead of inval',
    wrap: (p1, mem) => around(p1, 'poll_oneoff', (real) => (subs, events, n, nevents) => {
      if (n === 0) {
        mem().setUint32(nevents!, 0, true);
        return ERRNO.success;
      }
      return real(subs!, events!, n!, nevents!);
    }),
  },
  'path_create_directory-does-nothing': {
    breaks: 'path_create_directory reports success but creates nothing',
    wrap: (p1) => around(p1, 'path_create_directory', () => () => ERRNO.success),
  },
  'path_unlink_file-does-nothing': {
    breaks: 'path_unlink_file reports success but leaves the file',
    wrap: (p1) => around(p1, 'path_unlink_file', () => () => ERRNO.success),
  },
  'path_filestat_get-size-zero': {
    breaks: 'path_filestat_get reports every size as 0',
    wrap: (p1, mem) => around(p1, 'path_filestat_get', (real) => (fd, flags, path, len, out) => {
      const e = real(fd, flags, path, len, out);
      if (e === 0) mem().setBigUint64(out! + 32, 0n, true);
      return e;
    }),
  },
  'fd_fdstat_set_rights-ignored': {
    breaks: 'fd_fdstat_set_rights reports success but drops no right (a guest keeps what it gave up)',
    wrap: (p1) => around(p1, 'fd_fdstat_set_rights', () => () => ERRNO.success),
  },
  'path_rename-does-nothing': {
    breaks: 'path_rename reports success but leaves the file where it was',
    wrap: (p1) => around(p1, 'path_rename', () => () => ERRNO.success),
  },
  'path_symlink-does-nothing': {
    breaks: 'path_symlink reports success but creates no link',
    wrap: (p1) => around(p1, 'path_symlink', () => () => ERRNO.success),
  },
  'path_filestat_set_times-swaps-times': {
    breaks: 'path_filestat_set_times sets the access time as the modification time and the other way round',
    wrap: (p1) => around(p1, 'path_filestat_set_times', (real) => (...a) => {
      const [fd, flags, path, len, atim, mtim, fst] = a as unknown as [number, number, number, number, bigint, bigint, number];
      // fstflags: atim 1, atim_now 2, mtim 4, mtim_now 8
      const swapped = ((fst & 3) << 2) | ((fst >> 2) & 3) | (fst & ~15);
      return (real as unknown as (...x: unknown[]) => number)(fd, flags, path, len, mtim, atim, swapped);
    }),
  },
  'path_readlink-short-count': {
    breaks: 'path_readlink writes the target but reports one byte fewer',
    wrap: (p1, mem) => around(p1, 'path_readlink', (real) => (fd, path, len, buf, bufLen, used) => {
      const e = real(fd, path, len, buf, bufLen, used);
      const got = e === 0 ? mem().getUint32(used!, true) : 0;
      if (got > 0) mem().setUint32(used!, got - 1, true);
      return e;
    }),
  },
};

export const MUTANTS: Record<string, Mutant> = {
  ...Object.fromEntries(Object.entries(P1_MUTANTS).map(([name, m]) => [name, { ...m, suite: 'p1' as const }])),
  ...SOCKET_MUTANTS,
  ...HAL_MUTANTS,
  'cm-extra-realloc': {
    suite: 'component-model/count',
    breaks: 'the component host calls the guest cabi_realloc twice for every allocation it makes (one leaked)',
    componentInstrument: 'count+extra-realloc',
  },
  'cm-copy-twice': {
    suite: 'component-model/count',
    breaks: 'the component host copies every list or string it lowers into guest memory twice',
    componentInstrument: 'count+copy-twice',
  },
};

/** The instrument a component run uses under this mutant, or undefined for a P1 mutant. */
export function componentMutantInstrument(name: string): Mutant['componentInstrument'] {
  return mutantNamed(name).componentInstrument;
}

function mutantNamed(name: string): Mutant {
  const mutant = MUTANTS[name];
  if (!mutant) throw new Error(`unknown mutant "${name}"`);
  return mutant;
}

/** The run as the mutant's broken host would see it. */
export function mutantRun(name: string, run: GuestRun): GuestRun {
  if (mutantNamed(name).componentInstrument) return run;
  return mutantNamed(name).adjustRun?.(run) ?? run;
}

/** Applies a mutant by name to a run's import object; unknown names are a harness error. */
export function applyMutant(name: string, imports: ImportModules, memory: () => WebAssembly.Memory | undefined, ctx: MutantContext): void {
  const mutant = mutantNamed(name);
  const mem = () => new DataView(memory()!.buffer);
  mutant.wrap?.(imports.wasi_snapshot_preview1!, mem, ctx);
  mutant.wrapImports?.(imports, mem, ctx);
}
