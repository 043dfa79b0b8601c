/**
 * Simulated I2C targets (docs/hal.md §3.1). Each sees the bus as a target does: a START
 * (or repeated START) with its address and the R/W bit, bytes, and a STOP, and answers
 * ACK or NACK as the part's datasheet says.
 */
import type { I2cDeviceSpec } from './board.ts';

export interface I2cTarget {
  readonly address: number;
  /** START or repeated START addressing this target: ACK? */
  start(read: boolean, now: bigint): boolean;
  /** A byte the controller writes: ACK? */
  write(b: number, now: bigint): boolean;
  /** A byte the controller reads. */
  read(now: bigint): number;
  stop(now: bigint): void;
}

/**
 * A sensor with byte-wide registers behind a register pointer (BME280/TMP102 shape): the
 * first byte written sets the pointer (an unmapped register is NACKed as data), later
 * bytes write registers (a read-only one keeps its value, the byte is still ACKed), reads
 * come from the pointer; the pointer auto-increments when the part does. An unmapped
 * register reads 0x00.
 */
export class RegisterMap implements I2cTarget {
  readonly address: number;
  private readonly regs = new Map<number, { value: number; ro: boolean }>();
  private pointer = 0;
  private first = false;

  constructor(private readonly spec: I2cDeviceSpec) {
    this.address = spec.address;
    for (const r of spec.registers ?? []) this.regs.set(r.at, { value: r.value, ro: r.access === 'ro' });
  }

  start(read: boolean): boolean {
    this.first = !read;
    return true;
  }

  write(b: number): boolean {
    if (this.first) {
      this.first = false;
      if (!this.regs.has(b)) return false;
      this.pointer = b;
      return true;
    }
    const r = this.regs.get(this.pointer);
    if (r && !r.ro) r.value = b;
    this.step();
    return true;
  }

  read(): number {
    const v = this.regs.get(this.pointer)?.value ?? 0;
    this.step();
    return v;
  }

  stop(): void {}

  private step(): void {
    if (this.spec.auto_increment !== false) this.pointer = (this.pointer + 1) & 0xff;
  }
}

/**
 * A serial EEPROM (24xx256 shape). The first `address_bytes` written set the word
 * address; data bytes go to a page buffer that wraps inside the page, and are programmed
 * at the STOP, which starts the write cycle. During the cycle the part does not answer
 * its address (datasheet "ACK polling": no-acknowledge(address)). With write protect on,
 * the address bytes are ACKed and the data bytes NACKed (no-acknowledge(data)), as on
 * ST's M24xxx with WC high. A repeated START before the STOP abandons the page buffer.
 */
export class Eeprom implements I2cTarget {
  readonly address: number;
  private readonly mem: Uint8Array;
  private pointer = 0;
  private addrLeft = 0;
  private pending: Map<number, number> | null = null;
  private busyUntil = -1n;

  constructor(private readonly spec: I2cDeviceSpec) {
    this.address = spec.address;
    this.mem = new Uint8Array(spec.size!).fill(spec.fill ?? 0xff);
  }

  start(read: boolean, now: bigint): boolean {
    this.pending = null;
    if (now < this.busyUntil) return false;
    this.addrLeft = read ? 0 : this.spec.address_bytes!;
    if (!read) this.pointer = 0;
    return true;
  }

  write(b: number): boolean {
    if (this.addrLeft > 0) {
      this.pointer = ((this.pointer << 8) | b) % this.mem.length;
      this.addrLeft--;
      if (this.addrLeft === 0) this.pending = new Map();
      return true;
    }
    if (this.spec.write_protect) return false;
    const page = this.spec.page_size!;
    this.pending ??= new Map();
    this.pending.set(this.pointer, b);
    this.pointer = this.pointer - (this.pointer % page) + ((this.pointer + 1) % page);
    return true;
  }

  read(): number {
    const v = this.mem[this.pointer]!;
    this.pointer = (this.pointer + 1) % this.mem.length;
    return v;
  }

  stop(now: bigint): void {
    if (this.pending?.size) {
      for (const [at, v] of this.pending) this.mem[at] = v;
      this.busyUntil = now + BigInt(this.spec.write_time_ns!);
    }
    this.pending = null;
  }
}

export function makeI2cTarget(spec: I2cDeviceSpec): I2cTarget {
  return spec.kind === 'eeprom' ? new Eeprom(spec) : new RegisterMap(spec);
}
