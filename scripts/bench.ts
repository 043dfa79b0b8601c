import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRuntimes } from '../adapters/index.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import { ProcessAdapter } from '../adapters/process.ts';
import { closeSpawners, spawnRuntime } from '../adapters/spawn-runtime.ts';
import { writeFileAtomic } from '../report/write.ts';
import type { Report } from '../report/types.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { createPool, destroyPool } from '../runners/run-tests.ts';
import type { TestCase } from '../runners/test-case.ts';

/**
 * `npm run bench`: measured, never asserted in a unit test.
 * (a) harness overhead: the test phase of `wasmcert run --jobs 1` against a plain bash
 *     loop running the very same runtime command lines (same flags, fresh fixture copies,
 *     same stdin), sequentially. Target: at most 1.10x.
 * (b) parallel speed-up: the test phase of --jobs 1 over --jobs 2. Target: at least 1.8x.
 * Each figure is the best of several rounds, to keep other load on the machine out; the
 * rounds interleave the measurements, so a burst of load hits them all alike.
 * Also measured: how long a pool worker takes to start, from its cached bundle and
 * through tsx (WASMCERT_WORKER_BUNDLE=0), and the spawner's cost per run.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** One committed suite, so that suites being written meanwhile do not change what is measured. */
const SUITE = process.env.BENCH_SUITE ?? 'p1';
const BIN = path.join(PACKAGE_ROOT, 'bin/wasmcert.js');

