/**
 * The Canonical ABI's view of guest memory for the back-port (docs/sockets-backport.md §3):
 * return areas that must be in bounds and aligned, lists read in place, and lists written
 * through the guest's own `cabi_realloc`. Every violation is a trap, as a component host's
 * lowering would make it. Views are taken afresh after each allocation: cabi_realloc may
 * grow memory, which detaches the old buffer.
 */
/** Traps the guest: the run ends with outcome `trap` and this message, after `layer: `. */
export function trap(why: string, layer = 'backport'): never {
  throw new WebAssembly.RuntimeError(`${layer}: ${why}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

type Realloc = (old: number, oldSize: number, align: number, size: number) => number;

export class GuestAbi {
  /**
   * The guest's exports: its memory, and `cabi_realloc` for list and string results.
   * `layer` starts every trap message (`backport`, `hal`), so a trap names its host layer.
   */
  constructor(
    private readonly exports: () => WebAssembly.Exports | undefined,
    private readonly layer = 'backport',
  ) {}

  private trap(why: string): never {
    return trap(why, this.layer);
  }

  view(): DataView {
    const m = this.exports()?.memory;
    if (!(m instanceof WebAssembly.Memory)) this.trap('the guest exports no memory');
    return new DataView(m.buffer);
  }

  private realloc(): Realloc | undefined {
    const f = this.exports()?.cabi_realloc;
    return typeof f === 'function' ? (f as Realloc) : undefined;
  }

  /** The area [ptr, ptr+size) checked for bounds and alignment; the view to write it with. */
  area(ptr: number, size: number, align: number): DataView {
    const at = ptr >>> 0;
    if (at % align) this.trap(`misaligned pointer ${at} (alignment ${align})`);
    const v = this.view();
    if (at + size > v.byteLength) this.trap(`out of bounds memory access: ${size} bytes at ${at}`);
    return v;
  }

  /** A copy of a list<u8> / string argument (the guest keeps its own). */
  bytes(ptr: number, len: number): Uint8Array {
    const v = this.area(ptr, len >>> 0, 1);
    return new Uint8Array(v.buffer, ptr >>> 0, len >>> 0).slice();
  }

  /** A string argument; invalid UTF-8 traps, as lifting a `string` does. */
  text(ptr: number, len: number): string {
    try {
      return utf8.decode(this.bytes(ptr, len));
    } catch (e) {
      if (e instanceof TypeError) this.trap('a string argument is not valid UTF-8');
      throw e;
    }
  }

  /** cabi_realloc(0, 0, align, size): a fresh guest block, checked like any area. */
  alloc(align: number, size: number): number {
    const realloc = this.realloc();
    if (!realloc) this.trap('the guest exports no cabi_realloc');
    const p = realloc(0, 0, align, size) >>> 0;
    if (p % align || p + size > this.view().byteLength) this.trap(`cabi_realloc returned a bad pointer ${p} for ${size} bytes`);
    return p;
  }

  /** Lowers bytes as a list<u8> (one allocation, even when empty): its (ptr, len). */
  list(data: Uint8Array): [number, number] {
    const p = this.alloc(1, data.length);
    new Uint8Array(this.view().buffer, p, data.length).set(data);
    return [p, data.length];
  }

  /** Writes a list's (ptr, len) pair at `at`. */
  putList(at: number, [ptr, len]: [number, number]): void {
    const v = this.view();
    v.setUint32(at, ptr, true);
    v.setUint32(at + 4, len, true);
  }
}
