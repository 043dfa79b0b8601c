import { expect } from 'chai';
import type { RawResult } from '../adapters/types.ts';
import { hostCountSteps, judge } from '../runners/judge.ts';
import { readTap } from '../runners/tap.ts';
import type { TestCase } from '../runners/test-case.ts';

function testCase(expect: Partial<TestCase['expect']> = {}): TestCase {
  return {
    id: 's/t', suite: 's', name: 't', specPath: null, modulePath: '/t.wasm', argv0: 't.wasm', args: [], env: {}, preopens: [], stdin: '', tcpListen: false,
    expect: { exitCode: 0, trap: false, tap: false, ...expect }, timeoutMs: 1000, requires: ['p1'], tags: [],
  };
}

function raw(r: Partial<RawResult> = {}): RawResult {
  return { outcome: 'exit', exitCode: 0, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, durationMs: 1, ...r };
}

const TAP_OK = 'TAP version 14\nok 1 - a\nok 2 - b\n1..2\n';

describe('judge', () => {
  it('judges host counts per call of the named import, and fails a count that differs or an import never called', () => {
    const expected = { import: 'wasi:random/random#get-random-bytes', perCall: { reallocs: 1, copied_in: 64, copied_out: 0 } };
    const good = { 'wasi:random/random#get-random-bytes': { calls: 10, reallocs: 10, reallocBytes: 640, copiedIn: 640, copiedOut: 0 } };
    expect(judge(testCase(), raw(), { hostCounts: hostCountSteps(expected, good) }).status).to.equal('pass');
    const twice = { 'wasi:random/random#get-random-bytes': { ...good['wasi:random/random#get-random-bytes'], copiedIn: 1280 } };
    const v = judge(testCase(), raw(), { hostCounts: hostCountSteps(expected, twice) });
    expect(v.status).to.equal('fail');
    expect(v.message).to.equal('1 of 3 host counts differ: #2 host counts: copied_in per call of wasi:random/random#get-random-bytes is 64 {"want":64,"got":128,"calls":10,"total":1280}');
    const never = hostCountSteps(expected, {});
    expect(never.every((a) => !a.ok)).to.equal(true);
    expect(never[0]!.diag).to.deep.include({ got: 'the guest never called it' });
  });

  it("adds the peer's steps after the guest's assertions, and fails the test on a failed step", () => {
    const steps = [
      { id: 1, ok: true, name: 'peer: send "a"' },
      { id: 2, ok: false, name: 'peer: expect "b"', diag: { problem: 'got "c"' } },
    ];
    const v = judge(testCase({ tap: true }), raw({ stdout: TAP_OK }), { peer: steps });
    expect(v.assertions.map((a) => [a.id, a.name, a.ok])).to.deep.equal([
      [1, 'a', true],
      [2, 'b', true],
      [3, 'peer: send "a"', true],
      [4, 'peer: expect "b"', false],
    ]);
    expect(v).to.deep.include({ status: 'fail', message: '1 of 2 peer steps failed: #4 peer: expect "b" {"problem":"got \\"c\\""}' });
    expect(judge(testCase({ tap: true }), raw({ stdout: TAP_OK }), { peer: [steps[0]!] }).status).to.equal('pass');
  });

  it('passes an exit that matches', () => {
    expect(judge(testCase({ exitCode: 42 }), raw({ exitCode: 42 })).status).to.equal('pass');
  });

  it('fails a different exit code and says both', () => {
    const v = judge(testCase({ exitCode: 0 }), raw({ exitCode: 7 }));
    expect(v).to.deep.include({ status: 'fail', message: 'exit code 7, expected 0' });
  });

  it('never lets a trap pass as an exit, whatever code was expected', () => {
    const v = judge(testCase({ exitCode: 1 }), raw({ outcome: 'trap', exitCode: 1, message: 'unreachable' }));
    expect(v.status).to.equal('fail');
    expect(v.message).to.include('a trap (unreachable)');
  });

  it('passes an expected trap and fails a clean exit when a trap was expected', () => {
    expect(judge(testCase({ exitCode: null, trap: true }), raw({ outcome: 'trap', exitCode: null })).status).to.equal('pass');
    expect(judge(testCase({ exitCode: null, trap: true }), raw({ exitCode: 0 })).message).to.equal('expected a trap, got exit code 0');
  });

  it('fails a timeout, a signal, a load failure and a resource limit', () => {
    for (const outcome of ['timeout', 'signal', 'load-error', 'resource-limit'] as const) {
      expect(judge(testCase(), raw({ outcome, exitCode: null })).status, outcome).to.equal('fail');
    }
  });

  it('turns a harness failure into error, not fail', () => {
    const v = judge(testCase(), raw({ outcome: 'error', exitCode: null, message: 'worker died\n at x' }));
    expect(v).to.deep.include({ status: 'error', message: 'harness error: worker died' });
  });

  it('compares stdout and stderr exactly and shows where they differ', () => {
    const v = judge(testCase({ stdout: 'hello\n' }), raw({ stdout: 'hellO\n' }));
    expect(v.status).to.equal('fail');
    expect(v.message).to.equal('stdout differs at character 4: expected "hello\\n", got "hellO\\n"');
    expect(judge(testCase({ stderr: '' }), raw({ stderr: 'noise' })).status).to.equal('fail');
    expect(judge(testCase({ stdout: 'x' }), raw({ stdout: 'x' })).status).to.equal('pass');
  });

  it('records every TAP assertion and fails on any failed one', () => {
    const pass = judge(testCase({ tap: true }), raw({ stdout: TAP_OK }));
    expect(pass.status).to.equal('pass');
    expect(pass.assertions.map((a) => a.name)).to.deep.equal(['a', 'b']);
    const fail = judge(testCase({ tap: true }), raw({ stdout: 'TAP version 14\nok 1 - a\nnot ok 2 - b\n  ---\n  got: badf (8)\n  want: inval (28)\n  ...\n1..2\n' }));
    expect(fail.status).to.equal('fail');
    expect(fail.message).to.include('1 of 2 assertions failed: #2 b');
    expect(fail.message).to.include('inval (28)');
  });

  it('fails a TAP stream with no plan, a short count, or no assertions', () => {
    expect(judge(testCase({ tap: true }), raw({ stdout: 'ok 1 - a\n' })).message).to.include('no plan');
    expect(judge(testCase({ tap: true }), raw({ stdout: '1..3\nok 1 - a\n' })).message).to.include('incorrect number of tests');
    expect(judge(testCase({ tap: true }), raw({ stdout: '' })).status).to.equal('fail');
  });

  it('does not count failing TODO or SKIP points as failures', () => {
    const v = judge(testCase({ tap: true }), raw({ stdout: '1..2\nnot ok 1 - later # TODO not yet\nok 2 - n/a # SKIP no fs\n' }));
    expect(v.status).to.equal('pass');
    expect(v.assertions[0]).to.deep.include({ ok: false, todo: 'not yet' });
    expect(v.assertions[1]).to.deep.include({ skip: 'no fs' });
  });
});

describe('readTap', () => {
  it('reads subtest assertions with their full names', () => {
    const r = readTap('1..1\n# Subtest: group\n    1..1\n    not ok 1 - inner\nnot ok 1 - group\n');
    expect(r.ok).to.equal(false);
    expect(r.assertions.map((a) => a.name)).to.include('group > inner');
  });

  it('reports a bail out', () => {
    expect(readTap('1..2\nok 1\nBail out! disk on fire\n').problems.join()).to.include('bail out');
  });

  it('accepts a skip-all plan', () => {
    expect(readTap('1..0 # SKIP nothing to do\n').ok).to.equal(true);
  });
});
