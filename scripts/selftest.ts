import path from 'node:path';
import { MUTANT_SUITES, type MutantSuite } from '../adapters/host/mutant-kit.ts';
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
 * Runs each mutant's suite (P1, the socket suites, HAL or the component model) on the real in-process host and on
 * every mutant of that suite, in one pool, and reports for each mutant the tests that told
 * it apart from the real host.
 */
export async function runSelftest(jobs = 2, only?: MutantSuite): Promise<{ tests: number; mutants: MutantVerdict[] }> {
  const suites = await discoverSuites(path.join(PACKAGE_ROOT, 'suites'));
  const bySuite = Object.fromEntries(MUTANT_SUITES.map((s) => [s, only && only !== s ? [] : filterTests(suites, { suites: [s] })]));
  const baseline = new InProcessAdapter({});
  const expectations = await loadExpectations([path.join(PACKAGE_ROOT, 'expectations/in-process.toml')]);
  const caps = await baseline.capabilities();
  const verdicts: MutantVerdict[] = [];
  for (const [suite, tests] of Object.entries(bySuite)) {
    if (!tests.length) continue;
    const mutants = Object.entries(MUTANTS)
      .filter(([, m]) => m.suite === suite)
      .map(([mutant]) => new InProcessAdapter({ mutant }));
    const adapters = [baseline, ...mutants];
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
    for (const m of mutants) {
      verdicts.push({
        mutant: m.options.mutant!,
        breaks: MUTANTS[m.options.mutant!]!.breaks,
        caughtBy: [...byRuntime.get(m.label)!.values()]
          .filter((r) => r.status !== real.get(r.id)!.status)
          .map((r) => ({ id: r.id, baseline: real.get(r.id)!.status, mutant: r.status })),
      });
    }
  }
  return { tests: Object.values(bySuite).reduce((n, t) => n + t.length, 0), mutants: verdicts };
}

/** `selftest [--suite p1|sockets|hal|component-model/count]`: the mutants of one suite, or of all. */
export async function main(argv: string[] = []): Promise<number> {
  const t0 = performance.now();
  const at = argv.indexOf('--suite');
  const only = at >= 0 ? argv[at + 1] : undefined;
  if (only !== undefined && !(MUTANT_SUITES as readonly string[]).includes(only)) {
    process.stderr.write(`selftest: --suite must be one of ${MUTANT_SUITES.join(', ')}, not "${only}"\n`);
    return 2;
  }
  const { tests, mutants } = await runSelftest(2, only as MutantSuite | undefined);
  const missed = mutants.filter((m) => m.caughtBy.length === 0);
  for (const m of mutants) {
    const by = m.caughtBy.map((c) => c.id.replace(/^[^/]+\//, ''));
    process.stdout.write(`${m.caughtBy.length ? 'CAUGHT' : 'MISSED'}  ${m.mutant.padEnd(38)} ${by.length ? `by ${by.slice(0, 4).join(', ')}${by.length > 4 ? ` and ${by.length - 4} more` : ''}` : `(${m.breaks})`}\n`);
  }
  process.stdout.write(`\n${mutants.length - missed.length} of ${mutants.length} mutants caught by ${tests} tests of their suites in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return missed.length ? 1 : 0;
}
