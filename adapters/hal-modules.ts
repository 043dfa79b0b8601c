/**
 * Which modules are HAL guests (docs/hal.md §1), for every host that offers the HAL:
 * the in-process host installs its simulator for them, and WAMR loads its HAL native
 * library only for them (the library and the sockets back-port both claim wasi:io/poll).
 */
import path from 'node:path';
import { functionImports } from './host/sockets/wasm-imports.ts';

export const HAL_MODULES = {
  board: 'wasmcert:hal/board@0.1.0',
  i2c: 'wasi:i2c/i2c@0.2.0-draft',
  i2cDelay: 'wasi:i2c/delay@0.2.0-draft',
  spi: 'wasi:spi/spi',
  digital: 'wasi:gpio/digital@0.2.0',
  gpioDelay: 'wasi:gpio/delay@0.2.0',
  poll: 'wasi:io/poll@0.2.0',
} as const;

/** The trace every HAL host writes in the run's work folder (docs/hal.md §5). */
export const HAL_TRACE_FILE = 'hal-trace.txt';

export function halTracePath(workDir: string): string {
  return path.join(workDir, HAL_TRACE_FILE);
}

const HAL_ONLY = new Set<string>(Object.values(HAL_MODULES).filter((m) => m !== HAL_MODULES.poll));

/**
 * wasi:io/poll alone does not make a HAL guest: the sockets back-port imports it too. A file
 * that cannot be read as a module is no HAL guest; the runtime then refuses it in its own words.
 */
export function wantsHal(modulePath: string): boolean {
  try {
    return functionImports(modulePath).some((f) => HAL_ONLY.has(f.module));
  } catch {
    return false;
  }
}
