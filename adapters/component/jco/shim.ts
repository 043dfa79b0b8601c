/**
 * preview2-shim, loaded only when a thread first runs a component: importing it starts
 * its I/O worker thread (file descriptors, streams and pollables live there), which a
 * worker that only ever runs P1 modules should not pay for.
 *
 * Only the shim's stateless parts are used as they are (clocks, random, io, the
 * filesystem classes). Everything it keeps as per-thread globals (arguments,
 * environment, cwd, preopens, stdio, exit) is given per run by wasi-imports.ts instead,
 * so nothing has to be set before a run and reset after it. What stays shared between a
 * thread's runs is the I/O worker (its stream and pollable tables; ids are never reused)
 * and the opener wrapping below. One thing cannot be contained: on an I/O error it does
 * not expect from a stream, the shim calls process.exit(1), which ends the pool worker.
 */

/**
 * The parts of the shim used here, typed by hand: TypeScript resolves the package's
 * browser typings (its `types` condition comes before `node`), which differ from the
 * Node build, and they declare the stream constructors private.
 */
export interface ShimInputStream {
  read(len: bigint): Uint8Array;
  blockingRead(len: bigint): Uint8Array;
  skip(len: bigint): bigint;
  blockingSkip(len: bigint): bigint;
  subscribe(): object;
}
export interface ShimOutputStream {
  checkWrite(): bigint;
  write(buf: Uint8Array): void;
  blockingWriteAndFlush(buf: Uint8Array): void;
  flush(): void;
  blockingFlush(): void;
  writeZeroes(len: bigint): void;
  blockingWriteZeroesAndFlush(len: bigint): void;
  splice(src: ShimInputStream, len: bigint): bigint;
  blockingSplice(src: ShimInputStream, len: bigint): bigint;
  subscribe(): object;
}
export interface Shim {
  cli: { terminalInput: object; terminalOutput: object };
  io: { error: object; poll: object; streams: { InputStream: new () => ShimInputStream; OutputStream: new () => ShimOutputStream } };
  filesystem: {
    types: { Descriptor: { prototype: object } };
    createFilesystem(config: { preopens: Record<string, string> }): { types: object; preopens: object };
  };
  clocks: { monotonicClock: { subscribeDuration(duration: bigint): object }; wallClock: object };
  random: { random: object; insecure: object; insecureSeed: object };
}

/** The shim's own choice: Symbol.dispose where the runtime has it. */
export const symbolDispose: symbol = (Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

type Disposable = Record<symbol, (() => void) | undefined>;

/** What the current run opened, or null between runs. */
let opened: Set<Disposable> | null = null;

/**
 * Descriptor methods that hand the guest something holding a host descriptor: a file
 * (an fd in the I/O worker), a stream on one (which keeps that fd open), a directory
 * listing (a Dir in this thread).
 */
const OPENERS = ['openAt', 'readViaStream', 'writeViaStream', 'appendViaStream', 'readDirectory'] as const;

/**
 * The shim closes what a guest leaves open only when the garbage collector finalises
 * it, possibly long after the run, and then by fd number: by then the sandbox clean-up
 * (runners/sandbox.ts) has closed that number and another thread may own it. So every
 * opener is wrapped, once per thread, to record what it returns while a run is on, and
 * the run disposes all of it at its end (disposeOpened). The shim creates these objects
 * itself, so wrapping the shared prototype is the only place to see them.
 */
function trackOpeners(filesystem: Shim['filesystem']): void {
  const proto = filesystem.types.Descriptor.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of OPENERS) {
    const real = proto[name]!;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const result = real.apply(this, args);
      if (result && typeof result === 'object') opened?.add(result as Disposable);
      return result;
    };
  }
}

let shimPromise: Promise<Shim> | undefined;
export function loadShim(): Promise<Shim> {
  shimPromise ??= (async () => {
    const [cli, io, filesystem, clocks, random] = await Promise.all([
      import('@bytecodealliance/preview2-shim/cli'),
      import('@bytecodealliance/preview2-shim/io'),
      import('@bytecodealliance/preview2-shim/filesystem'),
      import('@bytecodealliance/preview2-shim/clocks'),
      import('@bytecodealliance/preview2-shim/random'),
    ]);
    const shim = { cli, io, filesystem, clocks, random } as unknown as Shim;
    trackOpeners(shim.filesystem);
    return shim;
  })();
  shimPromise.catch(() => (shimPromise = undefined));
  return shimPromise;
}

/** Starts recording what the guest opens; only one run at a time per thread. */
export function startTracking(): void {
  opened = new Set();
}

/**
 * Closes everything the run opened and the guest did not close: streams and listings
 * first (a stream holds a reference on its file), then the files. Disposing twice is
 * harmless (the shim forgets its finaliser on the first), so what the guest already
 * closed is skipped by the shim itself. Returns the errors, which never fail a run.
 */
export function disposeOpened(shim: Shim): string[] {
  const all = [...(opened ?? [])];
  opened = null;
  const Descriptor = shim.filesystem.types.Descriptor as unknown as abstract new () => object;
  const isFile = (r: Disposable) => r instanceof Descriptor;
  const errors: string[] = [];
  for (const r of [...all.filter((r) => !isFile(r)), ...all.filter(isFile)]) {
    try {
      r[symbolDispose]?.();
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  return errors;
}
