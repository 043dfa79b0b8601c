/**
 * Simulated SPI targets (docs/hal.md §3.2): each sees CS fall, one MOSI byte per MISO
 * byte, and CS rise. MISO reads 0x00 when the target does not drive it.
 */
import type { SpiDeviceSpec } from './board.ts';

export interface SpiTarget {
  select(now: bigint): void;
  exchange(mosi: number, now: bigint): number;
  deselect(now: bigint): void;
}

export class SpiLoopback implements SpiTarget {
  select(): void {}
  exchange(mosi: number): number {
    return mosi;
  }
  deselect(): void {}
}

/**
 * A NOR flash (W25Q shape): 0x9F JEDEC ID, 0x03 read (24-bit address, sequential, wraps
 * at the end), 0x06/0x04 set/clear the write-enable latch (at CS rise), 0x05 status
 * (bit 0 BUSY, bit 1 WEL), 0x02 page program (24-bit address, wraps inside the page,
 * programs at CS rise by AND-ing bits, only with WEL set; then BUSY for program_time_ns and
 * WEL cleared). While BUSY, every command but 0x05 is ignored.
 */
export class NorFlash implements SpiTarget {
  private readonly mem: Uint8Array;
  private wel = false;
  private busyUntil = -1n;
  private frame: number[] = [];
  private addr = 0;
  private pending = new Map<number, number>();

  constructor(private readonly spec: SpiDeviceSpec) {
    this.mem = new Uint8Array(spec.size ?? 65536).fill(spec.fill ?? 0xff);
  }

  select(): void {
    this.frame = [];
    this.pending = new Map();
  }

  exchange(mosi: number, now: bigint): number {
    const i = this.frame.length;
    this.frame.push(mosi);
    const op = this.frame[0]!;
    const busy = now < this.busyUntil;
    if (busy && op !== 0x05) return 0x00;
    if (op === 0x9f) return i >= 1 ? (this.spec.jedec_id?.[i - 1] ?? 0x00) : 0x00;
    if (op === 0x05) return i >= 1 ? (busy ? 1 : 0) | (this.wel ? 2 : 0) : 0x00;
    if (op === 0x03 || op === 0x02) {
      if (i >= 1 && i <= 3) this.addr = ((this.addr << 8) | mosi) & 0xffffff;
      if (i === 3) this.addr %= this.mem.length;
      if (i >= 4 && op === 0x03) {
        const v = this.mem[this.addr]!;
        this.addr = (this.addr + 1) % this.mem.length;
        return v;
      }
      if (i >= 4) {
        const page = this.spec.page_size ?? 256;
        this.pending.set(this.addr, mosi);
        this.addr = this.addr - (this.addr % page) + ((this.addr + 1) % page);
      }
    }
    return 0x00;
  }

  deselect(now: bigint): void {
    const op = this.frame[0];
    if (now < this.busyUntil || op === undefined) return;
    if (op === 0x06 && this.frame.length === 1) this.wel = true;
    if (op === 0x04 && this.frame.length === 1) this.wel = false;
    if (op === 0x02 && this.wel && this.pending.size) {
      for (const [at, v] of this.pending) this.mem[at] = this.mem[at]! & v;
      this.busyUntil = now + BigInt(this.spec.program_time_ns ?? 700_000);
      this.wel = false;
    }
  }
}

export function makeSpiTarget(spec: SpiDeviceSpec): SpiTarget {
  return spec.kind === 'nor-flash' ? new NorFlash(spec) : new SpiLoopback();
}
