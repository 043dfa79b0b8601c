import { Parser, type Result } from 'tap-parser';

export interface Assertion {
  id: number;
  name: string;
  ok: boolean;
  skip?: string;
  todo?: string;
  diag?: unknown;
}

export interface TapReading {
  /** The stream as a whole passed: every point ok (or skip/todo), the plan met, no bail out. */
  ok: boolean;
  assertions: Assertion[];
  /** Stream-level problems: no plan, wrong count, bail out. */
  problems: string[];
}

function directive(v: string | boolean): string | undefined {
  if (v === false) return undefined;
  return v === true ? '' : v;
}

function toAssertion(a: Result): Assertion {
  const out: Assertion = { id: a.id ?? 0, name: a.fullname || a.name, ok: a.ok };
  const skip = directive(a.skip);
  const todo = directive(a.todo);
  if (skip !== undefined) out.skip = skip;
  if (todo !== undefined) out.todo = todo;
  if (a.diag) out.diag = a.diag;
  return out;
}

/** Reads a guest's stdout as TAP 14; every point, subtests included, becomes an assertion. */
export function readTap(stdout: string): TapReading {
  const parser = new Parser();
  const assertions: Assertion[] = [];
  const watch = (p: Parser): void => {
    p.on('assert', (a: Result) => assertions.push(toAssertion(a)));
    p.on('child', watch);
  };
  watch(parser);
  let summary: { ok: boolean; bailout: boolean | string; failures: Result[] } | undefined;
  parser.on('complete', (r) => (summary = r));
  parser.end(stdout);
  const problems: string[] = [];
  if (!summary) problems.push('TAP stream did not complete');
  else {
    if (summary.bailout !== false) problems.push(`bail out${typeof summary.bailout === 'string' && summary.bailout ? `: ${summary.bailout}` : ''}`);
    for (const f of summary.failures) if (f.tapError) problems.push(f.tapError);
  }
  if (assertions.length === 0 && problems.length === 0 && !/^1\.\.0\b/m.test(stdout)) problems.push('no TAP assertions');
  return { ok: !!summary?.ok && problems.length === 0, assertions, problems };
}
