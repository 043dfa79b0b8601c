/**
 * What a guest of the WAMR dialect may reach (docs/sockets.md "Socket policy"), with
 * iwasm's `--addr-pool` / `--allow-resolve` semantics: deny by default; an address must
 * match a pool entry `ADDR/MASK` of its family under the prefix mask (port ignored; an
 * all-zero entry matches every address of its family); a name must equal an
 * allow_resolve entry, or end with the rest of an entry starting with `*`.
 */
import { ipBytes, type SockAddr } from './addr.ts';

interface PoolEntry {
  bytes: Uint8Array;
  mask: number;
}

export class SocketPolicy {
  private readonly pool: PoolEntry[];
  private readonly names: string[];

  /** Throws (a LinkError, as iwasm refuses to instantiate) on an entry iwasm would reject. */
  constructor(policy: { addrPool: string[]; allowResolve: string[] } | undefined) {
    this.names = policy?.allowResolve ?? [];
    this.pool = (policy?.addrPool ?? []).map((entry) => {
      const m = entry.match(/^([^/]+)\/(\d+)$/);
      const bytes = m ? ipBytes(m[1]!) : null;
      const mask = m ? Number(m[2]) : NaN;
      if (!bytes || !(mask <= bytes.length * 8)) throw new WebAssembly.LinkError(`Invalid address pool entry ${entry}`);
      return { bytes, mask };
    });
  }

  allowsAddress(a: SockAddr): boolean {
    const bytes = ipBytes(a.address);
    if (!bytes) return false;
    return this.pool.some((e) => e.bytes.length === bytes.length && (e.bytes.every((b) => b === 0) || prefixEqual(e.bytes, bytes, e.mask)));
  }

  allowsName(name: string): boolean {
    return this.names.some((n) => (n.startsWith('*') ? name.endsWith(n.slice(1)) : n === name));
  }
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const m = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i]! & m) !== (b[i]! & m)) return false;
  }
  return true;
}
