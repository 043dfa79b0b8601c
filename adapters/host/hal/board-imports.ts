/**
 * wasmcert:hal/board@0.1.0 (docs/hal.md §2): how a guest gets its first handles, since no
 * HAL interface has a constructor. `open-i2c`/`open-delay` give option<own<…>> (8 B: disc
 * @0, handle @4); `open-digital-out`/`open-digital-in` give result<own<…>, gpio-error>
 * (16 B: disc @0, handle or error case @4), wasi-gpio's commented-out get-digital-*.
 */
import { type Functions, type Hal, u32 } from './context.ts';
import type { Gpio } from './gpio-pins.ts';
import { I2cBus } from './i2c-bus.ts';

export function board(hal: Hal, gpio: Gpio): Functions {
  const buses = new Map((hal.board.i2c ?? []).map((b) => [b.label, new I2cBus(b.label, b.devices, hal.clock, hal.trace)]));
  const delays = new Set((hal.board.delay ?? []).map((d) => d.label));
  const option = (ret: number, h: number | null) => {
    const v = hal.abi.area(ret, 8, 4);
    v.setUint8(ret, h === null ? 0 : 1);
    if (h !== null) v.setUint32(ret + 4, h, true);
  };
  const pin = (mode: 'in' | 'out') => (ptr: number | bigint, len: number | bigint, ret: number | bigint) => {
    const label = hal.abi.text(u32(ptr), u32(len));
    const at = u32(ret);
    hal.abi.area(at, 16, 4);
    const err = gpio.open(label, mode);
    const v = hal.abi.view();
    v.setUint8(at, err ? 1 : 0);
    if (err) v.setUint8(at + 4, err);
    else v.setUint32(at + 4, hal.handles.add(mode === 'out' ? 'digital-out-pin' : 'digital-in-pin', { label }), true);
  };
  return {
    'open-i2c': (ptr, len, ret) => {
      const bus = buses.get(hal.abi.text(u32(ptr), u32(len)));
      option(u32(ret), bus ? hal.handles.add('i2c', bus) : null);
    },
    'open-delay': (ptr, len, ret) => {
      const label = hal.abi.text(u32(ptr), u32(len));
      option(u32(ret), delays.has(label) ? hal.handles.add('delay', { label }) : null);
    },
    'open-digital-out': pin('out'),
    'open-digital-in': pin('in'),
  };
}
