import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareReports } from '../report/compare.ts';
import type { Report, TestResult } from '../report/types.ts';
import { checkReport } from '../report/write.ts';
import { wasmcert, type CliRun } from './support/cli.ts';
import { scratchTree } from './support/temp.ts';

/** A real report of the wasi-testsuite fixture on every runtime (wamr, wasmtime, … measure peak RSS). */
const FIXTURE = 'test/fixtures/reports/all-runtimes.json';
const load = (): Report => checkReport(JSON.parse(readFileSync(FIXTURE, 'utf8')), FIXTURE);

const WAMR = 'wamr@2.4.3';
const EXIT_ZERO = 'WASI C tests/exit-zero';
const WRONG = 'WASI C tests/wrong-stdout';

function result(r: Report, runtime: string, id: string): TestResult {
  const found = r.results.find((x) => x.runtime === runtime && x.id === id);
  if (!found) throw new Error(`fixture has no ${id} on ${runtime}`);
  return found;
}

/** The slowest result that ran: tripling it clears both the time threshold and --min-ms. */
function slowest(r: Report, runtime: string): TestResult {
  return r.results.filter((x) => x.runtime === runtime && x.status !== 'skip').sort((a, b) => b.durationMs - a.durationMs)[0]!;
}

describe('wasmcert compare', function () {
  this.timeout(120_000);
  const tree = scratchTree({});
  after(() => tree.cleanup());
  let n = 0;

  /** Writes an edited copy of the fixture (or any report) and returns its path. */
  function write(report: Report | string, name = `r${n++}.json`): string {
    const file = path.join(tree.dir, name);
    writeFileSync(file, typeof report === 'string' ? report : `${JSON.stringify(report, null, 2)}\n`);
    return file;
  }
  function edited(edit: (r: Report) => void): string {
    const r = load();
    edit(r);
    checkReport(r, 'edited copy'); // an injected regression must still be a valid report
    return write(r);
  }
  const compare = (current: string, ...more: string[]): CliRun => wasmcert(['compare', FIXTURE, current, ...more]);
  const noRegression = (r: CliRun): void => {
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^No regressions: /m);
  };

  it('exits 0 on identical reports', () => {
    const r = compare(write(load()));
    noRegression(r);
    expect(r.stdout).to.include('No regressions: 40 results compared on 5 runtimes, 5 still failing as in the baseline.');
    expect(r.stdout).not.to.match(/New failures|Removed tests|Missing runtimes|regressions \(/);
  });

  describe('catches an injected regression of each kind (exit 1, the right line)', () => {
    it('a pass turned fail', () => {
      const r = compare(
        edited((rep) => {
          const x = result(rep, WAMR, EXIT_ZERO);
          x.status = 'fail';
          x.message = 'exit code 3, expected 0';
        }),
      );
      expect(r.code, r.stdout + r.stderr).to.equal(1);
      expect(r.stdout).to.include('New failures (1):\n  WASI C tests/exit-zero [wamr@2.4.3]: pass → fail: exit code 3, expected 0');
      expect(r.stdout).to.match(/^REGRESSIONS: 1 new failure; /m);
    });

    it('an expected failure that now passes (xfail → xpass) and a pass that now errors', () => {
      const r = compare(
        edited((rep) => {
          result(rep, WAMR, EXIT_ZERO).status = 'error';
          result(rep, 'wazero@1.12.0', 'WASI C tests/exit-seven').status = 'xpass';
        }),
      );
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include('WASI C tests/exit-zero [wamr@2.4.3]: pass → error');
      expect(r.stdout).to.include('WASI C tests/exit-seven [wazero@1.12.0]: pass → xpass');
      expect(r.stdout).to.match(/^REGRESSIONS: 2 new failures; /m);
    });

    it('a removed test', () => {
      const r = compare(edited((rep) => (rep.results = rep.results.filter((x) => !(x.runtime === WAMR && x.id === EXIT_ZERO)))));
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include('Removed tests (1):\n  WASI C tests/exit-zero [wamr@2.4.3]: pass → (absent)');
      expect(r.stdout).to.match(/^REGRESSIONS: 1 removed test; /m);
    });

    it('a runtime removed (listed once, not as 8 removed tests)', () => {
      const r = compare(
        edited((rep) => {
          rep.runtimes = rep.runtimes.filter((x) => x.name !== 'wasmedge@0.14.1');
          rep.results = rep.results.filter((x) => x.runtime !== 'wasmedge@0.14.1');
        }),
      );
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include('Missing runtimes (1):\n  wasmedge@0.14.1: in the baseline → absent from the current report');
      expect(r.stdout).not.to.include('Removed tests');
      expect(r.stdout).to.match(/^REGRESSIONS: 1 missing runtime; 32 results compared on 4 runtimes/m);
    });

    it('a peak RSS 50% higher', () => {
      const base = result(load(), WAMR, EXIT_ZERO).peakRssBytes!;
      expect(base).to.be.above(0);
      const r = compare(edited((rep) => (result(rep, WAMR, EXIT_ZERO).peakRssBytes = Math.round(base * 1.5))));
      expect(r.code).to.equal(1);
      expect(r.stdout).to.match(/Footprint regressions \(\d\):\n {2}WASI C tests\/exit-zero \[wamr@2\.4\.3\]: peak RSS [\d.]+ MiB → [\d.]+ MiB \(\+50\.0%\)/);
      // it is also the run's highest peak RSS now
      expect(r.stdout).to.match(/^ {2}wamr@2\.4\.3: highest peak RSS [\d.]+ MiB → [\d.]+ MiB \(\+\d+\.\d%\)$/m);
    });

    it('a runtime binary grown beyond the memory threshold', () => {
      const r = compare(edited((rep) => (rep.runtimes.find((x) => x.name === WAMR)!.sizeBytes *= 2)));
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include('wamr@2.4.3: binary size 452.5 KiB → 905.0 KiB (+100.0%)');
    });

    it('a test 3× slower', () => {
      const slow = slowest(load(), WAMR);
      const r = compare(edited((rep) => (result(rep, WAMR, slow.id).durationMs = slow.durationMs * 3)));
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include(`Duration regressions (`);
      expect(r.stdout).to.include(`  ${slow.id} [wamr@2.4.3]: ${slow.durationMs.toFixed(1)} ms → ${(slow.durationMs * 3).toFixed(1)} ms (+200.0%)`);
    });
  });

  it('lists a fixed test and exits 0', () => {
    const r = compare(
      edited((rep) => {
        const x = result(rep, WAMR, WRONG);
        x.status = 'pass';
        delete x.message;
      }),
    );
    noRegression(r);
    expect(r.stdout).to.include('Fixed (1):\n  WASI C tests/wrong-stdout [wamr@2.4.3]: fail → pass');
  });

  it('lists added tests and runtimes, and says so when a suite is not the same, without failing', () => {
    const r = compare(
      edited((rep) => {
        const extra = { ...result(rep, WAMR, EXIT_ZERO), id: 'WASI C tests/new-one', name: 'new-one' };
        rep.results.push(extra);
        rep.runtimes.push({ ...rep.runtimes[0]!, name: 'in-process-2' });
        rep.suites[0]!.sha256 = 'f'.repeat(64);
        rep.suites[0]!.tests = 9;
      }),
    );
    noRegression(r);
    expect(r.stdout).to.include('Added tests (1):\n  WASI C tests/new-one [wamr@2.4.3]: (absent) → pass');
    expect(r.stdout).to.include('Added runtimes (1):\n  in-process-2');
    expect(r.stdout).to.match(/NOT THE SAME SUITE: "WASI C tests" \(wasm32-wasip1\) has sha256 b8987dd2a44c… → ffffffffffff…, 8 → 9 tests/);
  });

  it('ignores growth within the thresholds, and the thresholds are options', () => {
    const slow = slowest(load(), WAMR);
    const within = edited((rep) => {
      const x = result(rep, WAMR, EXIT_ZERO);
      x.peakRssBytes = Math.round(x.peakRssBytes! * 1.05);
      result(rep, WAMR, slow.id).durationMs = slow.durationMs * 1.2;
    });
    noRegression(compare(within));
    // tighter thresholds turn the same growth into regressions
    const strict = compare(within, '--memory-threshold', '2%', '--time-threshold', '0.1', '--min-ms', '0');
    expect(strict.code).to.equal(1);
    expect(strict.stdout).to.match(/peak RSS .* \(\+5\.0%\)/);
    expect(strict.stdout).to.match(/\(\+20\.0%\)/);
    // --min-ms keeps a 3× slowdown of a few milliseconds from failing the gate
    const twoMs = edited((rep) => (result(rep, WAMR, slow.id).durationMs = 2));
    const sixMs = edited((rep) => (result(rep, WAMR, slow.id).durationMs = 6));
    noRegression(wasmcert(['compare', twoMs, sixMs]));
    const noFloor = wasmcert(['compare', twoMs, sixMs, '--min-ms', '0']);
    expect(noFloor.code).to.equal(1);
    expect(noFloor.stdout).to.include(`${slow.id} [wamr@2.4.3]: 2.0 ms → 6.0 ms (+200.0%)`);
  });

  it('--json prints the diff object with the same verdict', () => {
    const r = compare(edited((rep) => (result(rep, WAMR, EXIT_ZERO).status = 'fail')), '--json');
    expect(r.code).to.equal(1);
    const diff = JSON.parse(r.stdout);
    expect(diff.baseline).to.deep.equal({ file: FIXTURE, sha256: diff.baseline.sha256 });
    expect(diff.newFailures).to.deep.equal([{ runtime: WAMR, id: EXIT_ZERO, before: 'pass', after: 'fail' }]);
    expect(diff.regressions).to.include({ newFailures: 1, total: 1 });
    expect(diff.options).to.deep.equal({ timeThreshold: 0.25, memoryThreshold: 0.1, minMs: 5 });
  });

  it('compares two fresh runs of the in-process host', () => {
    const a = path.join(tree.dir, 'run-a');
    const b = path.join(tree.dir, 'run-b');
    for (const out of [a, b]) wasmcert(['run', '--tests', 'test/fixtures/wasi-testsuite', '--output', out]);
    // timings of two runs on a shared machine differ; this checks matching, not speed
    const r = wasmcert(['compare', path.join(a, 'report.json'), path.join(b, 'report.json'), '--time-threshold', '100', '--min-ms', '10000']);
    noRegression(r);
    expect(r.stdout).to.include('8 results compared on 1 runtime, 1 still failing as in the baseline.');
  });

  describe('bad input: one line on stderr, exit 2', () => {
    const oneLine = (r: CliRun, pattern: RegExp): void => {
      expect(r.code, r.stdout + r.stderr).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(r.stderr.trimEnd()).to.match(pattern);
    };
    it('a missing file', () => oneLine(compare(path.join(tree.dir, 'nope.json')), /^wasmcert: .*nope\.json: no such file$/m));
    it('invalid JSON', () => oneLine(compare(write('{ "reportVersion": ', 'broken.json')), /^wasmcert: .*broken\.json: malformed JSON: /));
    it('a file that fails the report schema', () => {
      const r = load() as unknown as Record<string, unknown>;
      delete r.totals;
      oneLine(wasmcert(['compare', write(JSON.stringify(r), 'schema.json'), FIXTURE]), /^wasmcert: .*schema\.json: missing field "totals"$/);
    });
    it('a result listed twice', () => {
      const r = load();
      r.results.push(r.results[0]!);
      oneLine(compare(write(r, 'dup.json')), /^wasmcert: .*dup\.json: result WASI C tests\/argv-env appears twice for runtime in-process$/);
    });
    it('one report only', () => oneLine(wasmcert(['compare', FIXTURE]), /^wasmcert: command line: compare needs two reports/));
    it('a bad threshold', () => oneLine(compare(FIXTURE, '--time-threshold', 'fast'), /^wasmcert: --time-threshold: needs a number ≥ 0/));
    it('an unknown option', () => oneLine(compare(FIXTURE, '--strict'), /^wasmcert: command line: Unknown option '--strict'/));
  });
});

