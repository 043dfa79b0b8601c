import type { Report, TestResult } from './types.ts';

/** One suite on one runtime: how many of its tests conform, fail, or could not run there. */
export interface SuiteCell {
  conforming: number;
  failing: number;
  skipped: number;
  total: number;
}

export interface SuiteMatrix {
  runtimes: string[];
  suites: string[];
  /** cells[suite][runtime], in the order of `suites` and `runtimes`. */
  cells: SuiteCell[][];
}

/**
 * Conformance counts by suite and runtime: for the socket dialects, the matrix of which
 * runtime speaks which dialect and how well. As in the test matrix, a pass and an
 * unexpected pass conform, a failure and an expected one do not, whatever a runtime's
 * expectation file says; a harness error counts as failing.
 */
export function suiteMatrix(report: Report, only?: (suite: string) => boolean): SuiteMatrix {
  const runtimes = report.runtimes.map((r) => r.name);
  const suites = [...new Set(report.results.map((r) => r.suite))].filter((s) => !only || only(s)).sort();
  const empty = (): SuiteCell => ({ conforming: 0, failing: 0, skipped: 0, total: 0 });
  const cells = suites.map(() => runtimes.map(empty));
  const count = (cell: SuiteCell, status: TestResult['status']) => {
    cell.total++;
    if (status === 'pass' || status === 'xpass') cell.conforming++;
    else if (status === 'skip') cell.skipped++;
    else cell.failing++;
  };
  for (const r of report.results) {
    const s = suites.indexOf(r.suite);
    const rt = runtimes.indexOf(r.runtime);
    if (s >= 0 && rt >= 0) count(cells[s]![rt]!, r.status);
  }
  return { runtimes, suites, cells };
}

/** `17/22` conforming of those that ran, `—` when none could run there. */
export function describeCell(c: SuiteCell): string {
  const ran = c.total - c.skipped;
  return ran === 0 ? '—' : `${c.conforming}/${ran}`;
}

/** The matrix as text, for several runtimes and suites; empty otherwise. */
export function renderSuiteMatrix(report: Report): string {
  const m = suiteMatrix(report);
  if (m.runtimes.length < 2 || m.suites.length < 2) return '';
  const rows = [['suite', ...m.runtimes], ...m.suites.map((s, i) => [s, ...m.cells[i]!.map(describeCell)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  return ['Conforming tests of those that ran, by suite (— : not applicable there):', ...lines].join('\n');
}
