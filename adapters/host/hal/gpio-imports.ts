/**
 * wasi:gpio/digital@0.2.0, wasi:gpio/delay@0.2.0 and the pollables of wasi:io/poll@0.2.0
 * lowered to P1 core imports (docs/hal.md §1). Every result<T, gpio-error> is a 16 B
 * area, align 4: disc @0, T @4, or the gpio-error's case @4 (`other`'s string @8/@12).
 * pin-state is an enum {active 0, inactive 1}.
 */
import { type Functions, type Hal, tracedDelay, u32 } from './context.ts';
import type { Gpio, WatchKind } from './gpio-pins.ts';
import { trap } from './handles.ts';

export interface Pin {
  label: string;
}
export interface Pollable {
  fired: boolean;
  release?: () => void;
}

function ok(hal: Hal, ret: number, put?: (v: DataView) => void): void {
  const v = hal.abi.area(ret, 16, 4);
  v.setUint8(ret, 0);
  put?.(v);
}

export function digital(hal: Hal, gpio: Gpio): Functions {
  const out = (h: number | bigint) => hal.handles.get<Pin>(u32(h), 'digital-out-pin').label;
  const inp = (h: number | bigint) => hal.handles.get<Pin>(u32(h), 'digital-in-pin').label;
  const set = (label: string, active: boolean, ret: number) => {
    gpio.drive(label, active);
    ok(hal, ret);
  };
  const watch = (kind: WatchKind) => (self: number | bigint, ret: number | bigint) => {
    const w = gpio.watch(inp(self), kind);
    const p: Pollable = w;
    p.release = () => gpio.unwatch(w);
    const h = hal.handles.add('pollable', p);
    ok(hal, u32(ret), (v) => v.setUint32(u32(ret) + 4, h, true));
  };
  const config = (kind: 'digital-out-pin' | 'digital-in-pin', mode: number) => (self: number | bigint, ret: number | bigint) => {
    const label = hal.handles.get<Pin>(u32(self), kind).label;
    const spec = gpio.spec(label)!;
    const at = u32(ret);
    hal.abi.area(at, 12, 4);
    const str = hal.abi.list(new TextEncoder().encode(label));
    const v = hal.abi.view();
    hal.abi.putList(at, str);
    v.setUint8(at + 8, mode);
    v.setUint8(at + 9, spec.active_level === 'active-low' ? 1 : 0);
    const pull = spec.pull ?? 'none';
    v.setUint8(at + 10, pull === 'none' ? 0 : 1);
    if (pull !== 'none') v.setUint8(at + 11, pull === 'up' ? 0 : 1);
  };
  const ready = (self: number | bigint) => hal.handles.add('pollable', { fired: true } satisfies Pollable);
  return {
    '[method]digital-out-pin.set-active': (self, ret) => set(out(self), true, u32(ret)),
    '[method]digital-out-pin.set-inactive': (self, ret) => set(out(self), false, u32(ret)),
    '[method]digital-out-pin.toggle': (self, ret) => {
      const label = out(self);
      set(label, !gpio.active(label), u32(ret));
    },
    '[method]digital-out-pin.set-state': (self, state, ret) => {
      if (u32(state) > 1) trap(`pin-state ${state} out of range`);
      set(out(self), u32(state) === 0, u32(ret));
    },
    '[method]digital-out-pin.get-config': config('digital-out-pin', 1),
    '[method]digital-out-pin.watch-for-ready': (self) => (out(self), ready(self)),
    '[resource-drop]digital-out-pin': (h) => gpio.close(hal.handles.drop<Pin>(u32(h), 'digital-out-pin').label),
    '[method]digital-in-pin.read': (self, ret) => {
      const active = gpio.active(inp(self));
      ok(hal, u32(ret), (v) => v.setUint8(u32(ret) + 4, active ? 0 : 1));
    },
    '[method]digital-in-pin.is-active': (self, ret) => {
      const active = gpio.active(inp(self));
      ok(hal, u32(ret), (v) => v.setUint8(u32(ret) + 4, active ? 1 : 0));
    },
    '[method]digital-in-pin.is-inactive': (self, ret) => {
      const active = gpio.active(inp(self));
      ok(hal, u32(ret), (v) => v.setUint8(u32(ret) + 4, active ? 0 : 1));
    },
    '[method]digital-in-pin.watch-state': (self, state, ret) => {
      if (u32(state) > 1) trap(`pin-state ${state} out of range`);
      watch(u32(state) === 0 ? 'active' : 'inactive')(self, ret);
    },
    '[method]digital-in-pin.watch-active': watch('active'),
    '[method]digital-in-pin.watch-inactive': watch('inactive'),
    '[method]digital-in-pin.watch-rising-edge': watch('rising'),
    '[method]digital-in-pin.watch-falling-edge': watch('falling'),
    '[method]digital-in-pin.get-config': config('digital-in-pin', 0),
    '[method]digital-in-pin.watch-for-ready': (self) => (inp(self), ready(self)),
    '[resource-drop]digital-in-pin': (h) => gpio.close(hal.handles.drop<Pin>(u32(h), 'digital-in-pin').label),
  };
}

/** Arduino-style free functions; the trace shows each delay in nanoseconds. */
export function gpioDelay(hal: Hal): Functions {
  const pause = (mult: bigint) => (n: number | bigint) => tracedDelay(hal, BigInt(u32(n)) * mult);
  return { 'delay-ns': pause(1n), 'delay-us': pause(1000n), 'delay-ms': pause(1_000_000n) };
}

/**
 * `block` moves board time to each next timeline event until the pollable is ready; when
 * no event is left that could make it ready it traps (on real hardware it would block for
 * ever; on the board that is certain, so the run ends now instead of at its timeout).
 */
export function poll(hal: Hal, gpio: Gpio): Functions {
  const get = (h: number | bigint) => hal.handles.get<Pollable>(u32(h), 'pollable');
  return {
    '[method]pollable.ready': (self) => (get(self).fired ? 1 : 0),
    '[method]pollable.block': (self) => {
      const p = get(self);
      while (!p.fired) {
        const next = gpio.nextEvent();
        if (next === null) trap('pollable.block would wait for ever: no later event on the board can make it ready');
        hal.clock.advanceTo(next);
      }
    },
    '[resource-drop]pollable': (h) => hal.handles.drop<Pollable>(u32(h), 'pollable').release?.(),
  };
}
