import path from 'node:path';
import { MUTANTS } from '../adapters/host/mutants.ts';
import { InProcessAdapter } from '../adapters/in-process.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import type { TestResult } from '../report/types.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { loadExpectations } from '../runners/expectations.ts';
import { DEFAULT_OUTPUT_LIMIT, runTests } from '../runners/run-tests.ts';

export interface MutantVerdict {
  mutant: string;
  breaks: string;
  /** Tests whose verdict on the mutant differs from the real host's. */
  caughtBy: { id: string; baseline: string; mutant: string }[];
}

/**
 * Runs the bundled P1 suite on the real in-process host and on every mutant, in one
 * pool, and reports for each mutant the tests that told it apart from the real host.
 */
export async function runSelftest(jobs = 2): Promise<{ tests: number; mutants: MutantVerdict[] }> {
  const suites = await discoverSuites(path.join(PACKAGE_ROOT, 'suites'));
  const tests = filterTests(suites, { suites: ['p1'] });
  const baseline = new InProcessAdapter({});
  const mutants = Object.keys(MUTANTS).map((mutant) => new InProcessAdapter({ mutant }));
  const adapters = [baseline, ...mutants];
  const expectations = await loadExpectations([path.join(PACKAGE_ROOT, 'expectations/in-process.toml')]);
  const caps = await baseline.capabilities();
  const results = await runTests(tests, adapters, {
    jobs,
    expectations: new Map(adapters.map((a) => [a.label, expectations])),
    capabilities: new Map(adapters.map((a) => [a.label, caps])),
    outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
    keepOutputBytes: 512,
  });
  const byRuntime = new Map<string, Map<string, TestResult>>();
  for (const r of results) {
    if (!byRuntime.has(r.runtime)) byRuntime.set(r.runtime, new Map());
    byRuntime.get(r.runtime)!.set(r.id, r);
  }
  const real = byRuntime.get(baseline.label)!;
  return {
    tests: tests.length,
    mutants: mutants.map((m) => ({
      mutant: m.options.mutant!,
      breaks: MUTANTS[m.options.mutant!]!.breaks,
      caughtBy: [...byRuntime.get(m.label)!.values()]
        .filter((r) => r.status !== real.get(r.id)!.status)
        .map((r) => ({ id: r.id, baseline: real.get(r.id)!.status, mutant: r.status })),
    })),
  };
}

export async function main(): Promise<number> {
  const t0 = performance.now();
  const { tests, mutants } = await runSelftest();
  const missed = mutants.filter((m) => m.caughtBy.length === 0);
  for (const m of mutants) {
    const by = m.caughtBy.map((c) => c.id.replace(/^p1\//, ''));
    process.stdout.write(`${m.caughtBy.length ? 'CAUGHT' : 'MISSED'}  ${m.mutant.padEnd(38)} ${by.length ? `by ${by.slice(0, 4).join(', ')}${by.length > 4 ? ` and ${by.length - 4} more` : ''}` : `(${m.breaks})`}\n`);
  }
  process.stdout.write(`\n${mutants.length - missed.length} of ${mutants.length} mutants caught by ${tests} P1 tests in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return missed.length ? 1 : 0;
}