function q(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * One bash script that runs each test's runtime invocation exactly as the adapter builds it.
 * `fresh`: copy each fixture before its run and remove it after, as the harness does; else
 * `setup` gets the copies, made once before timing (the floor: runtime invocations only).
 */
function shellLoop(adapter: ProcessAdapter, binary: string, tests: TestCase[], scratch: string, fresh: boolean, setup: string[] = []): string {
  const lines = ['set -u'];
  for (const [i, t] of tests.entries()) {
    const dirs = t.preopens.map((p, j) => ({ guest: p.guest, host: path.join(scratch, `r${i}_${j}`) }));
    for (const [j, p] of t.preopens.entries()) (fresh ? lines : setup).push(`cp -a ${q(p.host)} ${q(dirs[j]!.host)}`);
    const run = { ...t, tcpListen: undefined, workDir: scratch, preopens: dirs, testId: t.id, outputLimitBytes: 0 };
    const argv = [...adapter.subcommand, ...adapter.guestFlags(run), t.argv0, ...t.args].map(q);
    const stdin = path.join(scratch, `stdin${i}`);
    writeFileSync(stdin, t.stdin);
    const env = Object.entries(adapter.processEnv(run)).map(([k, v]) => q(`${k}=${v}`));
    lines.push(`(cd ${q(path.dirname(t.modulePath))} && env -i ${env.join(' ')} ${q(binary)} ${argv.join(' ')} < ${q(stdin)} > ${q(scratch)}/out 2> ${q(scratch)}/err) || :`);
    if (fresh) for (const d of dirs) lines.push(`rm -rf ${q(d.host)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `keepReport`: where to leave the run's report, whose durations a later run starts from. */
function harnessTestPhaseMs(args: string[], keepReport?: string): number {
  const out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-bench-'));
  try {
    const r = spawnSync(process.execPath, [BIN, 'run', '--suite', SUITE, ...args, '--output', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    // exit 1 (unexpected results) is normal with --no-expectations; no report is not
    if (!existsSync(path.join(out, 'report.json'))) throw new Error(`wasmcert run ${args.join(' ')} wrote no report (exit ${r.status ?? r.signal}): ${r.stderr.toString().trim().split('\n').slice(-3).join(' | ')}`);
    const report: Report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    if (keepReport) copyFileSync(path.join(out, 'report.json'), keepReport);
    return report.run.durationMs;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs every measurement once per round, in turn; the best (smallest) of each. */
function interleaved<K extends string>(fns: Record<K, () => number>): Record<K, number> {
  const seen = Object.fromEntries(Object.keys(fns).map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let r = 0; r < ROUNDS; r++) for (const k of Object.keys(fns) as K[]) seen[k].push(fns[k]());
  return Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, Math.round(Math.min(...(v as number[])))])) as Record<K, number>;
}

/** Pool start to the first finished job, for one worker: what a run waits for before its first test. */
async function workerStartMs(bundle: boolean): Promise<number> {
  const was = process.env.WASMCERT_WORKER_BUNDLE;
  if (!bundle) process.env.WASMCERT_WORKER_BUNDLE = '0'; // a worker copies the environment when it starts
  const t0 = performance.now();
  const pool = createPool(1);
  if (was === undefined) delete process.env.WASMCERT_WORKER_BUNDLE;
  else process.env.WASMCERT_WORKER_BUNDLE = was;
  try {
    const run = { testId: 'bench', modulePath: '/bench.wasm', argv0: 'bench.wasm', args: [], env: {}, preopens: [], workDir: os.tmpdir(), stdin: '', timeoutMs: 5_000, outputLimitBytes: 1024 };
    await pool.run({ adapter: { name: 'wasmtime', options: { path: '/bin/true' } }, run });
    return performance.now() - t0;
  } finally {
    await destroyPool(pool);
  }
}

/** One run of /bin/true through the exec helper server, from this (main) thread. */
async function spawnerRunMs(n: number): Promise<number> {
  const req = { binary: '/bin/true', argv: [], cwd: '/', env: { PATH: '/usr/bin:/bin' }, stdin: '', timeoutMs: 5_000, dataLimitBytes: 2 * 1024 ** 3, outputLimitBytes: 1024 };
  await spawnRuntime(req); // starts the server
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await spawnRuntime(req);
  return (performance.now() - t0) / n;
}

async function main(): Promise<void> {
  const runtime = process.argv[2] ?? 'wasmtime';
  const adapter = resolveRuntimes([runtime])[0]!;
  if (!(adapter instanceof ProcessAdapter)) throw new Error('bench (a) needs a process runtime, e.g. wasmtime, wamr, wazero');
  const info = await adapter.describe();
  const suites = await discoverSuites(path.join(PACKAGE_ROOT, 'suites'));
  const tests = filterTests(suites, { suites: [SUITE] }).filter((t) => t.requires.every((c) => info.capabilities.includes(c)));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-bench-shell-'));
  const script = path.join(scratch, 'loop.sh');
  writeFileSync(script, shellLoop(adapter, await adapter.binaryPath(), tests, scratch, true));
  const setup: string[] = [];
  const bare = path.join(scratch, 'bare.sh');
  mkdirSync(path.join(scratch, 'bare'));
  const binary = await adapter.binaryPath();
  writeFileSync(bare, shellLoop(adapter, binary, tests, path.join(scratch, 'bare'), false, setup));
  // (b') the machine's own ceiling: the bare invocations in two interleaved halves, run at
  // once by two shells: what any two workers could get from this runtime on these cores
  const halves = [0, 1].map((h) => {
    const dir = path.join(scratch, `half${h}`);
    mkdirSync(dir);
    const file = path.join(scratch, `half${h}.sh`);
    writeFileSync(file, shellLoop(adapter, binary, tests.filter((_, i) => i % 2 === h), dir, false, setup));
    return file;
  });
  execFileSync('bash', ['-c', setup.join('\n')]);

  const common = ['--runtime', runtime, '--no-expectations'];
  const durations = { runtime: path.join(scratch, 'durations-runtime.json'), inProcess: path.join(scratch, 'durations-in-process.json') };
  // BENCH_IN_PROCESS=0 leaves the in-process host out (it takes longest, and measures no runtime)
  const inProcess = process.env.BENCH_IN_PROCESS !== '0';
  const m = interleaved({
    shell: () => {
      const t0 = performance.now();
      execFileSync('bash', [script], { stdio: 'ignore' });
      return performance.now() - t0;
    },
    bare: () => {
      const t0 = performance.now();
      execFileSync('bash', [bare], { stdio: 'ignore' });
      return performance.now() - t0;
    },
    // --jobs 2 starts from the durations of the --jobs 1 run before it, as a CI job starts
    // from its previous report (longest tests first); --jobs 1 is serial, so order is moot
    bareParallel: () => {
      const t0 = performance.now();
      execFileSync('bash', ['-c', `bash ${q(halves[0]!)} & bash ${q(halves[1]!)} & wait`], { stdio: 'ignore' });
      return performance.now() - t0;
    },
    harness1: () => harnessTestPhaseMs([...common, '--jobs', '1'], durations.runtime),
    harness2: () => harnessTestPhaseMs([...common, '--jobs', '2', '--durations', durations.runtime]),
    // with its bundled expectations: they skip the tests that crash or hang node:wasi itself
    inproc1: () => (inProcess ? harnessTestPhaseMs(['--jobs', '1'], durations.inProcess) : NaN),
    inproc2: () => (inProcess ? harnessTestPhaseMs(['--jobs', '2', '--durations', durations.inProcess]) : NaN),
  });
  rmSync(scratch, { recursive: true, force: true });
  const { shell: shellMs, bare: bareMs, bareParallel, harness1, harness2, inproc1, inproc2 } = m;
  const ceiling = +(bareMs / bareParallel).toFixed(3);
  const starts = { bundle: [] as number[], tsx: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    starts.bundle.push(await workerStartMs(true));
    starts.tsx.push(await workerStartMs(false));
  }
  const workerStart = { bundleMs: Math.round(Math.min(...starts.bundle)), tsxMs: Math.round(Math.min(...starts.tsx)) };
  const spawnerMs = +(await spawnerRunMs(200)).toFixed(2);
  closeSpawners();

  const speedup = +(harness1 / harness2).toFixed(3);
  const inProcessSpeedup = +(inproc1 / inproc2).toFixed(3);
  const result = {
    date: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim(), node: process.version },
    runtime: { name: info.name, version: info.version },
    tests: tests.length,
    rounds: ROUNDS,
    overhead: { shellLoopMs: shellMs, bareLoopMs: bareMs, bareRatio: +(harness1 / bareMs).toFixed(3), harnessJobs1Ms: harness1, perTestOverheadMs: +((harness1 - shellMs) / tests.length).toFixed(2), ratio: +(harness1 / shellMs).toFixed(3), target: 1.1 },
    parallel: {
      [info.name]: { jobs1Ms: harness1, jobs2Ms: harness2, speedup },
      'in-process': inProcess ? { jobs1Ms: inproc1, jobs2Ms: inproc2, speedup: inProcessSpeedup } : null,
      target: 1.8,
      // two shells running the bare invocations at once: the most two workers could get
      machineCeiling: { bareLoopMs: bareMs, twoShellsMs: bareParallel, speedup: ceiling },
    },
    workerStart,
    spawnerRunMs: spawnerMs,
  };
  await writeFileAtomic(path.join('results', 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  const ok = (x: boolean) => (x ? 'meets target' : 'MISSES target');
  process.stdout.write(
    [
      `${tests.length} tests on ${info.name} ${info.version}, best of ${ROUNDS} rounds`,
      `(a) overhead: harness --jobs 1 ${harness1} ms vs shell loop ${shellMs} ms: ${result.overhead.ratio}x (${result.overhead.perTestOverheadMs} ms per test), ${ok(result.overhead.ratio <= 1.1)} of 1.10x; vs the bare runtime invocations (fixtures copied once, untimed) ${bareMs} ms: ${result.overhead.bareRatio}x`,
      `(b) --jobs 2 speed-up: ${info.name} ${speedup}x (${harness1} -> ${harness2} ms), ${inProcess ? `in-process ${inProcessSpeedup}x (${inproc1} -> ${inproc2} ms)` : 'in-process not measured'}, ${ok(speedup >= 1.8)} of 1.8x; two shells running the bare invocations at once reach ${ceiling}x (${bareMs} -> ${bareParallel} ms), the ceiling of this runtime on this machine`,
      `pool worker start: ${workerStart.bundleMs} ms from the bundle, ${workerStart.tsxMs} ms through tsx; one /bin/true through the exec helper server: ${spawnerMs} ms`,
      'written to results/bench.json',
    ].join('\n') + '\n',
  );
}

await main();
