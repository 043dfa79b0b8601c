/** A directory the guest sees: `host` is the pristine fixture, copied fresh for every run. */
export interface Preopen {
  guest: string;
  host: string;
}

export interface Expectation {
  /** null: any exit code is fine (only when `trap` is expected). */
  exitCode: number | null;
  trap: boolean;
  stdout?: string;
  stderr?: string;
  tap: boolean;
}

export type PeerStep =
  | { send: string }
  | { send_hex: string }
  | { expect: string }
  | { expect_hex: string }
  | { expect_eof: true }
  | { shutdown: 'write' }
  | { close: true }
  | { reset: true }
  | { wait_ms: number };

/** The harness's end of a socket test (docs/sockets.md). */
export interface PeerSpec {
  transport: 'tcp' | 'udp';
  family: 'ipv4' | 'ipv6';
  role: 'server' | 'client';
  steps: PeerStep[];
}

/** What the runtime lets the guest reach: WAMR's --addr-pool and --allow-resolve. */
export interface SocketPolicy {
  addrPool: string[];
  allowResolve: string[];
}

/** The `hal` field of a spec: the board file (absolute) and trace lines that must appear, in order. */
export interface HalSpec {
  board: string;
  trace: string[];
}

/** One runnable test after its spec (native or wasi-testsuite legacy) has been normalised. */
export interface TestCase {
  /** `suite/name`: stable across runs, the key in reports and expectation files. */
  id: string;
  suite: string;
  name: string;
  specPath: string | null;
  modulePath: string;
  argv0: string;
  args: string[];
  env: Record<string, string>;
  preopens: Preopen[];
  stdin: string;
  /** The runtime pre-opens a TCP listener (P1 has no call to create one). */
  tcpListen: boolean;
  peer?: PeerSpec;
  socketPolicy?: SocketPolicy;
  /** A HAL test's simulated board and the trace lines it must record (docs/hal.md §5). */
  hal?: HalSpec;
  /**
   * Run the P1 module as the component jco's P1 command adapter makes of it: the tests of
   * an adapting suite (docs/component-model.md), which keep their P1 spec.
   */
  asComponent?: boolean;
  /** Run the test this many times, each in a fresh sandbox; every run must end alike with the same output. */
  repeat?: number;
  /** Call this export of the component (a WAVE call expression) instead of running it. */
  invoke?: string;
  /** What one call of a component import must cost at the host boundary, where the runtime measures it. */
  hostCounts?: { import: string; perCall: HostCountsPerCall };
  expect: Expectation;
  timeoutMs: number;
  /** The spec's own guest linear-memory ceiling; it wins over the run's. */
  guestMemoryLimitBytes?: number;
  requires: string[];
  tags: string[];
  description?: string;
}

export interface Suite {
  name: string;
  /** The manifest's version: the WASI target, e.g. `wasm32-wasip1`. */
  version: string;
  dir: string;
  tests: TestCase[];
  /** An adapting suite (docs/component-model.md): the suite it adapts, and the adapter it uses. */
  adapts?: { suite: string; adapter: string };
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Per call of one import: guest cabi_realloc calls and bytes, bytes the host copied into and out of guest memory. */
export interface HostCountsPerCall {
  reallocs?: number;
  realloc_bytes?: number;
  copied_in?: number;
  copied_out?: number;
}
