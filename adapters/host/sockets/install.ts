/**
 * Gives a node:wasi run real sockets on loopback (docs/sockets.md): the pre-opened listener
 * of `run.tcpListen` for the standard P1 calls, and WAMR's lib-socket extension for a
 * module that imports it. A run that needs neither gets nothing: node:wasi alone.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { GuestRun } from '../../types.ts';
import { installBackport, wantsBackport } from './backport.ts';
import { GuestMemory } from './guest-memory.ts';
import { SocketHost } from './host.ts';
import { installPoll } from './poll.ts';
import { SocketPolicy } from './policy.ts';
import { installStandard } from './standard.ts';
import { installWamr } from './wamr.ts';
import { installWasmedge, wantsWasmedge } from './wasmedge.ts';
import { functionImports, type FuncImport } from './wasm-imports.ts';

type ImportFn = (...args: (number | bigint)[]) => number;
const I32 = 0x7f;
const I64 = 0x7e;

/** WAMR's imports that no other dialect has under the same name and type. */
const WAMR_ONLY: Record<string, string> = {
  sock_open: 'iiii',
  sock_bind: 'ii',
  sock_connect: 'ii',
  sock_listen: 'ii',
  sock_recv_from: 'iiiiii',
  sock_send_to: 'iiiiii',
  sock_close: 'i',
  sock_addr_local: 'ii',
  sock_addr_remote: 'ii',
  sock_addr_resolve: 'iiiiii',
};

function sig(f: FuncImport): string {
  return f.params.map((t) => (t === I32 ? 'i' : t === I64 ? 'I' : '?')).join('');
}

/**
 * The WAMR dialect is offered when the module imports at least one of WAMR's own socket
 * calls (sock_open with 4 i32 params, sock_addr_resolve…, or any sock_set_/sock_get_
 * option) and every such import has WAMR's type. A WasmEdge module (3-param sock_open,
 * 3-param sock_bind) does not get it, and fails to link as on WAMR-less runtimes.
 */
export function wantsWamr(modulePath: string): boolean {
  const mine = functionImports(modulePath).filter(
    (f) => f.module === 'wasi_snapshot_preview1' && (f.name in WAMR_ONLY || /^sock_(set|get)_/.test(f.name)),
  );
  if (!mine.length) return false;
  return mine.every((f) => f.results.length === 1 && f.results[0] === I32 && (WAMR_ONLY[f.name] === undefined || WAMR_ONLY[f.name] === sig(f)));
}

export interface SocketLayer {
  /** Extra preopen for node:wasi (the folder whose descriptors hold socket fd numbers). */
  preopens: Record<string, string>;
  /** `exports`: the guest's, once instantiated (the back-port allocates through its cabi_realloc). */
  install(imports: Record<string, Record<string, unknown>>, memory: () => WebAssembly.Memory | undefined, exports: () => WebAssembly.Exports | undefined): void;
  /** Whether `fd` is one of this layer's sockets (the self-test's socket mutants ask). */
  isSocket(fd: number): boolean;
  dispose(): void;
}

/** null when the run needs no sockets (then the host is node:wasi alone). */
export function prepareSockets(run: GuestRun): SocketLayer | null {
  const wamr = wantsWamr(run.modulePath);
  const wasmedge = wantsWasmedge(run.modulePath);
  const backport = wantsBackport(run.modulePath);
  if (!wamr && !wasmedge && !backport && !run.tcpListen) return null;
  const policy = new SocketPolicy(run.socketPolicy);
  const slots = path.join(run.workDir, '.wasmcert-socket-slots');
  mkdirSync(slots, { recursive: true });
  const deadline = performance.now() + run.timeoutMs;
  let host: SocketHost | null = null;
  return {
    preopens: { '/.wasmcert-socket-slots': slots },
    install(imports, memory, exports) {
      const p1 = imports.wasi_snapshot_preview1 as Record<string, ImportFn>;
      host = new SocketHost({ ...p1 }, new GuestMemory(memory), deadline, 3 + run.preopens.length);
      installStandard(p1, host);
      installPoll(p1, host);
      if (wamr) installWamr(p1, host, policy);
      // after WAMR's: the one name both may claim (sock_listen) then gets WasmEdge's body
      if (wasmedge) installWasmedge(p1, host, run.modulePath);
      if (backport) installBackport(imports, host, policy, run.modulePath, exports);
      if (run.tcpListen) host.preopenListener(run.tcpListen);
    },
    isSocket(fd) {
      const s = host?.table.get(fd);
      return s !== undefined && s !== 'spare';
    },
    dispose() {
      host?.dispose();
    },
  };
}
