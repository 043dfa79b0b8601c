import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { traceAgreement } from '../report/trace-agreement.ts';
import type { Report, TestResult } from '../report/types.ts';
import { wasmcert } from './support/cli.ts';

function result(runtime: string, id: string, trace?: string): TestResult {
  const t = trace === undefined ? {} : { halTrace: { lines: 1, sha256: trace.repeat(64).slice(0, 64) } };
  return { id, suite: 'hal', name: id, runtime, status: 'pass', durationMs: 1, assertions: [], tags: [], requires: [], ...t };
}

describe('HAL bus traces across hosts', function () {
  this.timeout(600_000);

  it('groups runtimes by the trace they recorded and counts only tests traced twice or more', () => {
    const report = {
      results: [
        result('in-process', 'hal/a', 'a'), result('wamr', 'hal/a', 'a'),
        result('in-process', 'hal/b', 'b'), result('wamr', 'hal/b', 'c'), result('wamr:minimal', 'hal/b', 'b'),
        result('in-process', 'hal/c', 'd'), result('wasmtime', 'hal/c'),
      ],
    } as unknown as Report;
    const { compared, differing } = traceAgreement(report);
    expect(compared).to.equal(2);
    expect(differing.map((d) => [d.id, d.groups.map((g) => g.runtimes)])).to.deep.equal([['hal/b', [['in-process', 'wamr:minimal'], ['wamr']]]]);
  });

  // docs/hal.md: the same guest binaries on WAMR, through the C port of the simulator as a
  // --native-lib library, must record byte-identical traces and reach the same verdicts
  it('the in-process host and WAMR with the HAL library record identical traces for every HAL test', function () {
    const caps = wasmcert(['runtimes', '--runtime', 'wamr']).stdout;
    if (!/hal\.i2c/.test(caps)) {
      console.log('      (skipped: WAMR is not installed or has no HAL library; run npm run setup:runtimes)');
      this.skip();
    }
    const out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-hal-'));
    try {
      const r = wasmcert(['run', '--suite', 'hal', '--runtime', 'in-process', '--runtime', 'wamr', '--output', out]);
      expect(r.code, r.stdout.slice(-3000)).to.equal(0);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
      const byRuntime = (rt: string) => new Map(report.results.filter((x) => x.runtime.startsWith(rt)).map((x) => [x.id, x.status]));
      const [inProcess, wamr] = [byRuntime('in-process'), byRuntime('wamr')];
      expect(inProcess.size).to.be.at.least(50);
      expect([...wamr.entries()].filter(([, s]) => s === 'pass').length).to.be.at.least(50);
      expect(Object.fromEntries(wamr)).to.deep.equal(Object.fromEntries(inProcess));
      const { compared, differing } = traceAgreement(report);
      expect(compared).to.equal(inProcess.size);
      expect(differing.map((d) => d.id)).to.deep.equal([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
