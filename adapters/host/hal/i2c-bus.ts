/**
 * An I2C controller over simulated targets (docs/hal.md §3.1, §5): runs a list of
 * operations with embedded-hal's framing (hal.md §1.2) and records the transaction as one
 * trace line: START, address+R/W, ACK/NACK after every byte, a repeated START at each
 * change of direction, the controller's NACK on the last byte before Sr/STOP, STOP.
 */
import type { BoardClock } from './clock.ts';
import { makeI2cTarget, type I2cTarget } from './i2c-devices.ts';
import type { I2cDeviceSpec } from './board.ts';
import { hex2, type Trace } from './trace.ts';

export type I2cOp = { read: number } | { write: Uint8Array };

/** error-code: bus 0, arbitration-loss 1, no-acknowledge 2 (source: address 0, data 1), overrun 3, other 4. */
export interface I2cError {
  code: 0 | 1 | 2 | 3 | 4;
  source?: 0 | 1 | 2;
}
export type I2cOutcome = { ok: Uint8Array[] } | { err: I2cError };

/** The most bytes one operation may move; a longer one is `other` with no bus activity. */
export const I2C_MAX_LEN = 65_536;

export class I2cBus {
  private readonly targets = new Map<number, I2cTarget>();

  constructor(
    readonly label: string,
    devices: I2cDeviceSpec[],
    private readonly clock: BoardClock,
    private readonly trace: Trace,
  ) {
    for (const d of devices) this.targets.set(d.address, makeI2cTarget(d));
  }

  /** One transaction: the results of the reads, in order, or the first error. */
  run(address: number, ops: I2cOp[]): I2cOutcome {
    if (address > 0x7f) return { err: { code: 4 } };
    if (ops.some((o) => 'read' in o && o.read > I2C_MAX_LEN)) return { err: { code: 4 } };
    if (!ops.length) return { ok: [] };
    const now = this.clock.now();
    const target = this.targets.get(address);
    const line: string[] = ['S'];
    const reads: Uint8Array[] = [];
    let failed: I2cError | null = null;
    let i = 0;
    while (i < ops.length && !failed) {
      // a run of adjacent operations of one direction: one address phase
      const read = 'read' in ops[i]!;
      let j = i;
      while (j < ops.length && 'read' in ops[j]! === read) j++;
      if (i > 0) line.push('Sr');
      line.push(`${hex2(address)}${read ? 'R' : 'W'}`);
      const ack = target?.start(read, now) ?? false;
      line.push(ack ? 'A' : 'N');
      if (!ack) {
        failed = { code: 2, source: 0 };
        break;
      }
      const total = ops.slice(i, j).reduce((n, o) => n + ('read' in o ? o.read : 0), 0);
      let done = 0;
      for (const op of ops.slice(i, j)) {
        if ('read' in op) {
          const got = new Uint8Array(op.read);
          for (let k = 0; k < op.read; k++) {
            got[k] = target!.read(now);
            done++;
            line.push(hex2(got[k]!), done === total ? 'N' : 'A');
          }
          reads.push(got);
        } else {
          for (const b of op.write) {
            const ok = target!.write(b, now);
            line.push(hex2(b), ok ? 'A' : 'N');
            if (!ok) {
              failed = { code: 2, source: 1 };
              break;
            }
          }
          if (failed) break;
        }
      }
      i = j;
    }
    line.push('P');
    target?.stop(now);
    this.trace.add(`${this.label}: ${line.join(' ')}`);
    return failed ? { err: failed } : { ok: reads };
  }
}
