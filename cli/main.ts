import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeAdapter } from '../adapters/base.ts';
import type { RuntimeInfo } from '../adapters/types.ts';
import { resolveRuntimes } from '../adapters/index.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import { buildReport, identifySuite, TOOL_VERSION } from '../report/build.ts';
import { renderJunit } from '../report/junit.ts';
import { renderSummary, unexpected } from '../report/summary.ts';
import { writeFileAtomic, writeReport } from '../report/write.ts';
import { discoverSuites, filterTests, inSuite } from '../runners/discover.ts';
import { loadExpectations, notRunInCertification, type Expectations } from '../runners/expectations.ts';
import { loadDurations } from '../runners/durations.ts';
import { measureNoiseFloor } from '../runners/noise-floor.ts';
import { InputError } from '../runners/input-error.ts';
import { createPool, destroyPool, runTests, DEFAULT_OUTPUT_LIMIT, type Pool } from '../runners/run-tests.ts';
import type { Suite, TestCase } from '../runners/test-case.ts';
import { parseCli, runGuestMemoryLimit, USAGE, type CliOptions } from './options.ts';
import { createProgress } from './progress.ts';
import { evaluate, mustPassTests } from '../certification/evaluate.ts';
import { loadProfile, type Profile } from '../certification/profiles.ts';
import { suiteFolders, suiteHashProblems } from '../certification/suite-hashes.ts';
import { COMMANDS } from './commands/index.ts';
import { listRuntimes } from './runtimes-command.ts';

