/**
 * An SPI device of the board (docs/hal.md §3.2, §5): runs operations with CS held for the
 * whole call and records one trace line: `BUS.DEVICE: CS0 MOSI/MISO … D<n>ns … CS1`.
 */
import type { SpiDeviceSpec } from './board.ts';
import type { BoardClock } from './clock.ts';
import { makeSpiTarget, type SpiTarget } from './spi-devices.ts';
import { hex2, type Trace } from './trace.ts';

export type SpiOp = { read: number } | { write: Uint8Array } | { transfer: Uint8Array } | { delayNs: number };
/** operation-result: the MISO bytes of a read or transfer, null for write and delay. */
export type SpiResult = Uint8Array | null;

export const SPI_MAX_LEN = 65_536;

export class SpiDevice {
  private readonly target: SpiTarget;

  constructor(
    readonly name: string,
    spec: SpiDeviceSpec,
    private readonly clock: BoardClock,
    private readonly trace: Trace,
  ) {
    this.target = makeSpiTarget(spec);
  }

  /** One CS frame; null when an operation is too long (no bus activity). */
  run(ops: SpiOp[]): SpiResult[] | null {
    if (ops.some((o) => 'read' in o && o.read > SPI_MAX_LEN)) return null;
    const line = ['CS0'];
    this.target.select(this.clock.now());
    const out: SpiResult[] = [];
    const shift = (mosi: Uint8Array) => {
      const miso = new Uint8Array(mosi.length);
      mosi.forEach((b, i) => {
        miso[i] = this.target.exchange(b, this.clock.now());
        line.push(`${hex2(b)}/${hex2(miso[i]!)}`);
      });
      return miso;
    };
    for (const op of ops) {
      if ('read' in op) out.push(shift(new Uint8Array(op.read)));
      else if ('write' in op) out.push((shift(op.write), null));
      else if ('transfer' in op) out.push(shift(op.transfer));
      else {
        line.push(`D${op.delayNs}ns`);
        this.clock.delay(BigInt(op.delayNs));
        out.push(null);
      }
    }
    this.target.deselect(this.clock.now());
    line.push('CS1');
    this.trace.add(`${this.name}: ${line.join(' ')}`);
    return out;
  }
}
