import { createHash } from 'node:crypto';
import type { Status } from '../../runners/judge.ts';
import type { Certification, Report, TestResult, Tier } from '../types.ts';

/**
 * The memory a device of each tier gives the runtime, in bytes: the upper bound of the
 * tier, as `profiles/<tier>.json` states it for both peak RSS and binary size. Large has
 * no upper bound.
 */
export const TIER_LIMITS: readonly { tier: Tier; limitBytes: number | null }[] = [
  { tier: 'X-Small', limitBytes: 340 * 1024 },
  { tier: 'V-Small', limitBytes: 8 * 1024 ** 2 },
  { tier: 'Small', limitBytes: 16 * 1024 ** 2 },
  { tier: 'Medium', limitBytes: 512 * 1024 ** 2 },
  { tier: 'Large', limitBytes: null },
];

export function tierLimit(tier: Tier): number | null {
  return TIER_LIMITS.find((t) => t.tier === tier)?.limitBytes ?? null;
}

/** The smallest tier a figure fits in. */
export function tierOf(bytes: number): Tier {
  return TIER_LIMITS.find((t) => t.limitBytes === null || bytes <= t.limitBytes)!.tier;
}

/**
 * Conformance, leaving the runtime's own expectations aside: a pass and an xpass both
 * passed, a fail and an xfail both failed (the same rule as `renderMatrix`).
 */
export function conformance(r: TestResult | undefined): string {
  if (!r) return '-';
  if (r.status === 'pass' || r.status === 'xpass') return 'pass';
  if (r.status === 'fail' || r.status === 'xfail') return 'fail';
  return r.status;
}

export interface MatrixRow {
  id: string;
  /** One per runtime, in the order of `runtimes`; undefined where the runtime did not run it. */
  cells: (TestResult | undefined)[];
}

export interface MatrixData {
  runtimes: string[];
  /** Tests run anywhere in the report. */
  tests: number;
  /** Only the tests whose conformance differs between runtimes, by id. */
  rows: MatrixRow[];
}

/** The runtime × test matrix as data: the rows `renderMatrix` prints, for any renderer. */
export function matrixData(report: Report): MatrixData {
  const runtimes = report.runtimes.map((r) => r.name);
  const byTest = new Map<string, Map<string, TestResult>>();
  for (const r of report.results) {
    if (!byTest.has(r.id)) byTest.set(r.id, new Map());
    byTest.get(r.id)!.set(r.runtime, r);
  }
  const rows: MatrixRow[] = [];
  if (runtimes.length >= 2) {
    for (const [id, byRuntime] of byTest) {
      const seen = new Set(runtimes.map((rt) => conformance(byRuntime.get(rt))));
      if (seen.size > 1) rows.push({ id, cells: runtimes.map((rt) => byRuntime.get(rt)) });
    }
  }
  rows.sort((a, b) => a.id.localeCompare(b.id));
  return { runtimes, tests: byTest.size, rows };
}

/** Results that need a reader's attention (as `unexpected` in summary.ts). */
export function isUnexpected(status: Status): boolean {
  return status === 'fail' || status === 'error' || status === 'xpass';
}

/** Per runtime: the certifications of the report that name it, in report order. */
export function certificationsOf(report: Report, runtime: string): Certification[] {
  return (report.certifications ?? []).filter((c) => c.runtime === runtime);
}

/** The highest peak RSS any result of the runtime measured, or null where none was measured. */
export function peakRssOf(report: Report, runtime: string): number | null {
  let peak: number | null = null;
  for (const r of report.results) if (r.runtime === runtime && r.peakRssBytes !== undefined) peak = Math.max(peak ?? 0, r.peakRssBytes);
  return peak;
}

/** sha256 of `JSON.stringify(report)`: the compact canonical serialisation of the object. */
export function canonicalSha256(report: Report): string {
  return createHash('sha256').update(JSON.stringify(report)).digest('hex');
}
