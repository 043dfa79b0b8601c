import { importsWasiSockets } from './component/componentize.ts';
import { asComponentRun, envFlags, firstLine, ProcessAdapter, type Interpretation } from './process.ts';
import type { ProcessStatus } from './spawn-runtime.ts';
import type { GuestRun, RawResult } from './types.ts';

/** Runs whose module was replaced by its component: they get the network flags. */
const componentRuns = new WeakSet<GuestRun>();

/** Wasmtime's CLI (`wasmtime run`). Traps exit 134 with a Rust error chain on stderr. */
export class WasmtimeAdapter extends ProcessAdapter {
  readonly name = 'wasmtime';
  readonly executable = 'wasmtime';
  readonly envVar = 'WASMTIME';
  override readonly subcommand = ['run'];

  guestFlags(run: GuestRun): string[] {
    // Wasmtime 46 and older pre-open a P1 listener (fd 3) with the legacy P1 host only;
    // 47 removed it, and then refuses the flag: the probe finds no sockets.preopen.
    const listen = run.tcpListen ? ['-S', `preview2=n,tcplisten=${run.tcpListen}`] : [];
    // a back-port module runs as a component (execute): give it the host's network
    const network = componentRuns.has(run) ? ['-S', 'inherit-network', '-S', 'allow-ip-name-lookup'] : [];
    const memory = run.guestMemoryLimitBytes !== undefined ? ['-W', `max-memory-size=${run.guestMemoryLimitBytes}`] : [];
    // a component library: call the named export, which prints its result's WAVE text
    const invoke = run.invoke !== undefined ? ['--invoke', run.invoke] : [];
    return [...invoke, ...listen, ...network, ...memory, ...run.preopens.flatMap((p) => ['--dir', `${p.host}::${p.guest}`]), ...envFlags(run.env, (k, v) => ['--env', `${k}=${v}`])];
  }

  /**
   * A module that imports wasi:sockets (the back-port dialect, docs/sockets-backport.md)
   * runs as the equivalent component, which Wasmtime links to its wasi:sockets 0.2 host
   * and gives the host's network; every other module runs as the test asks.
   */
  override async execute(run: GuestRun): Promise<RawResult> {
    if (!importsWasiSockets(run.modulePath)) return super.execute(run);
    const made = await asComponentRun(run);
    if ('error' in made) return made.error;
    componentRuns.add(made.run);
    return super.execute(made.run);
  }

  override processEnv(run: GuestRun) {
    return { ...super.processEnv(run), RUST_BACKTRACE: '0' }; // or stderr grows a backtrace
  }

  interpret(s: ProcessStatus, _out: string, err: string): Interpretation {
    // 134 for a wasm trap; 1 when the host refuses a call mid-run (an out-of-range enum,
    // an exit code >= 126): both stop the guest with a wasm backtrace
    if ((s.exit === 134 || s.exit === 1) && /wasm trap|error while executing at wasm backtrace/.test(err)) {
      return { outcome: 'trap', message: firstLine(err, /wasm trap|Invalid|outside of|^\s*\d+: (?!<)/) ?? 'wasm trap' };
    }
    // the canonical ABI's checks of what the guest's cabi_realloc returned trap, but no wasm
    // frame is on the stack when they fail: Wasmtime reports them as a plain error
    if (s.exit === 1 && /realloc return: /.test(err)) return { outcome: 'trap', message: firstLine(err, /realloc return: /) };
    if (s.exit === 1 && /^Error: failed to (run|instantiate|compile|parse)/m.test(err) && /failed to (instantiate|compile|parse)|unknown import|missing required/.test(err)) {
      return { outcome: 'load-error', message: firstLine(err, /unknown import|failed to (instantiate|compile|parse)|missing required/) };
    }
    return null;
  }
}
