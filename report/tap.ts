import type { Report, TestResult } from './types.ts';

/**
 * A point's description: TAP 14 reserves `#` (a directive follows) and `\` (escape),
 * and a point is one line.
 */
function description(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

/** A directive's reason runs to the end of the line. */
function reason(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * One YAML value. Strings are written double-quoted with JSON escapes, which YAML 1.2
 * reads the same way: no quoting rule of plain scalars to get wrong.
 */
function yamlLines(key: string, value: unknown, indent: string): string[] {
  if (value === undefined) return [];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${indent}${key}: {}`];
    return [`${indent}${key}:`, ...entries.flatMap(([k, v]) => yamlLines(k, v, `${indent}  `))];
  }
  return [`${indent}${key}: ${JSON.stringify(value)}`];
}

/** The diagnostics of a point that is `not ok` (xfail included): status, duration, message, expectation. */
function diagnostics(r: TestResult, indent: string): string[] {
  const diag: Record<string, unknown> = {
    status: r.status,
    durationMs: r.durationMs,
    message: r.message,
    expectation: r.expectation,
    outcome: r.outcome,
    peakRssBytes: r.peakRssBytes,
  };
  return [`${indent}  ---`, ...Object.entries(diag).flatMap(([k, v]) => yamlLines(k, v, `${indent}  `)), `${indent}  ...`];
}

function point(r: TestResult, n: number, indent: string): string[] {
  const head = `${n} - ${description(r.id)}`;
  switch (r.status) {
    case 'pass':
      return [`${indent}ok ${head}`];
    case 'skip':
      return [`${indent}ok ${head} # SKIP ${reason(r.message ?? r.expectation?.reason ?? 'skipped')}`];
    case 'xfail':
      // a failing TODO point is not a failure: the failure was expected
      return [
        `${indent}not ok ${head} # TODO ${reason(r.expectation?.reason ?? (r.expectation ? `expected to fail (${r.expectation.source})` : 'expected to fail'))}`,
        ...diagnostics(r, indent),
      ];
    case 'fail':
    case 'error':
    case 'xpass':
      return [`${indent}not ok ${head}`, ...diagnostics(r, indent)];
  }
}

/** Fail, error and xpass fail the stream; pass, skip and xfail do not. */
function failed(r: TestResult): boolean {
  return r.status === 'fail' || r.status === 'error' || r.status === 'xpass';
}

/**
 * TAP 14 derived from the canonical report: one subtest per runtime (in report order),
 * each result a point in it; the subtest's closing point is `not ok` when any result
 * in it failed. Results of runtimes absent from `runtimes[]` are not rendered (the
 * schema-valid reports wasmcert writes have none).
 */
export function renderTap(report: Report): string {
  const lines = ['TAP version 14', `# wasmcert ${report.tool.version}: ${report.totals.total} results on ${report.runtimes.length} runtime(s)`, `1..${report.runtimes.length}`];
  report.runtimes.forEach((runtime, i) => {
    const results = report.results.filter((r) => r.runtime === runtime.name);
    const name = description(runtime.name);
    lines.push(`# Subtest: ${name}`);
    if (results.length === 0) {
      lines.push(`    1..0 # no results for ${reason(runtime.name)}`);
    } else {
      lines.push(`    1..${results.length}`);
      results.forEach((r, j) => lines.push(...point(r, j + 1, '    ')));
    }
    lines.push(`${results.some(failed) ? 'not ok' : 'ok'} ${i + 1} - ${name}`);
  });
  return `${lines.join('\n')}\n`;
}
