/**
 * The back-port dialect on the in-process host: wasi:sockets@0.2.x lowered to P1 core
 * imports (docs/sockets-backport.md). Offered to a module that imports any
 * `wasi:sockets/…@0.2.N` interface; each interface the module imports, at whatever 0.2
 * version it names, gets the functions of that interface, all sharing one handle table.
 * A function the module imports and this host lacks stays unresolved, and the run is a
 * load error naming it, as on a runtime that lacks it.
 */
import { GuestAbi } from './backport-abi.ts';
import type { Backport, Functions } from './backport-context.ts';
import { ipNameLookup } from './backport-lookup.ts';
import { poll } from './backport-poll.ts';
import { Network } from './backport-resources.ts';
import { ioError, streams } from './backport-streams.ts';
import { HandleTable } from './backport-table.ts';
import { createTcpSocket, tcp } from './backport-tcp.ts';
import { createUdpSocket, udp } from './backport-udp.ts';
import type { SocketHost } from './host.ts';
import type { SocketPolicy } from './policy.ts';
import { functionImports } from './wasm-imports.ts';

/** An import module of the dialect: the interface, then any 0.2 version. */
const MODULE = /^(wasi:(?:sockets|io)\/[a-z-]+)@0\.2\.\d+$/;

const INTERFACES: Record<string, (bp: Backport) => Functions> = {
  'wasi:sockets/instance-network': (bp) => ({ 'instance-network': () => bp.table.add('network', new Network()) }),
  'wasi:sockets/network': (bp) => ({ '[resource-drop]network': (h) => bp.table.drop(h as number, 'network') }),
  'wasi:sockets/tcp-create-socket': createTcpSocket,
  'wasi:sockets/udp-create-socket': createUdpSocket,
  'wasi:sockets/tcp': tcp,
  'wasi:sockets/udp': udp,
  'wasi:sockets/ip-name-lookup': ipNameLookup,
  'wasi:io/poll': poll,
  'wasi:io/error': ioError,
  'wasi:io/streams': streams,
};

export function wantsBackport(modulePath: string): boolean {
  return functionImports(modulePath).some((f) => f.module.startsWith('wasi:sockets/') && MODULE.test(f.module));
}

export function installBackport(
  imports: Record<string, Record<string, unknown>>,
  host: SocketHost,
  policy: SocketPolicy,
  modulePath: string,
  exports: () => WebAssembly.Exports | undefined,
): void {
  const bp: Backport = {
    host,
    abi: new GuestAbi(exports),
    table: new HandleTable(),
    policy,
    // the P1 sockets' counter: ids stay unique in the service thread this run shares
    newId: () => host.newSock(4, 'stream', 'fresh', 0n, 0n).id,
    close: (id) => void host.call({ op: 'bpClose', id }),
  };
  for (const name of new Set(functionImports(modulePath).map((f) => f.module))) {
    const make = INTERFACES[name.match(MODULE)?.[1] ?? ''];
    if (make) imports[name] = { ...imports[name], ...make(bp) };
  }
}