describe('compareReports (pure)', () => {
  it('classifies status changes: new failures, fixed, and the rest listed apart', () => {
    const base = load();
    const cur = load();
    result(cur, WAMR, EXIT_ZERO).status = 'skip'; // pass → skip: listed, not a regression
    result(cur, WAMR, WRONG).status = 'xfail'; // fail → xfail: listed, not fixed
    result(cur, 'wazero@1.12.0', WRONG).status = 'pass'; // fixed
    result(cur, 'in-process', EXIT_ZERO).status = 'fail'; // new failure
    const d = compareReports(base, cur);
    expect(d.newFailures.map((c) => [c.runtime, c.id, c.before, c.after])).to.deep.equal([['in-process', EXIT_ZERO, 'pass', 'fail']]);
    expect(d.fixed.map((c) => [c.runtime, c.after])).to.deep.equal([['wazero@1.12.0', 'pass']]);
    expect(d.otherChanges.map((c) => `${c.before}→${c.after}`).sort()).to.deep.equal(['fail→xfail', 'pass→skip']);
    expect(d.regressions.total).to.equal(1);
    expect(d.compared).to.deep.equal({ runtimes: 5, results: 40, stillFailing: 3 });
  });

  it('notes a different host or job count, without gating on it', () => {
    const cur = load();
    cur.host.cpuModel = 'Other CPU';
    cur.run.jobs = 8;
    const d = compareReports(load(), cur);
    expect(d.environment).to.deep.equal([
      { field: 'host.cpuModel', before: 'AMD EPYC', after: 'Other CPU' },
      { field: 'run.jobs', before: '2', after: '8' },
    ]);
    expect(d.regressions.total).to.equal(0);
  });

  it('gives per-runtime figures and an overall duration total', () => {
    const d = compareReports(load(), load());
    expect(d.footprint.peakRss.map((g) => g.runtime)).to.deep.equal(['wasmtime@49.0.3', 'wamr@2.4.3', 'wasmedge@0.14.1', 'wazero@1.12.0']); // in-process is not measured
    expect(d.footprint.binarySize).to.have.length(5);
    expect(d.duration.total).to.include({ change: 0, regression: false });
    expect(d.regressions.total).to.equal(0);
  });
});
