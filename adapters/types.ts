/** The capability of a runtime that can be given a guest linear-memory ceiling. */
export const GUEST_MEMORY_LIMIT = 'limit.guest-memory';

export const WASM_PAGE_BYTES = 65_536;

/** Whole pages within a byte limit: memories grow by pages, so a part page is never usable. */
export function limitPages(bytes: number): number {
  return Math.floor(bytes / WASM_PAGE_BYTES);
}

/** How a guest run ended, before any judgement. */
export type Outcome =
  | 'exit' // returned from _start or called proc_exit
  | 'trap' // WebAssembly trap
  | 'signal' // the guest (or the runtime process) died from a signal
  | 'timeout' // stopped by the harness after the test's timeout
  | 'resource-limit' // output or memory cap reached
  | 'load-error' // the module did not load, link or start
  | 'error'; // the harness itself failed

/** Everything an adapter needs to run one guest; host paths are fresh copies of the fixtures. */
export interface GuestRun {
  testId: string;
  modulePath: string;
  argv0: string;
  args: string[];
  env: Record<string, string>;
  preopens: { guest: string; host: string }[];
  /** Scratch folder for this run only, never visible to the guest. */
  workDir: string;
  stdin: string;
  /** `127.0.0.1:PORT` for a runtime to pre-open as a TCP listener, when the test asks for one. */
  tcpListen?: string;
  /** What the guest may reach (docs/sockets.md); absent: the runtime's default (WAMR: nothing). */
  socketPolicy?: { addrPool: string[]; allowResolve: string[] };
  timeoutMs: number;
  outputLimitBytes: number;
  /**
   * Ceiling for each of the guest's linear memories, given to the runtime so that
   * memory.grow past it returns -1. Only set for a runtime whose probe proved it
   * enforces one (capability `limit.guest-memory`).
   */
  guestMemoryLimitBytes?: number;
  /** The simulated board of a HAL test (docs/hal.md): its board file, an absolute path. */
  hal?: { board: string };
  /**
   * Run `modulePath` (a P1 core module) as the component jco's P1 command adapter makes of
   * it (adapters/component/componentize.ts); a runtime that cannot run components fails
   * to load it in its own words.
   */
  asComponent?: boolean;
  /**
   * Call this export of the component instead of running it: a WAVE call expression, as
   * `wasmtime run --invoke` takes it; the result's WAVE text and a newline go to stdout.
   */
  invoke?: string;
  /** Measure what each host call of the component costs (HostCallCounts), where the runtime can. */
  measureHostCounts?: boolean;
}

export interface RawResult {
  outcome: Outcome;
  exitCode: number | null;
  signal?: number | string;
  message?: string;
  stdout: string;
  stderr: string;
  /** Bytes the guest wrote, which may exceed what was kept. */
  stdoutBytes: number;
  stderrBytes: number;
  durationMs: number;
  /** Peak resident memory of the runtime process, where the adapter can measure it. */
  peakRssBytes?: number;
  /** Linear memory size at the end of the run, where the adapter can see it. */
  guestMemoryBytes?: number;
  /** A HAL run's trace (docs/hal.md §5): the text of `<workDir>/hal-trace.txt`, read before the sandbox goes. */
  halTrace?: string;
  /** Per WASI import of a component guest, what its calls cost at the host boundary (in-process host, when asked). */
  hostCounts?: Record<string, HostCallCounts>;
}

export interface RuntimeInfo {
  name: string;
  version: string;
  path: string;
  sha256: string;
  sizeBytes: number;
  capabilities: string[];
  /** Each capability whose probe failed, with what the runtime said (a skip quotes it). */
  lacking?: Record<string, string>;
}

/** Serialisable recipe to rebuild an adapter inside a pool worker. */
export interface AdapterRef {
  name: string;
  options: Record<string, string>;
}

/** The calls of one component import and what they cost: guest cabi_realloc calls and bytes, payload bytes copied into and out of guest memory. */
export interface HostCallCounts {
  calls: number;
  reallocs: number;
  reallocBytes: number;
  copiedIn: number;
  copiedOut: number;
}
