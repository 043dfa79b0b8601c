/**
 * Gives a node:wasi run the HAL interfaces over the simulated board (docs/hal.md): offered
 * to a module that imports any of them; the board is the spec's `hal.board`, else an
 * empty one. At the end of the run the trace goes to `<workDir>/hal-trace.txt`.
 */
import type { GuestRun } from '../../types.ts';
import { GuestAbi } from '../sockets/backport-abi.ts';
import { HAL_MODULES, wantsHal } from '../../hal-modules.ts';
import { EMPTY_BOARD, loadBoard } from './board.ts';
import { board } from './board-imports.ts';
import { BoardClock } from './clock.ts';
import type { Functions, Hal } from './context.ts';
import { digital, gpioDelay, poll } from './gpio-imports.ts';
import { Gpio } from './gpio-pins.ts';
import { Handles } from './handles.ts';
import { i2c, i2cDelay } from './i2c-imports.ts';
import { spi, spiDevices } from './spi-imports.ts';
import { Trace } from './trace.ts';

export interface HalLayer {
  install(imports: Record<string, Record<string, unknown>>, exports: () => WebAssembly.Exports | undefined): void;
  /** Writes the trace file and returns its text; call once, after the guest ended (whatever the outcome). */
  dispose(): string;
}

/** null when the module imports no HAL interface. */
export function prepareHal(run: GuestRun): HalLayer | null {
  if (!wantsHal(run.modulePath)) return null;
  const trace = new Trace();
  const clock = new BoardClock(performance.now() + run.timeoutMs);
  const spec = run.hal ? loadBoard(run.hal.board) : EMPTY_BOARD;
  return {
    install(imports, exports) {
      const hal: Hal = { board: spec, abi: new GuestAbi(exports, 'hal'), handles: new Handles(), clock, trace };
      const gpio = new Gpio(spec.gpio, clock, trace);
      const all: Record<string, Functions> = {
        [HAL_MODULES.board]: board(hal, gpio),
        [HAL_MODULES.i2c]: i2c(hal),
        [HAL_MODULES.i2cDelay]: i2cDelay(hal),
        [HAL_MODULES.spi]: spi(hal, spiDevices(hal)),
        [HAL_MODULES.digital]: digital(hal, gpio),
        [HAL_MODULES.gpioDelay]: gpioDelay(hal),
        [HAL_MODULES.poll]: poll(hal, gpio),
      };
      for (const [name, fns] of Object.entries(all)) imports[name] = { ...imports[name], ...fns };
    },
    dispose() {
      trace.write(run.workDir);
      return trace.text();
    },
  };
}
