import { envFlags, firstLine, ProcessAdapter, type Interpretation } from './process.ts';
import type { ProcessStatus } from './spawn-runtime.ts';
import type { GuestRun } from './types.ts';

/** wazero's CLI (`wazero run`). A trap in _start is reported as an instantiation error, exit 1. */
export class WazeroAdapter extends ProcessAdapter {
  readonly name = 'wazero';
  readonly executable = 'wazero';
  readonly envVar = 'WAZERO';
  override readonly subcommand = ['run'];
  override readonly versionArgs = ['version'];

  // No guestMemoryLimitBytes: `wazero run` has no memory flag (the library's
  // WithMemoryLimitPages is not exposed), so its probe finds no limit.guest-memory.
  guestFlags(run: GuestRun): string[] {
    // no `--` before the module: with no guest args the guest would see "--" as one
    const listen = run.tcpListen ? [`-listen=${run.tcpListen}`] : []; // its fd comes after the mounts
    return [...listen, ...run.preopens.map((p) => `-mount=${p.host}:${p.guest}`), ...envFlags(run.env, (k, v) => [`-env=${k}=${v}`])];
  }

  interpret(s: ProcessStatus, _out: string, err: string): Interpretation {
    if (s.exit !== 1) return null;
    if (/^wasm error:|function\[_start\] failed/m.test(err)) return { outcome: 'trap', message: firstLine(err, /wasm error|failed/) };
    if (/^error (instantiating|compiling|reading) wasm binary/m.test(err)) return { outcome: 'load-error', message: firstLine(err, /^error/) };
    return null;
  }
}
