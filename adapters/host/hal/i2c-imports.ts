/**
 * wasi:i2c/i2c@0.2.0-draft and wasi:i2c/delay@0.2.0-draft lowered to P1 core imports
 * (docs/hal.md §1): resource `i2c` is an I2C bus of the board, resource `delay` a delay
 * source. Result areas as in hal.md §1.2: 12 B (disc @0, list @4/@8, error case @4 and
 * no-acknowledge source @5) for read, write-read and transaction; 3 B (disc @0, case @1,
 * source @2) for write.
 */
import { type Functions, type Hal, readOperations, tracedDelay, u64, u32 } from './context.ts';
import type { I2cBus, I2cError, I2cOp, I2cOutcome } from './i2c-bus.ts';

function putError(v: DataView, at: number, e: I2cError): void {
  v.setUint8(at, e.code);
  if (e.source !== undefined) v.setUint8(at + 1, e.source);
}

/** result<list<u8>, error-code> from a one-read outcome. */
function putBytes(hal: Hal, ret: number, r: I2cOutcome): void {
  hal.abi.area(ret, 12, 4);
  if ('err' in r) {
    const v = hal.abi.view();
    v.setUint8(ret, 1);
    return putError(v, ret + 4, r.err);
  }
  const list = hal.abi.list(r.ok[0] ?? new Uint8Array(0));
  hal.abi.view().setUint8(ret, 0);
  hal.abi.putList(ret + 4, list);
}

/** operation: 0 read(u64 @8), 1 write(list @8/@12). */
function readOps(hal: Hal, ptr: number, len: number): I2cOp[] {
  return readOperations<I2cOp>(hal, ptr, len, (disc, at, v) => {
    if (disc === 0) return { read: u64(v.getBigUint64(at, true)) };
    if (disc === 1) return { write: hal.abi.bytes(v.getUint32(at, true), v.getUint32(at + 4, true)) };
    return undefined;
  });
}

export function i2c(hal: Hal): Functions {
  const bus = (h: number | bigint) => hal.handles.get<I2cBus>(u32(h), 'i2c');
  return {
    '[method]i2c.read': (self, addr, len, ret) => putBytes(hal, u32(ret), bus(self).run(u32(addr) & 0xffff, [{ read: u64(len) }])),
    '[method]i2c.write-read': (self, addr, ptr, len, readLen, ret) => {
      const data = hal.abi.bytes(u32(ptr), u32(len));
      putBytes(hal, u32(ret), bus(self).run(u32(addr) & 0xffff, [{ write: data }, { read: u64(readLen) }]));
    },
    '[method]i2c.write': (self, addr, ptr, len, ret) => {
      const data = hal.abi.bytes(u32(ptr), u32(len));
      const r = bus(self).run(u32(addr) & 0xffff, [{ write: data }]);
      const v = hal.abi.area(u32(ret), 3, 1);
      v.setUint8(u32(ret), 'err' in r ? 1 : 0);
      if ('err' in r) putError(v, u32(ret) + 1, r.err);
    },
    '[method]i2c.transaction': (self, addr, ptr, len, ret) => {
      const ops = readOps(hal, u32(ptr), u32(len));
      const r = bus(self).run(u32(addr) & 0xffff, ops);
      const at = u32(ret);
      hal.abi.area(at, 12, 4);
      if ('err' in r) {
        const v = hal.abi.view();
        v.setUint8(at, 1);
        return putError(v, at + 4, r.err);
      }
      // as the Canonical ABI stores a list of lists: the outer list first, then each inner one
      const outer = hal.abi.alloc(4, r.ok.length * 8);
      r.ok.forEach((bytes, i) => hal.abi.putList(outer + i * 8, hal.abi.list(bytes)));
      hal.abi.view().setUint8(at, 0);
      hal.abi.putList(at + 4, [outer, r.ok.length]);
    },
    '[resource-drop]i2c': (h) => void hal.handles.drop(u32(h), 'i2c'),
  };
}

export function i2cDelay(hal: Hal): Functions {
  return {
    '[method]delay.delay-ns': (self, ns) => {
      hal.handles.get(u32(self), 'delay');
      tracedDelay(hal, BigInt(u32(ns)));
    },
    '[resource-drop]delay': (h) => void hal.handles.drop(u32(h), 'delay'),
  };
}
