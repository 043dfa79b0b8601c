/**
 * Reads a side module's `dylink.0` custom section (WebAssembly/tool-conventions,
 * DynamicLinking.md): the memory and table it needs, the libraries it names, and the
 * symbol flags it declares. A module without one is not a side module.
 */
export interface DylinkInfo {
  memSize: number;
  memAlign: number;
  tableSize: number;
  tableAlign: number;
  needed: string[];
}

const WASM_DYLINK_MEM_INFO = 1;
const WASM_DYLINK_NEEDED = 2;

export function readDylink(bytes: Uint8Array): DylinkInfo | null {
  let at = 8;
  const u32 = (): number => {
    let r = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new Error('dylink.0: truncated LEB128');
      const byte = bytes[at++]!;
      r |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return r >>> 0;
      shift += 7;
    }
  };
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(at, at + n));
    at += n;
    return s;
  };
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
  // the convention puts dylink.0 first; it must come before any other section
  if (at >= bytes.length || bytes[at] !== 0) return null;
  at++;
  const size = u32();
  const end = at + size;
  if (name() !== 'dylink.0') return null;
  const info: DylinkInfo = { memSize: 0, memAlign: 0, tableSize: 0, tableAlign: 0, needed: [] };
  while (at < end) {
    const type = bytes[at++]!;
    const len = u32();
    const next = at + len;
    if (type === WASM_DYLINK_MEM_INFO) {
      info.memSize = u32();
      info.memAlign = u32();
      info.tableSize = u32();
      info.tableAlign = u32();
    } else if (type === WASM_DYLINK_NEEDED) {
      for (let n = u32(); n > 0; n--) info.needed.push(name());
    }
    at = next; // export/import info (symbol flags) are not needed to link
  }
  return info;
}
