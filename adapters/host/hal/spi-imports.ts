/**
 * wasi:spi/spi lowered to P1 core imports (docs/hal.md §1). result<…, error> areas are
 * 16 B, align 4: disc @0, ok payload @4 (handle, or list @4/@8), error @4 (case @4,
 * `other`'s string @8/@12, allocated through cabi_realloc). `write` is published as
 * `result<error>` (hal.md §6); it is served as the intended `result<_, error>`: same
 * bytes, disc 0 = success.
 */
import { type Functions, type Hal, readOperations, u64, u32 } from './context.ts';
import { SpiDevice, type SpiOp, type SpiResult } from './spi-bus.ts';

const OTHER = 4;

function putOther(hal: Hal, ret: number, message: string): void {
  hal.abi.area(ret, 16, 4);
  const s = hal.abi.list(new TextEncoder().encode(message));
  const v = hal.abi.view();
  v.setUint8(ret, 1);
  v.setUint8(ret + 4, OTHER);
  hal.abi.putList(ret + 8, s);
}

function putBytes(hal: Hal, ret: number, r: SpiResult[] | null): void {
  if (!r) return putOther(hal, ret, 'operation too long');
  hal.abi.area(ret, 16, 4);
  const list = hal.abi.list(r[0] ?? new Uint8Array(0));
  hal.abi.view().setUint8(ret, 0);
  hal.abi.putList(ret + 4, list);
}

/** operation: 0 read(u64 @8), 1 write(list @8/@12), 2 transfer(list), 3 delay-ns(u32 @8). */
function readOps(hal: Hal, ptr: number, len: number): SpiOp[] {
  return readOperations<SpiOp>(hal, ptr, len, (disc, at, v) => {
    const list = () => hal.abi.bytes(v.getUint32(at, true), v.getUint32(at + 4, true));
    if (disc === 0) return { read: u64(v.getBigUint64(at, true)) };
    if (disc === 1) return { write: list() };
    if (disc === 2) return { transfer: list() };
    if (disc === 3) return { delayNs: v.getUint32(at, true) };
    return undefined;
  });
}

/** operation-result's case for each operation. */
const RESULT_CASE = (op: SpiOp) => ('read' in op ? 0 : 'write' in op ? 1 : 'transfer' in op ? 2 : 3);

export function spi(hal: Hal, devices: Map<string, SpiDevice>): Functions {
  const dev = (h: number | bigint) => hal.handles.get<SpiDevice>(u32(h), 'spi-device');
  return {
    open: (ptr, len, ret) => {
      const name = hal.abi.text(u32(ptr), u32(len));
      const d = devices.get(name);
      if (!d) return putOther(hal, u32(ret), `no SPI device named ${name}`);
      const h = hal.handles.add('spi-device', d);
      const v = hal.abi.area(u32(ret), 16, 4);
      v.setUint8(u32(ret), 0);
      v.setUint32(u32(ret) + 4, h, true);
    },
    '[method]spi-device.read': (self, len, ret) => putBytes(hal, u32(ret), dev(self).run([{ read: u64(len) }])),
    '[method]spi-device.transfer': (self, ptr, len, ret) => putBytes(hal, u32(ret), dev(self).run([{ transfer: hal.abi.bytes(u32(ptr), u32(len)) }])),
    '[method]spi-device.write': (self, ptr, len, ret) => {
      dev(self).run([{ write: hal.abi.bytes(u32(ptr), u32(len)) }]);
      hal.abi.area(u32(ret), 16, 4).setUint8(u32(ret), 0);
    },
    '[method]spi-device.transaction': (self, ptr, len, ret) => {
      const at = u32(ret);
      const ops = readOps(hal, u32(ptr), u32(len));
      const r = dev(self).run(ops);
      if (!r) return putOther(hal, at, 'operation too long');
      hal.abi.area(at, 16, 4);
      // operation-result = 12 B / 4: disc @0 (0 read, 1 write, 2 transfer, 3 delay), list @4/@8
      const outer = hal.abi.alloc(4, r.length * 12);
      r.forEach((bytes, i) => {
        const list = bytes ? hal.abi.list(bytes) : null;
        hal.abi.view().setUint8(outer + i * 12, RESULT_CASE(ops[i]!));
        if (list) hal.abi.putList(outer + i * 12 + 4, list);
      });
      hal.abi.view().setUint8(at, 0);
      hal.abi.putList(at + 4, [outer, r.length]);
    },
    '[resource-drop]spi-device': (h) => void hal.handles.drop(u32(h), 'spi-device'),
  };
}

export function spiDevices(hal: Hal): Map<string, SpiDevice> {
  const out = new Map<string, SpiDevice>();
  for (const bus of hal.board.spi ?? []) for (const d of bus.devices) out.set(d.name, new SpiDevice(`${bus.label}.${d.name}`, d, hal.clock, hal.trace));
  return out;
}
