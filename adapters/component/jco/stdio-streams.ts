/**
 * A run's stdin, stdout and stderr as wasi:io streams. The shim's own stdio reads the
 * process's fd 0 and writes through process.stdout, both shared by every run in the
 * thread. jco checks `instanceof` the shim's stream classes and then calls methods on
 * the object itself, so subclasses that override every method are accepted as streams
 * and never touch the shim's I/O worker.
 */
import { writeSync } from 'node:fs';
import type { Shim, ShimInputStream, ShimOutputStream } from './shim.ts';

/** Thrown from a write once a guest has written more than the run's output limit (as the P1 path's fd_write). */
export class OutputLimitExceeded extends Error {}

/** Our stdio file could not be written: a harness failure, never the guest's (run-component.ts). */
export class StdioFault extends Error {}

/** wasi:io/streams' stream-error `closed`, thrown as the shim throws it (jco lowers it as the error case). */
const CLOSED = { tag: 'closed' } as const;

/** What check-write allows at once; the P1 adapter writes stdout in 4 KiB blocking writes anyway. */
const WRITE_BUDGET = 1n << 20n;

export interface StdioClasses {
  /** Writes to `fd` (a file in the run's workDir), stopping the guest past `limit` bytes. */
  CapturedOutput: new (fd: number, name: 'stdout' | 'stderr', limit: number) => ShimOutputStream;
  /** The spec's stdin bytes, then end of stream: an open pipe that reaches EOF, as on the P1 path. */
  BufferedInput: new (bytes: Uint8Array) => ShimInputStream;
}

/** A WIT u64 length as a JS number (clamped: no buffer can be that large anyway). */
function length(len: bigint | number): number {
  const n = BigInt.asUintN(64, BigInt(len));
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

const ZEROES = new Uint8Array(64 * 1024);

/**
 * The classes for one thread's shim. `ready` gives a pollable that is ready at once:
 * these streams never block, and a guest may still subscribe to them.
 */
export function stdioClasses(shim: Shim): StdioClasses {
  const { InputStream, OutputStream } = shim.io.streams;
  const ready = () => shim.clocks.monotonicClock.subscribeDuration(0n);

  class CapturedOutput extends OutputStream {
    #fd: number;
    #name: string;
    #limit: number;
    #written = 0;
    constructor(fd: number, name: 'stdout' | 'stderr', limit: number) {
      super();
      this.#fd = fd;
      this.#name = name;
      this.#limit = limit;
    }
    /** Counts first, so a write past the limit leaves the file as it was (as the P1 path does). */
    #count(n: number): void {
      this.#written += n;
      if (this.#written > this.#limit) throw new OutputLimitExceeded(`guest wrote more than ${this.#limit} bytes to ${this.#name}`);
    }
    #put(buf: Uint8Array): void {
      this.#count(buf.byteLength);
      this.#write(buf, buf.byteLength);
    }
    #write(buf: Uint8Array, n: number): void {
      try {
        for (let done = 0; done < n; ) done += writeSync(this.#fd, buf, done, n - done);
      } catch (e) {
        throw new StdioFault(`could not write the guest's ${this.#name} to the run's ${this.#name} file: ${(e as Error).message}`);
      }
    }
    #zeroes(len: bigint): void {
      const n = length(len);
      this.#count(n);
      for (let done = 0; done < n; done += ZEROES.byteLength) this.#write(ZEROES, Math.min(ZEROES.byteLength, n - done));
    }
    override checkWrite() {
      return WRITE_BUDGET;
    }
    override write(buf: Uint8Array) {
      this.#put(buf);
    }
    override blockingWriteAndFlush(buf: Uint8Array) {
      this.#put(buf);
    }
    override flush() {}
    override blockingFlush() {}
    override writeZeroes(len: bigint) {
      this.#zeroes(len);
    }
    override blockingWriteZeroesAndFlush(len: bigint) {
      this.#zeroes(len);
    }
    override splice(src: ShimInputStream, len: bigint) {
      const bytes = src.read(len);
      this.#put(bytes);
      return BigInt(bytes.byteLength);
    }
    override blockingSplice(src: ShimInputStream, len: bigint) {
      const bytes = src.blockingRead(len);
      this.#put(bytes);
      return BigInt(bytes.byteLength);
    }
    override subscribe() {
      return ready();
    }
  }

  class BufferedInput extends InputStream {
    #bytes: Uint8Array;
    #at = 0;
    constructor(bytes: Uint8Array) {
      super();
      this.#bytes = bytes;
    }
    #take(len: bigint): Uint8Array {
      if (this.#at >= this.#bytes.byteLength) throw CLOSED;
      const end = Math.min(this.#bytes.byteLength, this.#at + length(len));
      const out = this.#bytes.slice(this.#at, end);
      this.#at = end;
      return out;
    }
    override read(len: bigint) {
      return this.#take(len);
    }
    override blockingRead(len: bigint) {
      return this.#take(len);
    }
    override skip(len: bigint) {
      return BigInt(this.#take(len).byteLength);
    }
    override blockingSkip(len: bigint) {
      return BigInt(this.#take(len).byteLength);
    }
    override subscribe() {
      return ready();
    }
  }

  return { CapturedOutput, BufferedInput };
}
