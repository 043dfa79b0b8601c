/** Assertions on a guest run that speaks TAP, shared by the tests that run guests directly. */
import { expect } from 'chai';
import type { RawResult } from '../../adapters/types.ts';

/** The TAP lines that failed, with their diagnostics: [] when every assertion passed. */
export function tapFailures(stdout: string): string[] {
  const lines = stdout.split('\n');
  return lines.flatMap((l, i) => (l.startsWith('not ok') ? [`${l}\n${lines.slice(i + 1, i + 5).join('\n')}`] : []));
}

/** The guest exited 0 with a plan and no failed assertion. */
export function expectAllOk(r: RawResult): void {
  expect(r.outcome, `${r.message ?? ''}\n${r.stdout}\n${r.stderr}`).to.equal('exit');
  expect(tapFailures(r.stdout), r.stdout).to.deep.equal([]);
  expect(r.stdout).to.match(/^1\.\.\d+$/m);
  expect(r.exitCode, r.stdout).to.equal(0);
}
