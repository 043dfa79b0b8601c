import junit from 'junit-report-builder';
import type { Report, TestResult } from './types.ts';

// The package's typings describe the CommonJS default wrongly under NodeNext.
const builderRoot = junit as unknown as typeof junit.default;

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function diagnosis(r: TestResult): string {
  const parts = [r.message, r.expectation?.reason ? `expectation: ${r.expectation.reason} (${r.expectation.source})` : undefined];
  if (r.stdout) parts.push(`--- stdout ---\n${r.stdout}`);
  return parts.filter(Boolean).join('\n');
}

/**
 * JUnit XML derived from the canonical report: one testsuite per runtime and suite,
 * `failure` for non-conformance (and stale expectations), `error` when the test could
 * not judge, `skipped` for skips and expected failures. With several runtimes the
 * classname carries the runtime so that classname + name stays unique.
 */
export function renderJunit(report: Report): string {
  const builder = builderRoot.newBuilder();
  const manyRuntimes = report.runtimes.length > 1;
  for (const runtime of report.runtimes) {
    for (const suite of report.suites) {
      const results = report.results.filter((r) => r.runtime === runtime.name && r.suite === suite.name);
      if (results.length === 0) continue;
      const ts = builder
        .testSuite()
        .name(`${suite.name} on ${runtime.name}`)
        .time(seconds(results.reduce((s, r) => s + r.durationMs, 0)))
        .property('runtime', runtime.name)
        .property('runtime.version', runtime.version)
        .property('runtime.sha256', runtime.sha256)
        .property('suite.version', suite.version)
        .property('suite.sha256', suite.sha256);
      for (const r of results) {
        const tc = ts
          .testCase()
          .className(manyRuntimes ? `${runtime.name}.${suite.name}` : suite.name)
          .name(r.name)
          .time(seconds(r.durationMs));
        switch (r.status) {
          case 'fail':
          case 'xpass':
            tc.failure(r.message ?? r.status, r.status);
            break;
          case 'error':
            tc.error(r.message ?? 'error', 'error');
            break;
          case 'skip':
          case 'xfail':
            tc.skipped();
            break;
        }
        if (r.status !== 'pass') tc.standardOutput(`${r.status}: ${diagnosis(r)}`);
        if (r.stderr) tc.standardError(r.stderr);
      }
    }
  }
  return builder.build();
}
