import type { HostCallCounts, Outcome, RuntimeInfo } from '../adapters/types.ts';
import type { Distribution } from '../runners/distributions.ts';
import type { NoiseFloor } from '../runners/noise-floor.ts';
import type { Status } from '../runners/judge.ts';
import type { Assertion } from '../runners/tap.ts';

export interface TestResult {
  id: string;
  suite: string;
  name: string;
  runtime: string;
  status: Status;
  message?: string;
  durationMs: number;
  outcome?: { kind: Outcome; exitCode: number | null; signal?: number | string; message?: string };
  assertions: Assertion[];
  tags: string[];
  requires: string[];
  expectation?: { action: 'skip' | 'fail' | 'not-run'; reason?: string; source: string };
  /** Kept only for results that are not a pass, and capped: enough to diagnose. */
  stdout?: string;
  stderr?: string;
  peakRssBytes?: number;
  guestMemoryBytes?: number;
  /**
   * A HAL run's bus trace (docs/hal.md §5), by digest so that runtimes compare at a glance
   * (the same guest on the same board must record the same trace on every host); its text
   * is kept, capped, for results that are not a pass.
   */
  halTrace?: { lines: number; sha256: string; text?: string };
  /** What each WASI import of a component guest cost at the host boundary, where measured (docs/component-model.md). */
  hostCounts?: Record<string, HostCallCounts>;
  /** Timing distributions the guest measured with its own monotonic clock, in ns (runners/distributions.ts). */
  distributions?: Record<string, Distribution>;
  /** A repeated test (spec field repeat): its runs, how many distinct outcomes and outputs they gave, the first's digest. */
  repeat?: { runs: number; distinct: number; sha256: string };
}

export type Totals = Record<Status | 'total', number>;

export interface SuiteIdentity {
  name: string;
  version: string;
  /** Folder relative to the working directory at run time. */
  dir: string;
  tests: number;
  /** sha256 of every guest module, keyed by its path relative to the suite folder. */
  modules: Record<string, string>;
  /** sha256 over the sorted `path sha256` lines: the suite's identity. */
  sha256: string;
  /** The suite whose tests this one runs as components (docs/component-model.md). */
  adapts?: string;
}

/** A hardware tier of the embedded market, by the memory a device gives the runtime. */
export type Tier = 'X-Small' | 'V-Small' | 'Small' | 'Medium' | 'Large';
export type RtClass = 'hard' | 'soft' | 'none';

/** One profile evaluated for one runtime: certified or not, with every reason. */
export interface Certification {
  runtime: string;
  profile: { id: string; version: string; sha256: string; tier: Tier; rtClass: RtClass; mustPassSha256: string };
  /** `certify`: the locked mode (no expectations, skips or filters; suite hashes checked). */
  mode: 'certify' | 'evaluate';
  verdict: 'certified' | 'not-certified';
  /** One plain sentence per failed rule, with the measured figure where there is one. */
  reasons: string[];
  measured: { peakRssBytes: number | null; binarySizeBytes: number; guestMemoryBytes: number | null; mustPass: number; mustPassPassed: number };
  /** When the verdict stops being valid (ISO date). */
  validUntil: string;
}

export interface Report {
  reportVersion: '1.0';
  tool: { name: 'wasmcert'; version: string };
  run: { startedAt: string; finishedAt: string; durationMs: number; jobs: number; guestMemoryLimitBytes?: number; argv: string[]; filters: { suites: string[]; grep: string | null }; noiseFloor?: NoiseFloor };
  host: { os: string; release: string; arch: string; cpus: number; cpuModel: string; memoryBytes: number; node: string };
  suites: SuiteIdentity[];
  runtimes: (RuntimeInfo & { totals: Totals })[];
  results: TestResult[];
  totals: Totals;
  certifications?: Certification[];
}
