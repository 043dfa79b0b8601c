/**
 * The guest's linear memory as the socket calls see it. A pointer outside it throws
 * BadPointer; the standard calls turn that into `fault` and WAMR's extension into a trap
 * ("out of bounds memory access"), as iwasm's checked native signatures do.
 */
import { E } from './errno.ts';

export class BadPointer extends Error {}

type ImportFn = (...args: (number | bigint)[]) => number;

/** A call's body whose bad guest pointer answers `fault` instead of trapping. */
export function faultOnBadPointer(f: ImportFn): ImportFn {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      if (e instanceof BadPointer) return E.FAULT;
      throw e;
    }
  };
}

export interface Span {
  ptr: number;
  len: number;
}

export class GuestMemory {
  constructor(private readonly memory: () => WebAssembly.Memory | undefined) {}

  view(): DataView {
    const m = this.memory();
    if (!m) throw new BadPointer('the guest exports no memory');
    return new DataView(m.buffer);
  }

  check(ptr: number, len: number): DataView {
    const v = this.view();
    if (ptr < 0 || len < 0 || ptr + len > v.byteLength) throw new BadPointer(`${len} bytes at ${ptr} are outside the guest's memory`);
    return v;
  }

  bytes(ptr: number, len: number): Uint8Array {
    const v = this.check(ptr, len);
    return new Uint8Array(v.buffer, ptr, len);
  }

  /** The (c)iovec array; every buffer is bounds-checked before anything moves. */
  iovs(iovs: number, n: number): Span[] {
    const v = this.check(iovs, n * 8);
    const out: Span[] = [];
    for (let i = 0; i < n; i++) {
      const s = { ptr: v.getUint32(iovs + i * 8, true), len: v.getUint32(iovs + i * 8 + 4, true) };
      this.check(s.ptr, s.len);
      out.push(s);
    }
    return out;
  }

  gather(spans: Span[]): Uint8Array {
    const total = spans.reduce((n, s) => n + s.len, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const s of spans) {
      out.set(this.bytes(s.ptr, s.len), at);
      at += s.len;
    }
    return out;
  }

  scatter(spans: Span[], data: Uint8Array): void {
    let at = 0;
    for (const s of spans) {
      if (at >= data.length) break;
      const n = Math.min(s.len, data.length - at);
      this.bytes(s.ptr, n).set(data.subarray(at, at + n));
      at += n;
    }
  }

  /** A NUL-terminated string (WAMR's `$`): unterminated within memory is a bad pointer. */
  cString(ptr: number): string {
    const v = this.check(ptr, 1);
    const all = new Uint8Array(v.buffer);
    const end = all.indexOf(0, ptr);
    if (end < 0) throw new BadPointer(`unterminated string at ${ptr}`);
    return new TextDecoder().decode(all.subarray(ptr, end));
  }

  /**
   * Runs `f` with `len` bytes of guest memory at offset 0 to use as arguments for a
   * node:wasi call the host makes itself, then puts the guest's bytes back. The guest's
   * thread is inside this call, so nothing can observe the borrowed bytes.
   */
  borrow<T>(len: number, f: (at: number, view: DataView) => T): T {
    const view = this.check(0, len);
    const saved = new Uint8Array(view.buffer, 0, len).slice();
    try {
      return f(0, view);
    } finally {
      new Uint8Array(this.view().buffer, 0, len).set(saved);
    }
  }
}
