import type { Status } from '../runners/judge.ts';
import type { Report, TestResult } from './types.ts';

/**
 * Thresholds are fractions of the baseline: 0.25 means "more than 25% above it".
 * A duration must also grow by more than `minMs`, so that jitter on tests of a few
 * milliseconds is not a regression.
 */
export interface CompareOptions {
  timeThreshold: number;
  memoryThreshold: number;
  minMs: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { timeThreshold: 0.25, memoryThreshold: 0.1, minMs: 5 };

export interface ResultRef {
  runtime: string;
  id: string;
}

export interface StatusChange extends ResultRef {
  before: Status;
  after: Status;
  /** The current result's message, if it has one. */
  message?: string;
}

export interface Presence extends ResultRef {
  status: Status;
}

export interface Growth {
  before: number;
  after: number;
  /** after / before - 1; null when the baseline is 0. */
  change: number | null;
  /** Beyond the threshold: counts as a regression. */
  regression: boolean;
}

export interface ResultGrowth extends ResultRef, Growth {}
export interface RuntimeGrowth extends Growth {
  runtime: string;
}

export interface SuiteChange {
  name: string;
  version: { before: string; after: string };
  sha256: { before: string; after: string };
  tests: { before: number; after: number };
}

export interface RuntimeChange {
  runtime: string;
  version: { before: string; after: string };
  sha256: { before: string; after: string };
}

/** Everything that differs between two reports, and which of it is a regression. */
export interface ReportDiff {
  options: CompareOptions;
  /** Results matched by (runtime, test id) in both reports. */
  compared: { runtimes: number; results: number; stillFailing: number };
  /** A changed suite sha256 means the two runs did not run the same tests. */
  suites: { changed: SuiteChange[]; added: string[]; removed: string[] };
  runtimes: { missing: string[]; added: string[]; changed: RuntimeChange[] };
  /** Host fields and the job count that differ: durations (and RSS) measured apart may not compare. */
  environment: { field: string; before: string; after: string }[];
  /** Was pass, xfail or skip; now fail, error or xpass. */
  newFailures: StatusChange[];
  /** Was fail or error; now pass. */
  fixed: StatusChange[];
  /** Any other change of status (pass → skip, fail → xfail, xpass → pass, …): listed, not gated. */
  otherChanges: StatusChange[];
  /** Per runtime present in both reports; a missing runtime is listed once, not per test. */
  tests: { added: Presence[]; removed: Presence[] };
  footprint: {
    /** Results whose peak RSS grew beyond the memory threshold. */
    results: ResultGrowth[];
    /** Per runtime, the highest peak RSS of the run (runtimes measured in both reports). */
    peakRss: RuntimeGrowth[];
    /** Per runtime, the size of the runtime binary. */
    binarySize: RuntimeGrowth[];
  };
  duration: {
    /** Results slower beyond the time threshold and by more than minMs. */
    results: ResultGrowth[];
    /** Per runtime, the summed duration of the results run in both reports. */
    runtimes: RuntimeGrowth[];
    /** The same sum over every runtime; null unless two or more runtimes were timed (else it repeats the one above). */
    total: Growth | null;
  };
  regressions: {
    newFailures: number;
    removedTests: number;
    missingRuntimes: number;
    footprint: number;
    duration: number;
    total: number;
  };
}

const BAD: ReadonlySet<Status> = new Set(['fail', 'error', 'xpass']);
const GOOD: ReadonlySet<Status> = new Set(['pass', 'xfail', 'skip']);

const key = (runtime: string, id: string): string => `${runtime}\u0000${id}`;

function growth(before: number, after: number, threshold: number, minDelta = 0): Growth {
  return {
    before,
    after,
    change: before === 0 ? null : after / before - 1,
    regression: after > before * (1 + threshold) && after - before > minDelta,
  };
}

function maxPeakRss(results: TestResult[], runtime: string): number | undefined {
  let max: number | undefined;
  for (const r of results) if (r.runtime === runtime && r.peakRssBytes !== undefined) max = Math.max(max ?? 0, r.peakRssBytes);
  return max;
}

/** The first (runtime, test id) that appears twice in a report, if any: such a report cannot be compared. */
export function duplicateResult(report: Report): ResultRef | undefined {
  const seen = new Set<string>();
  for (const r of report.results) {
    const k = key(r.runtime, r.id);
    if (seen.has(k)) return { runtime: r.runtime, id: r.id };
    seen.add(k);
  }
  return undefined;
}

/**
 * Compares a current report against a baseline, matching results by (runtime, test id).
 * A pure function of the two reports; regressions are new failures, removed tests,
 * missing runtimes, and footprint or duration growth beyond the thresholds.
 * Durations and peak RSS are compared only where both results ran (neither was skipped).
 */
export function compareReports(baseline: Report, current: Report, options: Partial<CompareOptions> = {}): ReportDiff {
  const opts: CompareOptions = { ...DEFAULT_COMPARE_OPTIONS, ...options };

  const curSuites = new Map(current.suites.map((s) => [s.name, s]));
  const baseSuiteNames = new Set(baseline.suites.map((s) => s.name));
  const suites: ReportDiff['suites'] = {
    changed: [],
    added: current.suites.filter((s) => !baseSuiteNames.has(s.name)).map((s) => s.name),
    removed: baseline.suites.filter((s) => !curSuites.has(s.name)).map((s) => s.name),
  };
  for (const b of baseline.suites) {
    const c = curSuites.get(b.name);
    if (c && c.sha256 !== b.sha256) {
      suites.changed.push({
        name: b.name,
        version: { before: b.version, after: c.version },
        sha256: { before: b.sha256, after: c.sha256 },
        tests: { before: b.tests, after: c.tests },
      });
    }
  }

  const curRuntimes = new Map(current.runtimes.map((r) => [r.name, r]));
  const baseRuntimeNames = new Set(baseline.runtimes.map((r) => r.name));
  const both = baseline.runtimes.filter((r) => curRuntimes.has(r.name));
  const inBoth = new Set(both.map((r) => r.name));
  const runtimes: ReportDiff['runtimes'] = {
    missing: baseline.runtimes.filter((r) => !curRuntimes.has(r.name)).map((r) => r.name),
    added: current.runtimes.filter((r) => !baseRuntimeNames.has(r.name)).map((r) => r.name),
    changed: [],
  };
  for (const b of both) {
    const c = curRuntimes.get(b.name)!;
    if (c.version !== b.version || c.sha256 !== b.sha256) {
      runtimes.changed.push({ runtime: b.name, version: { before: b.version, after: c.version }, sha256: { before: b.sha256, after: c.sha256 } });
    }
  }

  const environment: ReportDiff['environment'] = [];
  const hostFields = ['os', 'release', 'arch', 'cpus', 'cpuModel', 'node'] as const;
  for (const f of hostFields) {
    if (baseline.host[f] !== current.host[f]) environment.push({ field: `host.${f}`, before: String(baseline.host[f]), after: String(current.host[f]) });
  }
  if (baseline.run.jobs !== current.run.jobs) environment.push({ field: 'run.jobs', before: String(baseline.run.jobs), after: String(current.run.jobs) });

  const curResults = new Map(current.results.map((r) => [key(r.runtime, r.id), r]));
  const baseKeys = new Set(baseline.results.map((r) => key(r.runtime, r.id)));
  const diff: Omit<ReportDiff, 'regressions'> = {
    options: opts,
    compared: { runtimes: both.length, results: 0, stillFailing: 0 },
    suites,
    runtimes,
    environment,
    newFailures: [],
    fixed: [],
    otherChanges: [],
    tests: {
      added: current.results.filter((r) => inBoth.has(r.runtime) && !baseKeys.has(key(r.runtime, r.id))).map((r) => ({ runtime: r.runtime, id: r.id, status: r.status })),
      removed: [],
    },
    footprint: { results: [], peakRss: [], binarySize: [] },
    duration: { results: [], runtimes: [], total: null },
  };

  const sums = new Map<string, { before: number; after: number; n: number }>();
  for (const b of baseline.results) {
    if (!inBoth.has(b.runtime)) continue;
    const c = curResults.get(key(b.runtime, b.id));
    if (!c) {
      diff.tests.removed.push({ runtime: b.runtime, id: b.id, status: b.status });
      continue;
    }
    diff.compared.results++;
    const change: StatusChange = { runtime: b.runtime, id: b.id, before: b.status, after: c.status, ...(c.message !== undefined ? { message: c.message } : {}) };
    if (GOOD.has(b.status) && BAD.has(c.status)) diff.newFailures.push(change);
    else if ((b.status === 'fail' || b.status === 'error') && c.status === 'pass') diff.fixed.push(change);
    else if (b.status !== c.status) diff.otherChanges.push(change);
    else if (BAD.has(c.status)) diff.compared.stillFailing++;

    if (b.status === 'skip' || c.status === 'skip') continue;
    if (b.peakRssBytes !== undefined && c.peakRssBytes !== undefined) {
      const g = growth(b.peakRssBytes, c.peakRssBytes, opts.memoryThreshold);
      if (g.regression) diff.footprint.results.push({ runtime: b.runtime, id: b.id, ...g });
    }
    const d = growth(b.durationMs, c.durationMs, opts.timeThreshold, opts.minMs);
    if (d.regression) diff.duration.results.push({ runtime: b.runtime, id: b.id, ...d });
    const sum = sums.get(b.runtime) ?? { before: 0, after: 0, n: 0 };
    sum.before += b.durationMs;
    sum.after += c.durationMs;
    sum.n++;
    sums.set(b.runtime, sum);
  }

  let totalBefore = 0;
  let totalAfter = 0;
  let timed = 0;
  let timedRuntimes = 0;
  for (const b of both) {
    const c = curRuntimes.get(b.name)!;
    const rssBefore = maxPeakRss(baseline.results, b.name);
    const rssAfter = maxPeakRss(current.results, b.name);
    if (rssBefore !== undefined && rssAfter !== undefined) diff.footprint.peakRss.push({ runtime: b.name, ...growth(rssBefore, rssAfter, opts.memoryThreshold) });
    diff.footprint.binarySize.push({ runtime: b.name, ...growth(b.sizeBytes, c.sizeBytes, opts.memoryThreshold) });
    const sum = sums.get(b.name);
    if (sum) {
      diff.duration.runtimes.push({ runtime: b.name, ...growth(sum.before, sum.after, opts.timeThreshold, opts.minMs) });
      totalBefore += sum.before;
      totalAfter += sum.after;
      timed += sum.n;
      timedRuntimes++;
    }
  }
  if (timed > 0 && timedRuntimes > 1) diff.duration.total = growth(totalBefore, totalAfter, opts.timeThreshold, opts.minMs);

  const flagged = (xs: Growth[]): number => xs.filter((x) => x.regression).length;
  const footprint = diff.footprint.results.length + flagged(diff.footprint.peakRss) + flagged(diff.footprint.binarySize);
  const duration = diff.duration.results.length + flagged(diff.duration.runtimes) + (diff.duration.total?.regression ? 1 : 0);
  const regressions = {
    newFailures: diff.newFailures.length,
    removedTests: diff.tests.removed.length,
    missingRuntimes: diff.runtimes.missing.length,
    footprint,
    duration,
    total: 0,
  };
  regressions.total = regressions.newFailures + regressions.removedTests + regressions.missingRuntimes + footprint + duration;
  return { ...diff, regressions };
}
