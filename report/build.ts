import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RuntimeInfo } from '../adapters/types.ts';
import { sha256File } from '../adapters/base.ts';
import { STATUSES } from '../runners/judge.ts';
import type { NoiseFloor } from '../runners/noise-floor.ts';
import type { Suite } from '../runners/test-case.ts';
import type { Report, SuiteIdentity, TestResult, Totals } from './types.ts';

export const TOOL_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export function countTotals(results: TestResult[]): Totals {
  const totals = Object.fromEntries([['total', results.length], ...STATUSES.map((s) => [s, 0])]) as Totals;
  for (const r of results) totals[r.status]++;
  return totals;
}

/** A suite's identity: the sha256 of every module its tests run, and one hash over them all. */
export async function identifySuite(suite: Suite, tests: number): Promise<SuiteIdentity> {
  const modules: Record<string, string> = {};
  // an adapting suite is also what its adapter makes of the modules, and a module with
  // its own WIT world beside it (adapters/component/direct-world.ts) is also that world
  const worlds = suite.tests.map((t) => t.modulePath.replace(/\.wasm$/, '.wit')).filter((f) => f.endsWith('.wit') && existsSync(f));
  const files = [...new Set([...suite.tests.map((t) => t.modulePath), ...worlds, ...(suite.adapts ? [suite.adapts.adapter] : [])])].sort();
  for (const file of files) modules[path.relative(suite.dir, file)] = await sha256File(file);
  const keys = Object.keys(modules).sort();
  const sha256 = createHash('sha256')
    .update(keys.map((k) => `${k} ${modules[k]}\n`).join(''))
    .digest('hex');
  return { name: suite.name, version: suite.version, dir: path.relative(process.cwd(), suite.dir) || '.', tests, modules, sha256, ...(suite.adapts ? { adapts: suite.adapts.suite } : {}) };
}

export function hostFacts(): Report['host'] {
  const cpus = os.cpus();
  return {
    os: os.type(),
    release: os.release(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
  };
}

export interface RunFacts {
  startedAt: Date;
  finishedAt: Date;
  jobs: number;
  argv: string[];
  filters: { suites: string[]; grep: string | null };
  /** The ceiling guests ran under where the runtime enforces one (a spec's own wins). */
  guestMemoryLimitBytes?: number;
  /** The harness's own timing noise, when the run times anything (runners/noise-floor.ts). */
  noiseFloor?: NoiseFloor;
}

export function buildReport(suites: SuiteIdentity[], runtimes: RuntimeInfo[], results: TestResult[], run: RunFacts): Report {
  return {
    reportVersion: '1.0',
    tool: { name: 'wasmcert', version: TOOL_VERSION },
    run: {
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
      jobs: run.jobs,
      argv: run.argv,
      filters: run.filters,
      ...(run.guestMemoryLimitBytes !== undefined ? { guestMemoryLimitBytes: run.guestMemoryLimitBytes } : {}),
      ...(run.noiseFloor ? { noiseFloor: run.noiseFloor } : {}),
    },
    host: hostFacts(),
    suites,
    runtimes: runtimes.map((r) => ({ ...r, totals: countTotals(results.filter((x) => x.runtime === r.name)) })),
    results,
    totals: countTotals(results),
  };
}
