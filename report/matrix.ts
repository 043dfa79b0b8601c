import type { Report, TestResult } from './types.ts';

const SHORT: Record<TestResult['status'], string> = { pass: 'pass', fail: 'FAIL', error: 'ERR', skip: 'skip', xfail: 'xfail', xpass: 'XPASS' };

/** Verdicts per test id and runtime label. */
function verdicts(report: Report): Map<string, Map<string, TestResult>> {
  const byTest = new Map<string, Map<string, TestResult>>();
  for (const r of report.results) {
    if (!byTest.has(r.id)) byTest.set(r.id, new Map());
    byTest.get(r.id)!.set(r.runtime, r);
  }
  return byTest;
}

/** A pass and an xfail agree with the runtime's own expectations; compare raw conformance instead. */
export function conforms(r: TestResult | undefined): string {
  if (!r) return '-';
  if (r.status === 'pass' || r.status === 'xpass') return 'pass';
  if (r.status === 'fail' || r.status === 'xfail') return 'fail';
  return r.status;
}

/** Tests whose conformance differs between runtimes: the runtime × test matrix a device maker reads. */
export function renderMatrix(report: Report): string {
  const runtimes = report.runtimes.map((r) => r.name);
  if (runtimes.length < 2) return '';
  const rows: string[][] = [];
  for (const [id, byRuntime] of verdicts(report)) {
    const seen = new Set(runtimes.map((rt) => conforms(byRuntime.get(rt))));
    if (seen.size > 1) rows.push([id, ...runtimes.map((rt) => { const r = byRuntime.get(rt); return r ? SHORT[r.status] : '-'; })]);
  }
  if (rows.length === 0) return `All ${runtimes.length} runtimes agree on every test.`;
  const table = [['test', ...runtimes], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return [`Where runtimes differ (${rows.length} tests):`, ...table.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd())].join('\n');
}

/**
 * For runtimes tested in several versions (`wasmtime@36.0.9` … `wasmtime@49.0.3`): each
 * test whose conformance changed, and the first version where it did.
 */
export function versionChanges(report: Report): string[] {
  const series = new Map<string, { version: string; label: string }[]>();
  for (const rt of report.runtimes) {
    const m = rt.name.match(/^([^@:]+)@([^:]+)$/);
    if (!m) continue;
    if (!series.has(m[1]!)) series.set(m[1]!, []);
    series.get(m[1]!)!.push({ version: m[2]!, label: rt.name });
  }
  const lines: string[] = [];
  const byTest = verdicts(report);
  for (const [name, versions] of series) {
    if (versions.length < 2) continue;
    versions.sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
    for (const [id, byRuntime] of byTest) {
      for (let i = 1; i < versions.length; i++) {
        const before = conforms(byRuntime.get(versions[i - 1]!.label));
        const after = conforms(byRuntime.get(versions[i]!.label));
        if (before !== after) lines.push(`${id}: ${before} → ${after} first in ${name} ${versions[i]!.version} (was ${before} in ${versions[i - 1]!.version})`);
      }
    }
  }
  return lines;
}
