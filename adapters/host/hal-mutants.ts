/**
 * Deliberately broken HAL hosts, for the self-test (see mutants.ts): each is a bug a
 * HAL implementation on a real runtime could ship, and suites/hal must catch every one.
 * They wrap the in-process host's HAL imports (docs/hal.md §1 for the layouts).
 */
import { HAL_MODULES } from '../hal-modules.ts';
import type { Fn, ImportModules, Mutant } from './mutant-kit.ts';

const NO_ACKNOWLEDGE = 2;
/** An spi `operation` element (16 B) and its delay-ns case; an `operation-result` (12 B). */
const SPI_OP = 16;
const SPI_DELAY = 3;
const SPI_RESULT = 12;

/** Replaces `fields` of `module` (when the run imports it) with `make(original)`. */
function wrapEach(imports: ImportModules, module: string, fields: string[], make: (real: Fn, field: string) => Fn): void {
  const m = imports[module];
  if (!m) return;
  for (const f of fields) if (m[f]) m[f] = make(m[f]!, f);
}

export const HAL_MUTANTS: Record<string, Mutant> = {
  'i2c-write-read-without-repeated-start': {
    breaks: 'i2c write-read is a write then a read: a STOP and a new START where the repeated START belongs',
    suite: 'hal',
    wrapImports: (imports, mem) => {
      const m = imports[HAL_MODULES.i2c];
      if (!m) return;
      const write = m['[method]i2c.write']!;
      const read = m['[method]i2c.read']!;
      m['[method]i2c.write-read'] = (self, addr, ptr, len, readLen, ret) => {
        write(self!, addr!, ptr!, len!, ret!); // its 3-byte result fits the caller's 12-byte area
        const v = mem();
        if (v.getUint8(ret!) === 0) return read(self!, addr!, readLen!, ret!);
        const [code, source] = [v.getUint8(ret! + 1), v.getUint8(ret! + 2)];
        v.setUint8(ret! + 4, code);
        v.setUint8(ret! + 5, source);
        return 0;
      };
    },
  },
  'spi-cs-released-after-delay': {
    breaks: 'an spi transaction releases CS after each delay-ns operation and asserts it again for the rest',
    suite: 'hal',
    wrapImports: (imports, mem, ctx) =>
      wrapEach(imports, HAL_MODULES.spi, ['[method]spi-device.transaction'], (real) => (self, ptr, len, ret) => {
        const chunks: [number, number][] = [];
        let start = 0;
        for (let i = 0; i < len!; i++) {
          if (mem().getUint8(ptr! + i * SPI_OP) !== SPI_DELAY || i === len! - 1) continue;
          chunks.push([start, i + 1]);
          start = i + 1;
        }
        if (!chunks.length) return real(self!, ptr!, len!, ret!);
        chunks.push([start, len!]);
        const results: Uint8Array[] = [];
        for (const [from, to] of chunks) {
          real(self!, ptr! + from * SPI_OP, to - from, ret!);
          const v = mem();
          if (v.getUint8(ret!) !== 0) return 0; // an error stands as it is
          const [list, n] = [v.getUint32(ret! + 4, true), v.getUint32(ret! + 8, true)];
          results.push(new Uint8Array(v.buffer.slice(list, list + n * SPI_RESULT)));
        }
        const outer = ctx.realloc(4, len! * SPI_RESULT);
        let at = outer;
        for (const r of results) {
          new Uint8Array(mem().buffer).set(r, at);
          at += r.length;
        }
        mem().setUint32(ret! + 4, outer, true);
        mem().setUint32(ret! + 8, len!, true);
        return 0;
      }),
  },
  'i2c-nack-wrong-source': {
    breaks: 'an i2c no-acknowledge names the address phase for a data NACK and the data phase for an address NACK',
    suite: 'hal',
    wrapImports: (imports, mem) =>
      wrapEach(imports, HAL_MODULES.i2c, ['[method]i2c.read', '[method]i2c.write', '[method]i2c.write-read', '[method]i2c.transaction'], (real, field) => (...args) => {
        real(...args);
        const ret = args[args.length - 1]!;
        const caseAt = ret + (field === '[method]i2c.write' ? 1 : 4);
        const v = mem();
        if (v.getUint8(ret) === 1 && v.getUint8(caseAt) === NO_ACKNOWLEDGE) v.setUint8(caseAt + 1, v.getUint8(caseAt + 1) === 0 ? 1 : 0);
        return 0;
      }),
  },
  'delay-half-as-long': {
    breaks: 'every HAL delay waits half the time it was asked for',
    suite: 'hal',
    wrapImports: (imports) => {
      const half = (n: number) => Math.floor((n >>> 0) / 2);
      wrapEach(imports, HAL_MODULES.i2cDelay, ['[method]delay.delay-ns'], (real) => (self, ns) => real(self!, half(ns!)));
      wrapEach(imports, HAL_MODULES.gpioDelay, ['delay-ns', 'delay-us', 'delay-ms'], (real) => (n) => real(half(n!)));
    },
  },
  'dropped-handle-still-usable': {
    breaks: 'resource-drop of an i2c bus, delay, spi device or pin does nothing: the handle stays valid',
    suite: 'hal',
    wrapImports: (imports) => {
      for (const module of [HAL_MODULES.i2c, HAL_MODULES.i2cDelay, HAL_MODULES.spi, HAL_MODULES.digital]) {
        const fields = Object.keys(imports[module] ?? {}).filter((f) => f.startsWith('[resource-drop]'));
        wrapEach(imports, module, fields, () => () => 0);
      }
    },
  },
};
