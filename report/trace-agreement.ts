import type { Report } from './types.ts';

export interface TraceAgreement {
  /** HAL tests that recorded a trace on at least two runtimes. */
  compared: number;
  /** Those whose traces differ: for each, the runtimes grouped by the trace they recorded. */
  differing: { id: string; groups: { sha256: string; lines: number; runtimes: string[] }[] }[];
}

/**
 * Whether the runtimes recorded the same bus trace for each HAL test (docs/hal.md §5): the
 * same guest on the same board must drive the simulated bus identically on every host, so
 * a difference is a host bug even where both verdicts pass.
 */
export function traceAgreement(report: Report): TraceAgreement {
  const byTest = new Map<string, Map<string, { sha256: string; lines: number; runtimes: string[] }>>();
  for (const r of report.results) {
    if (!r.halTrace) continue;
    if (!byTest.has(r.id)) byTest.set(r.id, new Map());
    const groups = byTest.get(r.id)!;
    const g = groups.get(r.halTrace.sha256) ?? { sha256: r.halTrace.sha256, lines: r.halTrace.lines, runtimes: [] };
    g.runtimes.push(r.runtime);
    groups.set(r.halTrace.sha256, g);
  }
  const compared = [...byTest.values()].filter((g) => [...g.values()].reduce((n, x) => n + x.runtimes.length, 0) > 1);
  const differing = [...byTest.entries()].filter(([, g]) => g.size > 1).map(([id, g]) => ({ id, groups: [...g.values()] }));
  return { compared: compared.length, differing };
}

/** The summary's lines: nothing when fewer than two runtimes traced a test. */
export function renderTraceAgreement(report: Report): string[] {
  const { compared, differing } = traceAgreement(report);
  if (!compared) return [];
  if (!differing.length) return [`HAL bus traces: identical on every runtime for all ${compared} tests traced on more than one.`];
  return [
    `HAL bus traces differ for ${differing.length} of ${compared} tests:`,
    ...differing.map((d) => `  ${d.id}: ${d.groups.map((g) => `${g.runtimes.join(', ')} (${g.lines} lines, ${g.sha256.slice(0, 12)})`).join(' vs ')}`),
  ];
}
