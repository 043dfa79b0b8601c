/**
 * The function imports of a module with their core types, read from its binary (Node 20's
 * WebAssembly.Module.imports has no types). The host needs them to tell WAMR's socket
 * extension from WasmEdge's, which share import names with other arities: JS host
 * functions are not type-checked at link time, so offering the wrong dialect would not
 * fail to link, it would misread arguments.
 */
import { readFileSync, statSync } from 'node:fs';

export interface FuncImport {
  module: string;
  name: string;
  params: number[];
  results: number[];
}

const cache = new Map<string, { key: string; imports: FuncImport[] }>();

export function functionImports(file: string): FuncImport[] {
  const st = statSync(file);
  const key = `${st.mtimeMs}:${st.size}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit.imports;
  const imports = parse(readFileSync(file));
  cache.set(file, { key, imports });
  return imports;
}

function parse(b: Uint8Array): FuncImport[] {
  let at = 8; // magic + version
  const u32 = () => {
    let r = 0;
    let shift = 0;
    for (;;) {
      const byte = b[at++]!;
      r |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return r >>> 0;
      shift += 7;
    }
  };
  const name = () => {
    const n = u32();
    const s = new TextDecoder().decode(b.subarray(at, at + n));
    at += n;
    return s;
  };
  const vec = () => {
    const n = u32();
    const out = Array.from(b.subarray(at, at + n));
    at += n;
    return out;
  };
  const limits = () => {
    const flags = u32();
    u32();
    if (flags & 1) u32();
  };
  const types: { params: number[]; results: number[] }[] = [];
  const imports: FuncImport[] = [];
  while (at < b.length) {
    const id = b[at++]!;
    const size = u32();
    const end = at + size;
    if (id === 1) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        if (b[at] !== 0x60) return imports; // GC types: not a P1 guest's concern
        at++;
        types.push({ params: vec(), results: vec() });
      }
    } else if (id === 2) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        const module = name();
        const field = name();
        const kind = b[at++]!;
        if (kind === 0) imports.push({ module, name: field, ...(types[u32()] ?? { params: [], results: [] }) });
        else if (kind === 1) (at++, limits());
        else if (kind === 2) limits();
        else if (kind === 3) at += 2;
        else if (kind === 4) (at++, u32());
      }
      return imports;
    }
    at = end;
  }
  return imports;
}
