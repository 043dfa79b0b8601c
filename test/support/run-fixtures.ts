import path from 'node:path';
import { InProcessAdapter } from '../../adapters/in-process.ts';
import type { TestResult } from '../../report/types.ts';
import { discoverSuites, filterTests } from '../../runners/discover.ts';
import type { Expectations } from '../../runners/expectations.ts';
import { DEFAULT_OUTPUT_LIMIT, runTests } from '../../runners/run-tests.ts';

/** Runs fixture tests on the in-process host through the real pool; results keyed by test name. */
export async function runFixtures(
  dir: string,
  grep?: RegExp,
  opts: { jobs?: number; outputLimitBytes?: number; expectations?: Expectations } = {},
): Promise<Map<string, TestResult>> {
  const suites = await discoverSuites(path.resolve(dir));
  const tests = filterTests(suites, { grep });
  const adapter = new InProcessAdapter();
  const results = await runTests(tests, [adapter], {
    jobs: opts.jobs ?? 2,
    expectations: new Map(opts.expectations ? [[adapter.name, opts.expectations]] : []),
    capabilities: new Map([[adapter.name, await adapter.capabilities()]]),
    outputLimitBytes: opts.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT,
    keepOutputBytes: 4096,
  });
  return new Map(results.map((r) => [r.name, r]));
}
