import { expect } from 'chai';
import { suiteMatrixSection } from '../report/html/suite-matrix-section.ts';
import { renderSuiteMatrix, suiteMatrix } from '../report/suite-matrix.ts';
import type { Report, TestResult } from '../report/types.ts';

function result(runtime: string, suite: string, name: string, status: TestResult['status']): TestResult {
  return { id: `${suite}/${name}`, suite, name, runtime, status, durationMs: 1, assertions: [], tags: [], requires: [] };
}

/** Only what the matrix reads: runtimes in order, and results. */
function report(results: TestResult[]): Report {
  const names = [...new Set(results.map((r) => r.runtime))];
  return { runtimes: names.map((name) => ({ name })), results } as unknown as Report;
}

describe('runtime × suite matrix (the socket dialects)', () => {
  const results = [
    result('wamr', 'sockets/wamr', 'a', 'pass'),
    result('wamr', 'sockets/wamr', 'b', 'xfail'),
    result('wamr', 'sockets/wamr', 'c', 'xpass'),
    result('wamr', 'sockets/standard', 'a', 'skip'),
    result('wazero', 'sockets/wamr', 'a', 'skip'),
    result('wazero', 'sockets/wamr', 'b', 'skip'),
    result('wazero', 'sockets/wamr', 'c', 'skip'),
    result('wazero', 'sockets/standard', 'a', 'error'),
  ];

  it('counts a pass and an unexpected pass as conforming, any failure or error as not, skips apart', () => {
    const m = suiteMatrix(report(results));
    expect(m.suites).to.deep.equal(['sockets/standard', 'sockets/wamr']);
    expect(m.runtimes).to.deep.equal(['wamr', 'wazero']);
    expect(m.cells[1]![0]).to.deep.equal({ conforming: 2, failing: 1, skipped: 0, total: 3 });
    expect(m.cells[0]![1]).to.deep.equal({ conforming: 0, failing: 1, skipped: 0, total: 1 });
    expect(m.cells[1]![1]).to.deep.equal({ conforming: 0, failing: 0, skipped: 3, total: 3 });
  });

  it('prints conforming of those that ran, and — where none could run', () => {
    expect(renderSuiteMatrix(report(results)).split('\n').slice(1)).to.deep.equal([
      'suite             wamr  wazero',
      'sockets/standard     —     0/1',
      'sockets/wamr       2/3       —',
    ]);
  });

  it('says nothing for one runtime or one suite, in text and in HTML', () => {
    const one = report(results.filter((r) => r.runtime === 'wamr'));
    expect(renderSuiteMatrix(one)).to.equal('');
    expect(suiteMatrixSection(one)).to.equal('');
    expect(suiteMatrixSection(report(results))).to.include('<td class="id">sockets/wamr</td>').and.include('2/3');
  });
});
