import type { RawResult } from '../adapters/types.ts';
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

/** Compares what a guest did with what its spec expects. Pure: same inputs, same verdict. */
export function judge(test: TestCase, raw: RawResult, peerSteps?: Assertion[], halSteps?: Assertion[]): Verdict {
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
  if (peerSteps) {
    // numbered after the guest's own, so a report lists one sequence
    const first = assertions.reduce((m, a) => Math.max(m, a.id), 0);
    const steps = peerSteps.map((a, i) => ({ ...a, id: first + i + 1 }));
    const failed = steps.filter((a) => !a.ok);
    if (failed.length) reasons.push(`${failed.length} of ${steps.length} peer steps failed: ${failed.map(describeFailedAssertion).join('; ')}`);
    assertions = [...assertions, ...steps];
  }
  if (halSteps?.length) {
    const first = assertions.reduce((m, a) => Math.max(m, a.id), 0);
    const steps = halSteps.map((a, i) => ({ ...a, id: first + i + 1 }));
    const failed = steps.filter((a) => !a.ok);
    if (failed.length) reasons.push(`${failed.length} of ${steps.length} HAL trace lines missing: ${failed.map(describeFailedAssertion).join('; ')}`);
    assertions = [...assertions, ...steps];
  }
  return reasons.length ? { status: 'fail', message: reasons.join('; '), assertions } : { status: 'pass', assertions };
}
