import type { HostCallCounts, RawResult } from '../adapters/types.ts';
import { parseDistributions } from './distributions.ts';
import { readTap, type Assertion } from './tap.ts';
import type { TestCase } from './test-case.ts';

export type Status = 'pass' | 'fail' | 'error' | 'skip' | 'xfail' | 'xpass';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'error', 'skip', 'xfail', 'xpass'];

export interface Verdict {
  status: 'pass' | 'fail' | 'error';
  message?: string;
  assertions: Assertion[];
}

function quote(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** Where two outputs first differ, in a form short enough for one line of a report. */
export function describeMismatch(stream: string, want: string, got: string): string {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const from = Math.max(0, i - 10);
  return `${stream} differs at character ${i}: expected ${quote(want.slice(from))}, got ${quote(got.slice(from))}`;
}

function describeOutcome(raw: RawResult): string {
  switch (raw.outcome) {
    case 'exit':
      return `exit code ${raw.exitCode}`;
    case 'trap':
      return `a trap (${raw.message ?? 'no message'})`;
    case 'signal':
      return `death by signal ${raw.signal ?? '?'}`;
    case 'timeout':
      return 'a timeout';
    case 'resource-limit':
      return `a resource limit (${raw.message ?? ''})`;
    case 'load-error':
      return `a load failure (${raw.message ?? ''})`;
    case 'error':
      return `a harness error (${raw.message ?? ''})`;
  }
}

function describeFailedAssertion(a: Assertion): string {
  const diag = a.diag && typeof a.diag === 'object' ? ` ${JSON.stringify(a.diag)}` : '';
  return `#${a.id} ${a.name}${diag}`;
}

/**
 * One assertion per expected HAL trace line (docs/hal.md §5): each must equal a line of the
 * recorded trace after the line the previous one matched. `trace` is null when the run
 * left no trace file.
 */
export function halTraceSteps(expected: string[], trace: string | null): Assertion[] {
  const lines = trace === null ? [] : trace.split('\n').filter((l) => l !== '');
  let from = 0;
  return expected.map((want, i) => {
    const at = lines.indexOf(want, from);
    const name = `hal trace: ${want}`;
    if (at >= 0) {
      from = at + 1;
      return { id: i + 1, name, ok: true };
    }
    const got = trace === null ? 'no trace file' : lines.slice(from, from + 8);
    return { id: i + 1, name, ok: false, diag: { want, after_line: from, got } };
  });
}

/** The per-call cost a spec names (host_counts), in the names of HostCallCounts. */
const PER_CALL_FIELDS = { reallocs: 'reallocs', realloc_bytes: 'reallocBytes', copied_in: 'copiedIn', copied_out: 'copiedOut' } as const;

/**
 * One assertion per figure of a spec's host_counts: what one call of the named import cost
 * (totals over the run divided by its calls) against what the spec says it must cost.
 * Import names are compared without their version (`wasi:random/random#get-random-bytes`).
 */
export function hostCountSteps(expected: NonNullable<TestCase['hostCounts']>, measured: Record<string, HostCallCounts>): Assertion[] {
  const got = measured[expected.import];
  return Object.entries(expected.perCall).map(([field, want], i) => {
    const name = `host counts: ${field} per call of ${expected.import} is ${want}`;
    if (!got || got.calls === 0) return { id: i + 1, name, ok: false, diag: { want, got: 'the guest never called it', called: Object.keys(measured) } };
    const total = got[PER_CALL_FIELDS[field as keyof typeof PER_CALL_FIELDS]];
    const perCall = total / got.calls;
    return perCall === want ? { id: i + 1, name, ok: true } : { id: i + 1, name, ok: false, diag: { want, got: perCall, calls: got.calls, total } };
  });
}

/** Checks beyond the guest's own output: the peer's steps, the HAL trace, the host-call counts. */
export interface JudgeSteps {
  peer?: Assertion[];
  hal?: Assertion[];
  hostCounts?: Assertion[];
  /** A repeated test's later runs against its first (runners/repeat.ts). */
  repeat?: Assertion[];
}

/** Compares what a guest did with what its spec expects. Pure: same inputs, same verdict. */
export function judge(test: TestCase, raw: RawResult, steps: JudgeSteps = {}): Verdict {
  if (raw.outcome === 'error') return { status: 'error', message: `harness error: ${(raw.message ?? 'unknown').split('\n')[0]}`, assertions: [] };
  const reasons: string[] = [];
  const { expect } = test;

  if (raw.outcome === 'timeout') reasons.push(`timed out after ${test.timeoutMs} ms`);
  else if (expect.trap) {
    if (raw.outcome !== 'trap') reasons.push(`expected a trap, got ${describeOutcome(raw)}`);
  } else if (raw.outcome !== 'exit') reasons.push(`expected exit code ${expect.exitCode}, got ${describeOutcome(raw)}`);
  else if (raw.exitCode !== expect.exitCode) reasons.push(`exit code ${raw.exitCode}, expected ${expect.exitCode}`);

  if (expect.stdout !== undefined && raw.stdout !== expect.stdout) reasons.push(describeMismatch('stdout', expect.stdout, raw.stdout));
  if (expect.stderr !== undefined && raw.stderr !== expect.stderr) reasons.push(describeMismatch('stderr', expect.stderr, raw.stderr));

  let assertions: Assertion[] = [];
  if (expect.tap) {
    const tap = readTap(raw.stdout);
    assertions = tap.assertions;
    const failed = assertions.filter((a) => !a.ok && a.todo === undefined && a.skip === undefined);
    if (failed.length) reasons.push(`${failed.length} of ${assertions.length} assertions failed: ${failed.map(describeFailedAssertion).join('; ')}`);
    if (tap.problems.length) reasons.push(`TAP: ${tap.problems.join(', ')}`);
  }
  const timing = parseDistributions(raw.stdout);
  if (timing.problems.length) reasons.push(...timing.problems);

  // numbered after the guest's own, so a report lists one sequence
  for (const [what, more] of [['peer steps failed', steps.peer], ['HAL trace lines missing', steps.hal], ['host counts differ', steps.hostCounts], ['repeated runs differ', steps.repeat]] as const) {
    if (!more?.length) continue;
    const first = assertions.reduce((m, a) => Math.max(m, a.id), 0);
    const numbered = more.map((a, i) => ({ ...a, id: first + i + 1 }));
    const failed = numbered.filter((a) => !a.ok);
    if (failed.length) reasons.push(`${failed.length} of ${numbered.length} ${what}: ${failed.map(describeFailedAssertion).join('; ')}`);
    assertions = [...assertions, ...numbered];
  }
  return reasons.length ? { status: 'fail', message: reasons.join('; '), assertions } : { status: 'pass', assertions };
}
