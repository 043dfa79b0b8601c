import { closeSync, openSync, readSync } from 'node:fs';

/** `\0asm`: both core modules and components start with it. */
const MAGIC = 0x0061736d;
/**
 * Bytes 6..7 (the layer field, little-endian): 0 for a core module, 1 for a component.
 * Bytes 4..5 are the version: 1 for core, 0x0d for today's components. Only the layer is
 * checked, so a component of another (older or newer) version still goes to the
 * component runner, which then fails to load it with jco's own reason instead of
 * node:wasi's "not a core module".
 */
const COMPONENT_LAYER = 1;

/** Whether the binary at `file` is a WebAssembly component (false for a core module or an unreadable file). */
export function isComponent(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false; // the P1 path reports the missing file as it always has
  }
  try {
    const head = Buffer.alloc(8);
    if (readSync(fd, head, 0, 8, 0) < 8) return false;
    return head.readUInt32BE(0) === MAGIC && head.readUInt16LE(6) === COMPONENT_LAYER;
  } finally {
    closeSync(fd);
  }
}
