import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRuntimes } from '../adapters/index.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import { ProcessAdapter } from '../adapters/process.ts';
import { writeFileAtomic } from '../report/write.ts';
import type { Report } from '../report/types.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import type { TestCase } from '../runners/test-case.ts';

/**
 * `npm run bench`: measured, never asserted in a unit test.
 * (a) harness overhead: the test phase of `wasmcert run --jobs 1` against a plain bash
 *     loop running the very same runtime command lines (same flags, fresh fixture copies,
 *     same stdin), sequentially. Target: at most 1.10x.
 * (b) parallel speed-up: the test phase of --jobs 1 over --jobs 2. Target: at least 1.8x.
 * Each figure is the best of several rounds, to keep other load on the machine out.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIN = path.join(PACKAGE_ROOT, 'bin/wasmcert.js');

function q(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** One bash script that runs each test's runtime invocation exactly as the adapter builds it. */
function shellLoop(adapter: ProcessAdapter, binary: string, tests: TestCase[], scratch: string): string {
  const lines = ['set -u'];
  for (const [i, t] of tests.entries()) {
    const dirs = t.preopens.map((p, j) => ({ guest: p.guest, host: path.join(scratch, `r${i}_${j}`) }));
    for (const [j, p] of t.preopens.entries()) lines.push(`cp -a ${q(p.host)} ${q(dirs[j]!.host)}`);
    const run = { ...t, tcpListen: undefined, workDir: scratch, preopens: dirs, testId: t.id, outputLimitBytes: 0 };
    const argv = [...adapter.subcommand, ...adapter.guestFlags(run), t.argv0, ...t.args].map(q);
    const stdin = path.join(scratch, `stdin${i}`);
    writeFileSync(stdin, t.stdin);
    const env = Object.entries(adapter.processEnv(run)).map(([k, v]) => q(`${k}=${v}`));
    lines.push(`(cd ${q(path.dirname(t.modulePath))} && env -i ${env.join(' ')} ${q(binary)} ${argv.join(' ')} < ${q(stdin)} > ${q(scratch)}/out 2> ${q(scratch)}/err) || :`);
    for (const d of dirs) lines.push(`rm -rf ${q(d.host)}`);
  }
  return `${lines.join('\n')}\n`;
}

function harnessTestPhaseMs(args: string[]): number {
  const out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-bench-'));
  try {
    spawnSync(process.execPath, [BIN, 'run', ...args, '--output', out], { stdio: 'ignore' });
    const report: Report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    return report.run.durationMs;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function best(f: () => number): number {
  return Math.min(...Array.from({ length: ROUNDS }, f));
}

async function main(): Promise<void> {
  const runtime = process.argv[2] ?? 'wasmtime';
  const adapter = resolveRuntimes([runtime])[0]!;
  if (!(adapter instanceof ProcessAdapter)) throw new Error('bench (a) needs a process runtime, e.g. wasmtime, wamr, wazero');
  const info = await adapter.describe();
  const suites = await discoverSuites(path.join(PACKAGE_ROOT, 'suites'));
  const tests = filterTests(suites, {}).filter((t) => t.requires.every((c) => info.capabilities.includes(c)));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-bench-shell-'));
  const script = path.join(scratch, 'loop.sh');
  writeFileSync(script, shellLoop(adapter, await adapter.binaryPath(), tests, scratch));

  const shellMs = best(() => {
    const t0 = performance.now();
    execFileSync('bash', [script], { stdio: 'ignore' });
    return performance.now() - t0;
  });
  rmSync(scratch, { recursive: true, force: true });
  const common = ['--runtime', runtime, '--no-expectations'];
  const harness1 = best(() => harnessTestPhaseMs([...common, '--jobs', '1']));
  const harness2 = best(() => harnessTestPhaseMs([...common, '--jobs', '2']));
  const inproc1 = best(() => harnessTestPhaseMs(['--jobs', '1', '--no-expectations']));
  const inproc2 = best(() => harnessTestPhaseMs(['--jobs', '2', '--no-expectations']));

  const speedup = +(harness1 / harness2).toFixed(3);
  const inProcessSpeedup = +(inproc1 / inproc2).toFixed(3);
  const result = {
    date: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim(), node: process.version },
    runtime: { name: info.name, version: info.version },
    tests: tests.length,
    rounds: ROUNDS,
    overhead: { shellLoopMs: Math.round(shellMs), harnessJobs1Ms: harness1, perTestOverheadMs: +((harness1 - shellMs) / tests.length).toFixed(2), ratio: +(harness1 / shellMs).toFixed(3), target: 1.1 },
    parallel: {
      [info.name]: { jobs1Ms: harness1, jobs2Ms: harness2, speedup },
      'in-process': { jobs1Ms: inproc1, jobs2Ms: inproc2, speedup: inProcessSpeedup },
      target: 1.8,
    },
  };
  await writeFileAtomic(path.join('results', 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  const ok = (x: boolean) => (x ? 'meets target' : 'MISSES target');
  process.stdout.write(
    [
      `${tests.length} tests on ${info.name} ${info.version}, best of ${ROUNDS} rounds`,
      `(a) overhead: harness --jobs 1 ${harness1} ms vs shell loop ${Math.round(shellMs)} ms: ${result.overhead.ratio}x (${result.overhead.perTestOverheadMs} ms per test), ${ok(result.overhead.ratio <= 1.1)} of 1.10x`,
      `(b) --jobs 2 speed-up: ${info.name} ${speedup}x, in-process ${inProcessSpeedup}x, ${ok(speedup >= 1.8)} of 1.8x`,
      'written to results/bench.json',
    ].join('\n') + '\n',
  );
}

await main();
