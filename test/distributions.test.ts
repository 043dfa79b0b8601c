import { expect } from 'chai';
import type { RawResult } from '../adapters/types.ts';
import { parseDistributions } from '../runners/distributions.ts';
import { judge } from '../runners/judge.ts';
import type { TestCase } from '../runners/test-case.ts';

/** The timing distributions guests print (suites/determinism): read exactly, malformed ones failing the test. */
describe('timing distributions from guest output', () => {
  const line = '# dist name=overshoot n=50 min=51234 median=60211 p90=70000 p99=90000 p999=99000 max=120000';

  it('reads each # dist line, with the jitter as p99 minus the median', () => {
    const { distributions, problems } = parseDistributions(`TAP version 14\nok 1 - x\n${line}\n# dist name=clock-pair n=2000 min=30 median=40 p90=45 p99=80 p999=900 max=12000\n1..1\n`);
    expect(problems).to.deep.equal([]);
    expect(distributions.overshoot).to.deep.equal({ n: 50, min: 51234, median: 60211, p90: 70000, p99: 90000, p999: 99000, max: 120000, jitter: 29789 });
    expect(Object.keys(distributions)).to.deep.equal(['overshoot', 'clock-pair']);
  });

  it('names what is wrong with a malformed line, and the judge fails the test for it', () => {
    const bad = '# dist name=x n=5 min=10 median=5 p90=6 p99=7 p999=8 max=9\n# dist name=y n=five min=1\n';
    const { distributions, problems } = parseDistributions(bad);
    expect(distributions).to.deep.equal({});
    expect(problems).to.deep.equal([
      'distribution x: quantiles out of order (min 10, median 5, p90 6, p99 7, p99.9 8, max 9)',
      'malformed distribution line: # dist name=y n=five min=1',
    ]);
    const test = { id: 's/t', suite: 's', name: 't', specPath: null, modulePath: '/t.wasm', argv0: 't.wasm', args: [], env: {}, preopens: [], stdin: '', tcpListen: false, expect: { exitCode: 0, trap: false, tap: false }, timeoutMs: 1000, requires: ['p1'], tags: [] } as TestCase;
    const raw: RawResult = { outcome: 'exit', exitCode: 0, stdout: bad, stderr: '', stdoutBytes: bad.length, stderrBytes: 0, durationMs: 1 };
    expect(judge(test, raw).status).to.equal('fail');
    expect(judge(test, { ...raw, stdout: `${line}\n` }).status).to.equal('pass');
  });
});
