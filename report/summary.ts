import { renderAdaptationChanges } from './adaptation.ts';
import { renderMatrix, versionChanges } from './matrix.ts';
import { renderSuiteMatrix } from './suite-matrix.ts';
import { renderTraceAgreement } from './trace-agreement.ts';
import type { Report, TestResult } from './types.ts';

const COLUMNS = ['pass', 'fail', 'error', 'skip', 'xfail', 'xpass', 'total'] as const;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

/** Results that need a reader's attention: anything but a pass, skip or expected failure. */
export function unexpected(results: TestResult[]): TestResult[] {
  return results.filter((r) => r.status === 'fail' || r.status === 'error' || r.status === 'xpass');
}

/** The end-of-run text: one row per runtime, then every unexpected result with its reason. */
export function renderSummary(report: Report): string {
  const rows = [['runtime', ...COLUMNS]];
  for (const rt of report.runtimes) rows.push([`${rt.name} (${rt.version})`, ...COLUMNS.map((c) => String(rt.totals[c]))]);
  const lines = [table(rows)];
  const bySuite = renderSuiteMatrix(report);
  if (bySuite) lines.push('', bySuite);
  const matrix = renderMatrix(report);
  if (matrix) lines.push('', matrix);
  const adapted = renderAdaptationChanges(report);
  if (adapted.length) lines.push('', ...adapted);
  const traces = renderTraceAgreement(report);
  if (traces.length) lines.push('', ...traces);
  const changes = versionChanges(report);
  if (changes.length) lines.push('', 'Changes across versions:', ...changes.map((c) => `  ${c}`));
  const bad = unexpected(report.results);
  if (bad.length) {
    lines.push('', 'Unexpected results:');
    for (const r of bad) lines.push(`  ${r.status.toUpperCase()} ${r.id} [${r.runtime}]: ${r.message ?? ''}`);
  }
  for (const c of report.certifications ?? []) {
    const head = `${c.runtime}: ${c.verdict === 'certified' ? 'CERTIFIED' : 'NOT CERTIFIED'} for ${c.profile.id} ${c.profile.version} (${c.profile.tier}, RT ${c.profile.rtClass}, ${c.mode})`;
    lines.push('', `${head}, ${c.measured.mustPassPassed}/${c.measured.mustPass} must-pass tests passed${c.verdict === 'certified' ? `, valid until ${c.validUntil}` : ''}`);
    for (const reason of c.reasons.slice(0, 20)) lines.push(`  - ${reason}`);
    if (c.reasons.length > 20) lines.push(`  - … and ${c.reasons.length - 20} more (see the report)`);
  }
  const t = report.totals;
  lines.push('', `${t.total} tests on ${report.runtimes.length} runtime(s) in ${(report.run.durationMs / 1000).toFixed(1)} s: ${bad.length === 0 ? 'all as expected' : `${bad.length} unexpected`}`);
  return lines.join('\n');
}
