import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRuntimes } from '../adapters/index.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import type { RuntimeAdapter } from '../adapters/base.ts';
import type { GuestRun, HostCallCounts, RawResult } from '../adapters/types.ts';
import { renderCmBenchHtml, type CmBenchDoc, type CmBenchRow, type PathFigures } from '../report/html/cm-bench.ts';
import { writeFileAtomic } from '../report/write.ts';

/**
 * `npm run bench:cm`: the same guest operation as a P1 import and as a component import,
 * on the same runtime, in one run (docs/component-model.md, "Micro-benchmarks"). Measured,
 * never asserted in a unit test. The guests are suites/component-model/count/count-{p1,cm}
 * in their `bench` mode: warm-up calls first, then batches of calls timed inside the
 * guest with the monotonic clock (per call: median, p99, max over batches). Outside, the
 * harness times the whole run at N calls and at 1 call, both after the same warm-up:
 * (t(N) - t(1)) / (N - 1) per call.
 * Each figure is repeated; the spread of the repetitions' medians is the jitter.
 */
const DIR = path.join(PACKAGE_ROOT, 'suites/component-model/count');
const OPS = ['stdout-write', 'file-write', 'file-read', 'stream-write', 'stream-read', 'random', 'clock'] as const;
const SIZES = [0, 1, 64, 1024, 4096, 65536];
const REPS = Number(process.env.BENCH_CM_REPS ?? 3);
const RUNTIMES = (process.env.BENCH_CM_RUNTIMES ?? 'in-process,wasmtime@49.0.3').split(',');
/** Ratio above which a row misses "equivalent or near to P1". */
export const NEAR_P1 = 1.1;

type Path = 'p1' | 'cm';
const reads = new Set(['file-read', 'stream-read', 'random']);

/** Calls per run: enough to time, few enough that 64 KiB rows stay quick (and stdout small). */
function callsFor(op: string, size: number): number {
  if (op === 'stdout-write') return Math.max(16, Math.min(2000, Math.floor((4 << 20) / Math.max(size, 1))));
  return Math.max(64, Math.min(2000, Math.floor((64 << 20) / Math.max(size, 1))));
}

export interface GuestFigures {
  calls: number;
  reallocs: number;
  reallocBytes: number;
  batch: number;
  nsMedian: number;
  nsP99: number;
  nsMax: number;
}

/** The guest's `# count key=value ...` line. */
export function parseCountLine(stdout: string): GuestFigures | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('# count '));
  if (!line) return undefined;
  const kv = Object.fromEntries(line.slice(8).trim().split(/\s+/).map((p) => p.split('=') as [string, string]));
  const n = (k: string) => Number(kv[k]);
  return { calls: n('calls'), reallocs: n('reallocs'), reallocBytes: n('realloc_bytes'), batch: n('batch'), nsMedian: n('ns_median'), nsP99: n('ns_p99'), nsMax: n('ns_max') };
}

