import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../report/types.ts';
import { wasmcert } from './support/cli.ts';

/**
 * The gate CI runs: every bundled suite on every runtime installed (all versions and
 * the WAMR build variants), each result as its runtime's expectation file predicts.
 * Runtimes that are not installed do not appear; the adapter tests say why.
 */
describe('bundled suites on every installed runtime', function () {
  this.timeout(600_000);
  let out: string;
  before(() => (out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-conformance-'))));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('gives only expected results, and the matrix names every runtime', () => {
    const variants = ['wamr:minimal', 'wamr:multi-memory'].filter((v) => wasmcert(['runtimes', '--runtime', v]).stdout.includes('['));
    const r = wasmcert(['run', '--runtime', 'all', '--runtime', 'wasmtime@*', ...variants.flatMap((v) => ['--runtime', v]), '--output', out]);
    expect(existsSync(path.join(out, 'report.json')), `no report (exit ${r.code}${r.error ? `, ${r.error}` : ''}): ${r.stderr.slice(-2000)}`).to.equal(true);
    const report: Report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    console.log(`      runtimes: ${report.runtimes.map((x) => x.name).join(', ')}`);
    const unexpected = report.results.filter((x) => ['fail', 'error', 'xpass'].includes(x.status));
    expect(unexpected.map((x) => `${x.runtime} ${x.id}: ${x.status} ${x.message}`)).to.deep.equal([]);
    expect(r.code).to.equal(0);
  });
});
