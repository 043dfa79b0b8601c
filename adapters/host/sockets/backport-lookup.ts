/**
 * wasi:sockets/ip-name-lookup (docs/sockets-backport.md §4, §7). A name is looked up in
 * the service while the guest goes on: resolve-next-address says would-block until the
 * answer is there, and the stream's pollable is ready once it is. An IP literal needs no
 * permission and no lookup: it is its own only address. A name must be allowed by the
 * policy's allow_resolve.
 */
import { isIP } from 'node:net';
import { codeOf, type Backport, type Functions } from './backport-context.ts';
import { storeIpAddress } from './backport-address.ts';
import { EC } from './backport-errors.ts';
import { Pollable, type Held } from './backport-resources.ts';
import { errResult, handlesResult, OK } from './backport-results.ts';

/** A resolve-address-stream: the addresses once known, handed out one by one. */
export class Lookup implements Held {
  addresses: string[] | null = null;
  error: number | null = null;
  next = 0;
  private refs = 0;
  constructor(
    /** The service's name for the lookup; null for a literal, which needs none. */
    readonly id: number | null,
    private readonly close: (id: number) => void,
  ) {}
  get done(): boolean {
    return this.addresses !== null || this.error !== null;
  }
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs === 0 && this.id !== null) this.close(this.id);
  }
}

/** Each address once, in the resolver's order, never an IPv4-mapped IPv6 one. */
function usable(found: { address: string; family: number }[]): string[] {
  const out: string[] = [];
  for (const { address } of found) {
    if (!isIP(address) || /^::ffff:/i.test(address) || out.includes(address)) continue;
    out.push(address);
  }
  return out;
}

export function ipNameLookup(bp: Backport): Functions {
  const { abi, table, host, policy } = bp;
  return {
    'resolve-addresses': (network, ptr, len, ret) => {
      table.get(network as number, 'network');
      abi.area((ret as number) >>> 0, 8, 4);
      const name = abi.text(ptr as number, len as number);
      const fail = (code: number) => errResult(abi, ret as number, 8, 4, 4, code);
      if (!name || /[\0 ]/.test(name)) return fail(EC.INVALID_ARGUMENT);
      const literal = isIP(name) !== 0;
      if (!literal && !policy.allowsName(name)) return fail(EC.ACCESS_DENIED);
      const l = new Lookup(literal ? null : bp.newId(), bp.close);
      if (literal) l.addresses = [name];
      else host.call({ op: 'bpResolve', id: l.id, host: name });
      handlesResult(abi, ret as number, [table.add('resolve-address-stream', l)]);
    },
    '[method]resolve-address-stream.resolve-next-address': (self, ret) => {
      const l = table.get(self as number, 'resolve-address-stream');
      const p = (ret as number) >>> 0;
      abi.area(p, 22, 2);
      if (!l.done) {
        const r = host.call({ op: 'bpLookupResult', id: l.id });
        if (r.timedOut) return errResult(abi, p, 22, 2, 2, EC.WOULD_BLOCK);
        const code = codeOf(r);
        if (code !== OK) l.error = code;
        else l.addresses = usable((r.json as { addresses: { address: string; family: number }[] }).addresses);
      }
      if (l.error !== null) return errResult(abi, p, 22, 2, 2, l.error);
      const v = abi.area(p, 22, 2);
      new Uint8Array(v.buffer, p, 22).fill(0); // ok(none) unless an address is left
      if (l.next < l.addresses!.length) {
        v.setUint8(p + 2, 1);
        storeIpAddress(v, p + 4, l.addresses![l.next++]!);
      }
    },
    '[method]resolve-address-stream.subscribe': (self) => {
      const l = table.get(self as number, 'resolve-address-stream');
      return table.add('pollable', new Pollable(() => (l.done || l.id === null ? null : { id: l.id, on: 'lookup' }), l));
    },
    '[resource-drop]resolve-address-stream': (h) => table.drop(h as number, 'resolve-address-stream'),
  };
}