async function commandSummaries(): Promise<string> {
  const lines = [];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${(await load()).summary}`);
  return lines.length ? `\nMore commands (wasmcert COMMAND --help):\n${lines.join('\n')}\n` : '';
}

async function selectTests(opts: CliOptions) {
  const roots = opts.tests.length ? opts.tests.map((d) => path.resolve(d)) : [path.join(PACKAGE_ROOT, 'suites')];
  const suites: Suite[] = [];
  for (const root of roots) suites.push(...(await discoverSuites(root)));
  const unknown = opts.suites.filter((s) => !suites.some((x) => inSuite(x.name, s)));
  if (unknown.length) throw new InputError('--suite', `no suite named ${unknown.map((s) => `"${s}"`).join(', ')} (found: ${suites.map((s) => s.name).join(', ')})`);
  const tests = filterTests(suites, { suites: opts.suites, grep: opts.grep ?? undefined });
  if (tests.length === 0) throw new InputError(opts.grep ? '--grep' : roots.join(', '), 'no tests selected');
  return { suites, tests };
}

/**
 * The bundled files for a runtime, general first: each selected suite's own
 * `expectations.toml` (what every runtime shows, e.g. the P1 adapter's findings in an
 * adapting suite), then `wamr.toml`, `wamr@2.4.3.toml` (the version actually found, even
 * when none was asked for), `wamr:minimal.toml`; then the user's files. Later entries win.
 */
async function expectationsFor(adapter: RuntimeAdapter, info: RuntimeInfo, suites: Suite[], opts: CliOptions): Promise<Expectations> {
  const { variant } = adapter.options;
  const names = [adapter.name, `${adapter.name}@${info.version}`, ...(variant ? [`${adapter.name}:${variant}`] : [])];
  const ofSuites = suites.map((s) => path.join(s.dir, 'expectations.toml'));
  const ofRuntime = names.map((n) => path.join(PACKAGE_ROOT, 'expectations', `${n}.toml`));
  const bundled = [...ofSuites, ...ofRuntime].filter((f) => opts.bundledExpectations && existsSync(f));
  return loadExpectations([...bundled, ...opts.expectations]);
}

/** Certification runs only the suites as published: every module as its modules.sha256 says. */
function assertSuitesUnmodified(): void {
  for (const dir of suiteFolders(path.join(PACKAGE_ROOT, 'suites'))) {
    const problem = suiteHashProblems(dir)[0];
    if (problem) throw new InputError('--certify', `refused: ${path.relative(process.cwd(), problem)}`);
  }
}

async function run(opts: CliOptions, argv: string[]): Promise<number> {
  const profile = opts.profile ? loadProfile(opts.profile) : undefined;
  const guestMemoryLimitBytes = runGuestMemoryLimit(opts, profile?.limits.guestMemoryLimitBytes);
  if (opts.certify) assertSuitesUnmodified();
  const { suites, tests } = await selectTests(opts);
  const adapters = resolveRuntimes(opts.runtimes, opts.runtimePath);
  const pool = createPool(opts.jobs);
  try {
    return await runWith(pool, adapters, suites, tests, { ...opts, ...(guestMemoryLimitBytes !== undefined ? { guestMemoryLimitBytes } : {}) }, argv, profile);
  } finally {
    await destroyPool(pool);
  }
}

async function runWith(
  pool: Pool,
  adapters: RuntimeAdapter[],
  suites: Suite[],
  tests: TestCase[],
  opts: CliOptions,
  argv: string[],
  profile: Profile | undefined,
): Promise<number> {
  const infos = await Promise.all(adapters.map((a) => a.describe()));
  const expectations = new Map<string, Expectations>();
  // Certification judges by the spec alone: no expected failure applies. A bundled skip
  // (a test that crashes or hangs the harness on that runtime) is not run, and fails.
  for (const [i, a] of adapters.entries()) {
    const own = await expectationsFor(a, infos[i]!, suites, opts);
    expectations.set(a.label, opts.certify ? notRunInCertification(own) : own);
  }

  // what the harness's own timing looks like on this machine, next to what the runtimes measure
  const noiseFloor = tests.some((t) => inSuite(t.suite, 'determinism')) ? measureNoiseFloor() : undefined;
  if (noiseFloor) {
    const { clockPair: c, waitOvershoot: w } = noiseFloor;
    process.stderr.write(`noise floor: clock pair ${c.median} ns (p99 ${c.p99}), 1 ms wait late by ${w.median} ns (p99 ${w.p99})${noiseFloor.noisy ? ': NOISY, timing figures of this run are suspect' : ''}\n`);
  }
  const startedAt = new Date();
  const progress = createProgress(tests.length * adapters.length, adapters.length);
  const results = await runTests(tests, adapters, {
    jobs: opts.jobs,
    expectations,
    capabilities: new Map(infos.map((i) => [i.name, i.capabilities])),
    lacking: new Map(infos.map((i) => [i.name, i.lacking ?? {}])),
    outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
    ...(opts.guestMemoryLimitBytes !== undefined ? { guestMemoryLimitBytes: opts.guestMemoryLimitBytes } : {}),
    keepOutputBytes: 4096,
    onResult: (r) => progress.onResult(r),
    durations: opts.durations ? loadDurations(opts.durations, true) : loadDurations(path.join(opts.output, 'report.json'), false),
    pool,
  });
  progress.done();
  const finishedAt = new Date();

  const used = suites.filter((s) => tests.some((t) => t.suite === s.name));
  const identities = await Promise.all(used.map((s) => identifySuite(s, tests.filter((t) => t.suite === s.name).length)));
  const report = buildReport(identities, infos, results, {
    startedAt,
    finishedAt,
    jobs: opts.jobs,
    argv,
    filters: { suites: opts.suites, grep: opts.grep?.source ?? null },
    ...(opts.guestMemoryLimitBytes !== undefined ? { guestMemoryLimitBytes: opts.guestMemoryLimitBytes } : {}),
    ...(noiseFloor ? { noiseFloor } : {}),
  });
  if (profile) {
    const mustPass = mustPassTests(profile, tests).map((t) => t.id);
    report.certifications = infos.map((info) =>
      evaluate(profile, info, results.filter((r) => r.runtime === info.name), mustPass, opts.certify ? 'certify' : 'evaluate', finishedAt),
    );
  }
  const reportFile = path.join(opts.output, 'report.json');
  await writeReport(reportFile, report);
  await writeFileAtomic(path.join(opts.output, 'junit.xml'), renderJunit(report));
  process.stdout.write(`${renderSummary(report)}\nReports: ${reportFile}, ${path.join(opts.output, 'junit.xml')}\n`);
  const uncertified = (report.certifications ?? []).some((c) => c.verdict !== 'certified');
  return unexpected(results).length || uncertified ? 1 : 0;
}

async function list(opts: CliOptions): Promise<number> {
  const { tests } = await selectTests(opts);
  for (const t of tests) process.stdout.write(`${t.id}${t.tags.length ? `  [${t.tags.join(', ')}]` : ''}\n`);
  return 0;
}

/** Runs the CLI; returns the exit code. Bad input ends with one line on stderr and 2. */
export async function main(argv: string[]): Promise<number> {
  try {
    const other = argv[0] !== undefined ? COMMANDS[argv[0]] : undefined;
    if (other) return await (await other()).run(argv.slice(1));
    const opts = parseCli(argv);
    switch (opts.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n${await commandSummaries()}`);
        return 0;
      case 'version':
        process.stdout.write(`wasmcert ${TOOL_VERSION}\n`);
        return 0;
      case 'list':
        return await list(opts);
      case 'runtimes':
        return await listRuntimes(opts.runtimes, opts.runtimePath);
      case 'run':
        return await run(opts, argv);
    }
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`wasmcert: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
