import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../report/types.ts';
import { checkReport } from '../report/write.ts';
import { wasmcert } from './support/cli.ts';
import { EMPTY_COMMAND, scratchTree } from './support/temp.ts';

const UPSTREAM = 'test/fixtures/wasi-testsuite';
const EXPECT = 'test/fixtures/expectations';

describe('wasmcert CLI', function () {
  this.timeout(120_000);
  let out: string;
  beforeEach(() => (out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-cli-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const report = (): Report => checkReport(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));

  it('runs the bundled suites on the in-process host and exits 0 (the README main command)', () => {
    const r = wasmcert(['run', '--output', out]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const rep = report();
    expect(rep.runtimes.map((x) => x.name)).to.deep.equal(['in-process']);
    expect(rep.suites.map((s) => s.name)).to.include('p1');
    expect(rep.totals.fail + rep.totals.error + rep.totals.xpass).to.equal(0);
    expect(r.stdout).to.match(/all as expected/);
  });

  it('runs a wasi-testsuite directory unchanged and honours its expectation file', () => {
    const r = wasmcert(['run', '--tests', UPSTREAM, '--expectations', `${EXPECT}/upstream.toml`, '--output', out]);
    const byName = new Map(report().results.map((x) => [x.name, x]));
    expect(byName.get('wrong-stdout')!.status).to.equal('xfail');
    expect(byName.get('known-good')!.status).to.equal('xpass');
    for (const name of ['exit-zero', 'exit-seven', 'cat-data', 'cat-data-dirs', 'argv-env', 'stdin-empty']) expect(byName.get(name)!.status, name).to.equal('pass');
    // an unexpected pass is a failure, as upstream counts it
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('XPASS WASI C tests/known-good');
  });

  it('exits 1 on a failed test and 0 when the failure is skipped by an expectation file', () => {
    expect(wasmcert(['run', '--tests', UPSTREAM, '--grep', 'wrong-stdout', '--output', out]).code).to.equal(1);
    expect(report().results[0]!.status).to.equal('fail');
    const skipped = wasmcert(['run', '--tests', UPSTREAM, '--grep', 'wrong-stdout', '--expectations', `${EXPECT}/skip-wrong.toml`, '--output', out]);
    expect(skipped.code).to.equal(0);
    expect(report().results[0]).to.deep.include({ status: 'skip' });
  });

  it('lists the tests a run would execute', () => {
    const r = wasmcert(['list', '--tests', UPSTREAM, '--grep', 'exit']);
    expect(r.code).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.deep.equal(['WASI C tests/exit-seven', 'WASI C tests/exit-zero']);
  });

  describe('bad usage and bad input: one line, exit 2, nothing written is lost', () => {
    const tree = scratchTree({ 'bad/manifest.json': '{"name":"bad"}', 'bad/t.json': '{ "exit_code": "zero" }', 'bad/t.wasm': EMPTY_COMMAND, 'x.toml': 'version = = 1' });
    after(() => tree.cleanup());
    const cases: [string, string[], RegExp][] = [
      ['an unknown command', ['frobnicate'], /^wasmcert: command line: unknown command "frobnicate"/],
      ['an unknown option', ['run', '--colour'], /^wasmcert: command line: Unknown option '--colour'/],
      ['an unknown runtime', ['run', '--runtime', 'nosuch'], /^wasmcert: --runtime: unknown runtime "nosuch"/],
      ['a bad --jobs', ['run', '--jobs', '0'], /^wasmcert: --jobs: expected a whole number/],
      ['a bad regular expression', ['run', '--grep', '('], /^wasmcert: --grep: invalid regular expression/],
      ['a filter that selects nothing', ['run', '--tests', UPSTREAM, '--grep', 'zzz'], /^wasmcert: --grep: no tests selected/],
      ['an unknown suite', ['run', '--suite', 'nope'], /^wasmcert: --suite: no suite named "nope"/],
      ['a missing test folder', ['run', '--tests', '/nonexistent'], /^wasmcert: \/nonexistent: test folder not found/],
      ['a schema violation', ['run', '--tests', path.join(tree.dir, 'bad')], /^wasmcert: .*bad\/t\.json: field "exit_code" must be integer/],
      ['a malformed expectation file', ['run', '--tests', UPSTREAM, '--expectations', path.join(tree.dir, 'x.toml')], /^wasmcert: .*x\.toml: malformed TOML/],
      ['a missing expectation file', ['run', '--tests', UPSTREAM, '--expectations', '/nonexistent.toml'], /^wasmcert: \/nonexistent\.toml: cannot read: ENOENT/],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, () => {
        const first = wasmcert(['run', '--tests', UPSTREAM, '--grep', 'exit-zero', '--output', out]);
        expect(first.code).to.equal(0);
        const before = readFileSync(path.join(out, 'report.json'));
        const r = wasmcert([...args, '--output', out]);
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(message);
        expect(r.stderr.trim().split('\n')).to.have.length(1);
        expect(readFileSync(path.join(out, 'report.json')).equals(before)).to.equal(true);
      });
    }
  });
});
