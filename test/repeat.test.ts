import { expect } from 'chai';
import path from 'node:path';
import { InProcessAdapter } from '../adapters/in-process.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { repeatSteps, runDigest } from '../runners/repeat.ts';
import { DEFAULT_OUTPUT_LIMIT, runTests } from '../runners/run-tests.ts';

/** Execution determinism: a test with `repeat` runs N times and every run must match the first. */
describe('repeated runs (spec field repeat)', function () {
  this.timeout(120_000);

  it('digests how a run ended and every byte it wrote, and fails each later run that differs', () => {
    const raw = { outcome: 'exit' as const, exitCode: 0, stdout: 'a\n', stderr: '', stdoutBytes: 2, stderrBytes: 0, durationMs: 5 };
    const same = runDigest({ ...raw, durationMs: 9 });
    expect(same).to.equal(runDigest(raw));
    for (const other of [{ ...raw, stdout: 'b\n' }, { ...raw, exitCode: 1 }, { ...raw, stderr: 'x' }, { ...raw, outcome: 'trap' as const }]) expect(runDigest(other)).to.not.equal(same);
    // the stream boundary counts: "ab" + "" is not "a" + "b"
    expect(runDigest({ ...raw, stdout: 'ab', stderr: '' })).to.not.equal(runDigest({ ...raw, stdout: 'a', stderr: 'b' }));
    const steps = repeatSteps([same, same, runDigest({ ...raw, stdout: 'b\n' })]);
    expect(steps.map((s) => s.ok)).to.deep.equal([true, false]);
    expect(steps[1]!.name).to.equal('run 3 of 3 ended the same way with the same output as run 1');
  });

  it('passes a deterministic guest run 10 times, and fails a guest whose output changes from run to run', async () => {
    const suites = await discoverSuites(path.join(PACKAGE_ROOT, 'suites'));
    const compute = filterTests(suites, { suites: ['determinism'], grep: /compute-repeat/ });
    expect(compute.map((t) => t.repeat)).to.deep.equal([10]);
    // the random_get timing guest prints fresh timings every run: repeated, it cannot match
    const [hostcall] = filterTests(suites, { suites: ['determinism'], grep: /hostcall-random_get$/ });
    const changing = { ...hostcall!, id: `${hostcall!.id}-repeated`, repeat: 3, args: ['random_get', '50'] };
    const adapter = new InProcessAdapter({});
    const results = await runTests([...compute, changing], [adapter], {
      jobs: 2,
      expectations: new Map(),
      capabilities: new Map([[adapter.label, await adapter.capabilities()]]),
      outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
      keepOutputBytes: 512,
    });
    const [ok, differs] = results;
    expect(ok!.status, ok!.message).to.equal('pass');
    expect(ok!.repeat).to.deep.include({ runs: 10, distinct: 1 });
    expect(differs!.status).to.equal('fail');
    expect(differs!.message).to.match(/^2 of 2 repeated runs differ: #\d+ run 2 of 3/);
    expect(differs!.repeat).to.deep.include({ runs: 3, distinct: 3 });
  });
});