/** Why a run did not count: its outcome and the guest's first failed assertion or bail-out. */
function describe(raw: RawResult): string {
  const said = raw.stdout.split('\n').find((l) => l.startsWith('not ok') || l.startsWith('Bail out!'));
  return `${raw.outcome} ${raw.exitCode ?? ''} ${raw.message ?? said ?? ''}`.replace(/\s+/g, ' ').trim();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

async function runGuest(adapter: RuntimeAdapter, p: Path, op: string, size: number, calls: number, measure: boolean): Promise<RawResult> {
  // both runs of a figure warm up alike, so their difference is the calls alone
  const work = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-bench-cm-'));
  const root = path.join(work, 'root');
  cpSync(path.join(DIR, 'fixtures/scratch'), root, { recursive: true });
  const expected = reads.has(op) ? [1, size] : [0, 0];
  const module = path.join(DIR, `count-${p}.wasm`);
  const run: GuestRun = {
    testId: `bench-cm/${op}-${size}-${p}`,
    modulePath: module,
    argv0: path.basename(module),
    args: [op, String(size), String(calls), String(expected[0]), String(expected[1]), 'bench'],
    env: {},
    preopens: [{ guest: '/', host: root }],
    workDir: work,
    stdin: '',
    timeoutMs: 120_000,
    outputLimitBytes: 64 << 20,
    ...(p === 'cm' ? { asComponent: true } : {}),
    ...(measure ? { measureHostCounts: true } : {}),
  };
  try {
    return await adapter.execute(run);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measurePath(adapter: RuntimeAdapter, p: Path, op: string, size: number, calls: number): Promise<{ row?: PathFigures; counts?: Record<string, HostCallCounts>; problem?: string }> {
  const t0 = performance.now();
  const one = await runGuest(adapter, p, op, size, 1, false);
  const oneMs = performance.now() - t0;
  if (one.outcome !== 'exit' || one.exitCode !== 0) return { problem: `${p} at 1 call: ${describe(one)}` };
  const figures: GuestFigures[] = [];
  const harness: number[] = [];
  let counts: Record<string, HostCallCounts> | undefined;
  for (let r = 0; r < REPS; r++) {
    const start = performance.now();
    const raw = await runGuest(adapter, p, op, size, calls, p === 'cm' && r === 0);
    const ms = performance.now() - start;
    const f = parseCountLine(raw.stdout);
    if (raw.outcome !== 'exit' || raw.exitCode !== 0 || !f) return { problem: `${p}: ${describe(raw)}` };
    figures.push(f);
    harness.push(((ms - oneMs) * 1e6) / (calls - 1));
    counts ??= raw.hostCounts;
  }
  const medians = figures.map((f) => f.nsMedian);
  const mid = median(medians);
  return {
    row: {
      nsMedian: mid,
      nsP99: median(figures.map((f) => f.nsP99)),
      nsMax: median(figures.map((f) => f.nsMax)),
      jitter: mid > 0 ? (Math.max(...medians) - Math.min(...medians)) / mid : 0,
      harnessNsPerCall: Math.max(0, median(harness)),
      reallocsPerCall: figures[0]!.reallocs / figures[0]!.calls,
      reallocBytesPerCall: figures[0]!.reallocBytes / figures[0]!.calls,
    },
    counts,
  };
}

/** The host counts of the one import the op's loop calls (the one with the most calls). */
function loopImport(counts: Record<string, HostCallCounts> | undefined): Omit<HostCallCounts, 'calls'> | undefined {
  const busiest = Object.values(counts ?? {}).sort((a, b) => b.calls - a.calls)[0];
  if (!busiest || !busiest.calls) return undefined;
  const per = (n: number) => n / busiest.calls;
  return { reallocs: per(busiest.reallocs), reallocBytes: per(busiest.reallocBytes), copiedIn: per(busiest.copiedIn), copiedOut: per(busiest.copiedOut) };
}

const fmt = (ns: number | undefined) => (ns === undefined || Number.isNaN(ns) ? '-' : ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);

export async function main(): Promise<number> {
  const adapters = resolveRuntimes(RUNTIMES);
  const rows: CmBenchRow[] = [];
  const runtimes: { name: string; version: string }[] = [];
  for (const adapter of adapters) {
    runtimes.push({ name: adapter.label, version: await adapter.version() });
    for (const op of OPS) {
      for (const size of op === 'clock' ? [0] : SIZES) {
        const calls = callsFor(op, size);
        const row: CmBenchRow = { runtime: adapter.label, op, size, calls };
        const p1 = await measurePath(adapter, 'p1', op, size, calls);
        const cm = await measurePath(adapter, 'cm', op, size, calls);
        if (p1.row) row.p1 = p1.row;
        if (cm.row) row.cm = cm.row;
        const problems = [p1.problem, cm.problem].filter(Boolean);
        if (problems.length) row.problem = problems.join('; ');
        if (row.p1 && row.cm && row.p1.nsMedian > 0) {
          row.ratio = row.cm.nsMedian / row.p1.nsMedian;
          row.overNearP1 = row.ratio > NEAR_P1;
        }
        const host = loopImport(cm.counts);
        if (host) row.hostCounts = host;
        rows.push(row);
        process.stdout.write(
          `${adapter.label.padEnd(18)} ${op.padEnd(13)} ${String(size).padStart(6)}  p1 ${fmt(row.p1?.nsMedian).padStart(9)}  cm ${fmt(row.cm?.nsMedian).padStart(9)}  ` +
            `${row.ratio !== undefined ? `${row.ratio.toFixed(2)}x${row.overNearP1 ? ' >1.10' : ''}` : ''}` +
            `  reallocs/call ${row.cm?.reallocsPerCall ?? '-'}${host ? `  copied in/out ${host.copiedIn}/${host.copiedOut}` : ''}${row.problem ? `  (${row.problem})` : ''}\n`,
        );
      }
    }
  }
  const out = path.join(PACKAGE_ROOT, 'results/cm-bench.json');
  const doc: CmBenchDoc = {
    generatedAt: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim(), node: process.version },
    method: { repetitions: REPS, nearP1: NEAR_P1, inGuest: 'batches of calls timed with the monotonic clock; per call', harness: '(t(N) - t(0)) / N of the whole run' },
    runtimes,
    rows,
  };
  await writeFileAtomic(out, `${JSON.stringify(doc, null, 2)}\n`);
  await writeFileAtomic(out.replace(/\.json$/, '.html'), renderCmBenchHtml(doc));
  const measured = rows.filter((r) => r.ratio !== undefined);
  process.stdout.write(`\n${measured.filter((r) => r.overNearP1).length} of ${measured.length} rows over ${NEAR_P1}x P1; written to ${path.relative(process.cwd(), out)} and .html\n`);
  // a runtime's own deviation (a failing call) leaves its row unmeasured, not the bench broken
  for (const r of rows.filter((r) => r.problem)) process.stdout.write(`not measured: ${r.runtime} ${r.op} ${r.size}: ${r.problem}\n`);
  return measured.length ? 0 : 1;
}
