/**
 * The WASI 0.2 import object for one component run, keyed as jco's `--instantiation
 * async` output looks them up: unversioned (`wasi:cli/stdout`), functions camelCased.
 *
 * Built afresh for each run from the GuestRun alone: the guest sees exactly the spec's
 * arguments, environment, preopens and stdin, never the host's (the shim's defaults are
 * process.argv, process.env and process.cwd(), and its preopens are a thread global).
 * wasi:sockets and wasi:http are not offered: the shim's would give the guest the
 * host's network with no policy (docs/sockets.md), so a component importing them fails
 * to load, naming the import.
 */
import { closeSync, openSync } from 'node:fs';
import type { GuestRun } from '../../types.ts';
import { stdioPaths } from '../../host/stdio-files.ts';
import { disposeOpened, loadShim, startTracking, type Shim } from './shim.ts';
import { stdioClasses, type StdioClasses } from './stdio-streams.ts';

/** How the guest asked to stop through wasi:cli/exit: thrown instead of the shim's process.exit. */
export class GuestExit extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
  }
}

export interface WasiSession {
  imports: Record<string, object>;
  /** Closes the run's stdio files and whatever the guest left open; returns clean-up errors (never fatal). */
  close(): string[];
}

let classes: { shim: Shim; stdio: StdioClasses } | undefined;

/** wasi:cli/exit's `exit(result)` gives 0 or 1; `exit-with-code(u8)` (unstable in 0.2) any code. */
function exitInterface() {
  return {
    exit(status: { tag: 'ok' | 'err' }): never {
      throw new GuestExit(status.tag === 'err' ? 1 : 0);
    },
    exitWithCode(code: number): never {
      throw new GuestExit(code);
    },
  };
}

/** Opens the run's stdio files and builds its imports; the caller must close() the session. */
export async function openWasiSession(run: GuestRun): Promise<WasiSession> {
  const shim = await loadShim();
  if (classes?.shim !== shim) classes = { shim, stdio: stdioClasses(shim) };
  const { CapturedOutput, BufferedInput } = classes.stdio;
  const paths = stdioPaths(run.workDir);
  const fds: number[] = [];
  try {
    fds.push(openSync(paths.stdout, 'w'), openSync(paths.stderr, 'w'));
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    throw e;
  }
  const stdin = new BufferedInput(Buffer.from(run.stdin, 'utf8'));
  const stdout = new CapturedOutput(fds[0]!, 'stdout', run.outputLimitBytes);
  const stderr = new CapturedOutput(fds[1]!, 'stderr', run.outputLimitBytes);
  const environment = Object.entries(run.env);
  const args = [run.argv0, ...run.args];
  // per-run namespace: the shim's `preopens` export reads a thread global (_setPreopens)
  const fs = shim.filesystem.createFilesystem({ preopens: Object.fromEntries(run.preopens.map((p) => [p.guest, p.host])) });
  startTracking();

  const imports: Record<string, object> = {
    'wasi:cli/environment': {
      getEnvironment: () => environment,
      getArguments: () => args,
      // no cwd, as on the P1 path (and as Wasmtime gives by default): not the host's
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': exitInterface(),
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    // stdout and stderr are files and stdin a buffer: none is a terminal (the shim says all are)
    'wasi:cli/terminal-input': shim.cli.terminalInput,
    'wasi:cli/terminal-output': shim.cli.terminalOutput,
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:clocks/monotonic-clock': shim.clocks.monotonicClock,
    'wasi:clocks/wall-clock': shim.clocks.wallClock,
    'wasi:filesystem/types': fs.types,
    'wasi:filesystem/preopens': fs.preopens,
    'wasi:io/error': shim.io.error,
    'wasi:io/poll': shim.io.poll,
    'wasi:io/streams': shim.io.streams,
    'wasi:random/random': shim.random.random,
    'wasi:random/insecure': shim.random.insecure,
    'wasi:random/insecure-seed': shim.random.insecureSeed,
  };

  let closed = false;
  return {
    imports,
    close() {
      if (closed) return [];
      closed = true;
      const errors = disposeOpened(shim);
      for (const fd of fds) {
        try {
          closeSync(fd);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      return errors;
    },
  };
}
