import { expect } from 'chai';
import type { RawResult } from '../adapters/types.ts';
import { parseDistributions, summarize } from '../runners/distributions.ts';
import { measureNoiseFloor } from '../runners/noise-floor.ts';
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

  it('attaches each power-of-two histogram to its distribution, and refuses one that does not add up', () => {
    const ok = parseDistributions(`${line}\n# hist name=overshoot log2=15 counts=3,40,6,1\n`);
    expect(ok.problems).to.deep.equal([]);
    expect(ok.distributions.overshoot!.histogram).to.deep.equal({ fromBit: 15, counts: [3, 40, 6, 1] });
    const short = parseDistributions(`${line}\n# hist name=overshoot log2=15 counts=3,40\n# hist name=ghost log2=1 counts=1\n# hist name=x log2=a counts=1\n`);
    expect(short.problems).to.deep.equal([
      'malformed histogram line: # hist name=x log2=a counts=1',
      'histogram overshoot holds 43 samples, its distribution 50',
      'histogram ghost has no distribution line',
    ]);
    expect(short.distributions.overshoot!.histogram).to.equal(undefined);
  });

  it('summarizes samples by the guests\' rule: quantile q is the sorted sample at floor(q(n-1))', () => {
    const samples = Array.from({ length: 1001 }, (_, i) => 1000 - i); // 1000 down to 0
    expect(summarize(samples)).to.deep.equal({ n: 1001, min: 0, median: 500, p90: 900, p99: 990, p999: 999, max: 1000, jitter: 490 });
    expect(summarize([])).to.deep.include({ n: 0, min: 0, max: 0 });
  });

  it("measures the harness's own noise floor: 2000 clock pairs and 50 waits of 1 ms, with the CPUs allowed", () => {
    const floor = measureNoiseFloor();
    expect(floor.clockPair.n).to.equal(2000);
    expect(floor.waitOvershoot.n).to.equal(50);
    expect(floor.clockPair.median).to.be.at.most(floor.clockPair.max);
    expect(floor.cpusAllowed).to.match(/^[0-9][0-9,-]*$/);
    expect(floor.noisy).to.equal(floor.waitOvershoot.p99 > 1_000_000);
  });
});
