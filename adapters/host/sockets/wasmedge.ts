/**
 * WasmEdge's socket extension (imports in wasi_snapshot_preview1, V1 and the 0.12 `_v2`
 * ABI; reference sheet sockets.md section 3), behaving as the sheet documents the dialect
 * and as the suite's tests expect a conforming host to, not as WasmEdge 0.14's bugs
 * (docs/sockets.md, "In-process host: what is real"). A bad pointer is `fault`, never a
 * trap, as in WasmEdge. There is no policy: WasmEdge has no allow-list.
 *
 * Which body an import gets follows WasmEdge's instantiator (sheet 3.1): four plain names
 * have a V1 and a V2 core type, and a plain import with the V2 type falls back to
 * `<name>_v2`. JS host functions are not type-checked at link time, so the host reads the
 * module's import types and installs the matching body itself.
 */
import { E } from './errno.ts';
import { faultOnBadPointer } from './guest-memory.ts';
import type { SocketHost } from './host.ts';
import { installGetaddrinfo } from './wasmedge-getaddrinfo.ts';
import { installOptions } from './wasmedge-options.ts';
import { installSetup } from './wasmedge-setup.ts';
import { installTransfer } from './wasmedge-transfer.ts';
import { functionImports } from './wasm-imports.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const I32 = 0x7f;
const P1 = 'wasi_snapshot_preview1';

/** Every import of the extension and its i32 parameter counts: V1's first, then the V2 one it falls back from. */
const ARITY: Record<string, number[]> = {
  sock_open: [3],
  sock_bind: [3],
  sock_connect: [3],
  sock_listen: [2],
  sock_accept: [2, 3],
  sock_recv: [6],
  sock_recv_from: [7, 8],
  sock_send: [5],
  sock_send_to: [7],
  sock_shutdown: [2],
  sock_getlocaladdr: [4, 3],
  sock_getpeeraddr: [4, 3],
  sock_getsockopt: [5],
  sock_setsockopt: [5],
  sock_getaddrinfo: [8],
  sock_open_v2: [3],
  sock_bind_v2: [3],
  sock_connect_v2: [3],
  sock_listen_v2: [2],
  sock_accept_v2: [3],
  sock_recv_v2: [6],
  sock_recv_from_v2: [8],
  sock_send_v2: [5],
  sock_send_to_v2: [7],
  sock_getlocaladdr_v2: [3],
  sock_getpeeraddr_v2: [3],
};
/** Plain names whose V2 core type falls back to `<name>_v2`, with that type's parameter count. */
const FALLBACK: Record<string, number> = { sock_accept: 3, sock_recv_from: 8, sock_getlocaladdr: 3, sock_getpeeraddr: 3 };
/** WAMR's calls that WasmEdge lacks: a module importing one is WAMR's, not WasmEdge's. */
const WAMR_NAMES = /^sock_(set_|get_|close$|addr_)/;

/** Imports that say nothing about the dialect: the standard P1 calls, and WAMR's identical sock_listen. */
function sharedWithOthers(name: string, params: number): boolean {
  return name === 'sock_listen' || name === 'sock_recv' || name === 'sock_send' || name === 'sock_shutdown' || (name === 'sock_accept' && params === 3);
}

/**
 * The dialect is offered when the module imports at least one call only WasmEdge has under
 * that name and type (3-param sock_open, sock_getaddrinfo, any `_v2`…), every import of
 * the extension has one of WasmEdge's core types, and none is one of WAMR's own calls.
 * Otherwise the module gets no WasmEdge body and fails to link, as on a runtime without
 * the dialect; a WAMR module (4-param sock_open) is never given WasmEdge's.
 */
export function wantsWasmedge(modulePath: string): boolean {
  const socks = functionImports(modulePath).filter((f) => f.module === P1 && f.name.startsWith('sock_'));
  if (socks.some((f) => WAMR_NAMES.test(f.name))) return false;
  const mine = socks.filter((f) => f.name in ARITY);
  if (!mine.some((f) => !sharedWithOthers(f.name, f.params.length))) return false;
  return mine.every((f) => f.results.length === 1 && f.results[0] === I32 && f.params.every((t) => t === I32) && ARITY[f.name]!.includes(f.params.length));
}

/** Installs the extension over the standard calls installStandard put in `p1`. */
export function installWasmedge(p1: Record<string, ImportFn>, host: SocketHost, modulePath: string): void {
  const def = (name: string, f: ImportFn) => (p1[name] = faultOnBadPointer(f));
  installSetup(host, def);
  installTransfer(host, def);
  installOptions(host, def);
  installGetaddrinfo(host, def);
  // sock_recv, sock_send and sock_shutdown are the standard calls, also under the _v2 names
  p1.sock_recv_v2 = p1.sock_recv!;
  p1.sock_send_v2 = p1.sock_send!;
  for (const f of functionImports(modulePath)) {
    if (f.module === P1 && FALLBACK[f.name] === f.params.length) p1[f.name] = p1[`${f.name}_v2`]!;
  }
}
