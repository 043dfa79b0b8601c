/**
 * What one host call costs at the canonical-ABI boundary, measured on the in-process
 * component host: for each WASI import the guest module calls, the number of calls, the
 * guest `cabi_realloc` calls and bytes made during them, and the bytes jco's glue copied
 * into and out of guest memory (docs/component-model.md, "Counts").
 *
 * Copies are seen where jco's generated JS moves payload bytes: TypedArray `set` into a
 * view of guest memory (lowering a list<u8>), `ArrayBuffer.slice` of the guest memory's
 * buffer (lifting one), TextDecoder.decode of a view on it and TextEncoder.encodeInto
 * one (strings). Scalars read or written through a DataView are not payload and are not
 * counted; nor are lists jco lowers element by element. These are patched on the shared
 * prototypes, which is safe only because a component thread runs one guest at a time
 * and nothing else (component-thread.ts); they are restored when the run is measured.
 *
 * Two named mutants of the same host are broken on purpose for the self-test: one calls
 * the guest's realloc once more for every allocation it makes, one copies every lowered
 * payload into guest memory twice. The count tests must catch both.
 */
import type { HostCallCounts } from '../../types.ts';
import type { CoreInstance, CoreInstrument } from './run-component.ts';

export const INSTRUMENTS = ['count', 'count+extra-realloc', 'count+copy-twice'] as const;
export type InstrumentName = (typeof INSTRUMENTS)[number];

export interface Measuring {
  hook: CoreInstrument;
  /** Restores the prototypes; what was counted, per import (`wasi:random/random#get-random-bytes`). */
  measured(): Record<string, HostCallCounts>;
}

type Totals = Omit<HostCallCounts, 'calls'>;

const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as { set: (src: ArrayLike<number>, offset?: number) => void };
const ORIGINAL = {
  set: typedArrayProto.set,
  slice: ArrayBuffer.prototype.slice,
  decode: TextDecoder.prototype.decode,
  encodeInto: TextEncoder.prototype.encodeInto,
};

/** The guest's own module: it exports the command's `_start` or its `cabi_realloc`; jco's P1 adapter exports `cabi_import_realloc`. */
function isGuestModule(module: WebAssembly.Module): boolean {
  const names = WebAssembly.Module.exports(module).map((e) => e.name);
  return (names.includes('_start') || names.includes('cabi_realloc')) && !names.includes('cabi_import_realloc');
}

/** `wasi:random/random@0.2.12` → `wasi:random/random`. */
const unversioned = (module: string) => module.replace(/@[^@/]*$/, '');

export function instrumentFor(name: InstrumentName | undefined): Measuring | undefined {
  if (name === undefined) return undefined;
  if (!(INSTRUMENTS as readonly string[]).includes(name)) throw new Error(`unknown component instrument ${String(name)}`);
  const extraRealloc = name === 'count+extra-realloc';
  const copyTwice = name === 'count+copy-twice';

  const total: Totals = { reallocs: 0, reallocBytes: 0, copiedIn: 0, copiedOut: 0 };
  const perImport: Record<string, HostCallCounts> = {};
  const guestMemories: WebAssembly.Memory[] = [];
  const inGuest = (buffer: unknown) => guestMemories.some((m) => m.buffer === buffer);

  typedArrayProto.set = function (this: Uint8Array, src: ArrayLike<number>, offset?: number) {
    if (!inGuest(this.buffer)) return ORIGINAL.set.call(this, src, offset);
    const bytes = (src as { byteLength?: number }).byteLength ?? src.length * this.BYTES_PER_ELEMENT;
    for (let i = copyTwice ? 2 : 1; i > 0; i--) {
      total.copiedIn += bytes;
      ORIGINAL.set.call(this, src, offset);
    }
  };
  ArrayBuffer.prototype.slice = function (this: ArrayBuffer, begin?: number, end?: number) {
    const out = ORIGINAL.slice.call(this, begin, end);
    if (inGuest(this)) total.copiedOut += out.byteLength;
    return out;
  };
  TextDecoder.prototype.decode = function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
    if (input && ArrayBuffer.isView(input) && inGuest(input.buffer)) total.copiedOut += input.byteLength;
    return ORIGINAL.decode.call(this, input, options);
  };
  TextEncoder.prototype.encodeInto = function (this: TextEncoder, source: string, dest: Uint8Array) {
    const r = ORIGINAL.encodeInto.call(this, source, dest);
    if (inGuest(dest.buffer)) total.copiedIn += r.written ?? 0;
    return r;
  };

  /** Each WASI function the guest module imports, wrapped to tally what happens during its calls. */
  function wrapImports(imports: WebAssembly.Imports): WebAssembly.Imports {
    const out: WebAssembly.Imports = {};
    for (const [module, fields] of Object.entries(imports)) {
      if (!module.startsWith('wasi:')) {
        out[module] = fields;
        continue;
      }
      const wrapped: Record<string, WebAssembly.ImportValue> = {};
      for (const [field, value] of Object.entries(fields)) {
        if (typeof value !== 'function') {
          wrapped[field] = value;
          continue;
        }
        const key = `${unversioned(module)}#${field}`;
        const fn = value as (...args: unknown[]) => unknown;
        wrapped[field] = function (this: unknown, ...args: unknown[]) {
          const before = { ...total };
          try {
            return fn.apply(this, args);
          } finally {
            const t = (perImport[key] ??= { calls: 0, reallocs: 0, reallocBytes: 0, copiedIn: 0, copiedOut: 0 });
            t.calls++;
            for (const k of Object.keys(total) as (keyof Totals)[]) t[k] += total[k] - before[k];
          }
        };
      }
      out[module] = wrapped;
    }
    return out;
  }

  function wrapExports({ module, instance }: CoreInstance): WebAssembly.Exports | undefined {
    if (!isGuestModule(module)) return undefined;
    const { memory, cabi_realloc: realloc } = instance.exports;
    if (memory instanceof WebAssembly.Memory) guestMemories.push(memory);
    if (typeof realloc !== 'function') return undefined;
    const real = realloc as (old: number, oldSize: number, align: number, size: number) => number;
    const counted = (old: number, oldSize: number, align: number, size: number) => {
      total.reallocs++;
      total.reallocBytes += size >>> 0;
      return real(old, oldSize, align, size);
    };
    return {
      ...instance.exports,
      cabi_realloc: extraRealloc ? (old: number, oldSize: number, align: number, size: number) => (counted(old, oldSize, align, size), counted(old, oldSize, align, size)) : counted,
    };
  }

  return {
    hook: {
      imports: (_index, module, imports) => (imports && isGuestModule(module) ? wrapImports(imports) : undefined),
      exports: wrapExports,
    },
    measured() {
      Object.assign(typedArrayProto, { set: ORIGINAL.set });
      ArrayBuffer.prototype.slice = ORIGINAL.slice;
      TextDecoder.prototype.decode = ORIGINAL.decode;
      TextEncoder.prototype.encodeInto = ORIGINAL.encodeInto;
      return perImport;
    },
  };
}
