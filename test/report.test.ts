import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderJunit } from '../report/junit.ts';
import { renderSummary } from '../report/summary.ts';
import type { Report } from '../report/types.ts';
import { checkReport, writeReport } from '../report/write.ts';
import { InputError } from '../runners/input-error.ts';
import { wasmcert } from './support/cli.ts';

type Xml = Record<string, any>;

describe('canonical report and derived outputs', function () {
  this.timeout(60_000);
  let out: string;
  let report: Report;
  before(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-report-'));
    wasmcert(['run', '--tests', 'test/fixtures/wasi-testsuite', '--expectations', 'test/fixtures/expectations/upstream.toml', '--output', out]);
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('validates against its schema and identifies every guest module by sha256', () => {
    checkReport(report);
    const suite = report.suites[0]!;
    expect(Object.keys(suite.modules)).to.include('exit-zero.wasm');
    for (const h of Object.values(suite.modules)) expect(h).to.match(/^[0-9a-f]{64}$/);
    expect(report.runtimes[0]!.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(report.totals.total).to.equal(report.results.length);
  });

  it('refuses a report that breaks its schema', () => {
    const broken = structuredClone(report) as any;
    broken.results[0].status = 'passed';
    expect(() => checkReport(broken)).to.throw(InputError, /field "results\.0\.status" must be equal to one of the allowed values/);
  });

  it('never replaces a good report with an invalid one', async () => {
    const file = path.join(out, 'keep.json');
    writeFileSync(file, 'previous');
    const broken = { ...report, totals: { total: -1 } } as unknown as Report;
    await writeReport(file, broken).then(() => expect.fail('written'), () => undefined);
    expect(readFileSync(file, 'utf8')).to.equal('previous');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('derives JUnit: failure for non-conformance, error for a harness failure, skipped for xfail, time in seconds', () => {
    const withError = structuredClone(report);
    const victim = withError.results.find((r) => r.name === 'exit-zero')!;
    victim.status = 'error';
    victim.message = 'harness error: worker died';
    const xml: Xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(withError));
    const suite = xml.testsuites.testsuite;
    const cases: Xml[] = suite.testcase;
    expect(cases).to.have.length(report.results.length);
    const byName = new Map(cases.map((c) => [c.name, c]));
    expect(byName.get('known-good')!.failure.type).to.equal('xpass');
    expect(byName.get('exit-zero')!.error.message).to.equal('harness error: worker died');
    expect(byName.get('wrong-stdout')!).to.have.property('skipped');
    expect(byName.get('exit-seven')!).to.not.have.any.keys('failure', 'error', 'skipped');
    for (const c of cases) {
      expect(c.classname).to.equal('WASI C tests');
      expect(Number(c.time)).to.be.below(5); // seconds, not milliseconds
    }
    expect(Number(suite.failures)).to.equal(1);
    expect(Number(suite.errors)).to.equal(1);
  });

  it('writes the JUnit file next to the report', () => {
    const xml = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    expect(xml).to.match(/^<\?xml/);
    expect(xml).to.include('<property name="runtime" value="in-process"/>');
  });

  it('summarises per runtime and lists each unexpected result with its reason', () => {
    const text = renderSummary(report);
    expect(text).to.match(/in-process .*\s+6\s+0\s+0\s+0\s+1\s+1\s+8/);
    expect(text).to.include('XPASS WASI C tests/known-good [in-process]: expected to fail');
  });
});
