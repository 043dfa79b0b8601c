import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Parser, type Result } from 'tap-parser';
import { badgeContent } from '../report/badge.ts';
import { renderTap } from '../report/tap.ts';
import type { Report } from '../report/types.ts';
import { checkReport } from '../report/write.ts';
import { wasmcert } from './support/cli.ts';
import { scratchTree } from './support/temp.ts';

const ALL = 'test/fixtures/reports/all-runtimes.json';
const EXPECTATIONS = 'test/fixtures/reports/expectations.json';
const CERTIFIED = 'test/fixtures/reports/certified-wamr-small.json';
const load = (file: string): Report => checkReport(JSON.parse(readFileSync(file, 'utf8')), file);
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A report holding every status: the expectations run (xfail, xpass) plus a skip and an error. */
function everyStatus(): Report {
  const r = load(EXPECTATIONS);
  const [a, b, c] = r.results.filter((x) => x.status === 'pass');
  Object.assign(a!, { status: 'skip', message: 'skipped by x.toml: flaky # on CI', durationMs: 0 });
  Object.assign(b!, { status: 'error', message: 'worker crashed\nsecond line', outcome: { kind: 'error', exitCode: null } });
  c!.id = 'WASI C tests/odd # name \\ here';
  // the totals follow the edited statuses, as a real run's would
  for (const totals of [r.totals, ...r.runtimes.map((rt) => rt.totals)]) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] = 0;
  for (const x of r.results) {
    for (const totals of [r.totals, r.runtimes.find((rt) => rt.name === x.runtime)!.totals]) {
      totals[x.status]++;
      totals.total++;
    }
  }
  return checkReport(r, 'every status');
}

interface Leaf {
  ok: boolean;
  name: string;
  skip: string | boolean;
  todo: string | boolean;
  diag: Record<string, unknown> | null;
}
interface Reading {
  complete: { ok: boolean; count: number; fail: number };
  /** subtest name → its points */
  subtests: Map<string, Leaf[]>;
}

/** Parses TAP with tap-parser; leaves come from the child parsers (the root counts only the subtests). */
function parseTap(text: string): Promise<Reading> {
  return new Promise((resolve) => {
    const parser = new Parser();
    const subtests = new Map<string, Leaf[]>();
    parser.on('child', (child: Parser) => {
      const leaves: Leaf[] = [];
      child.on('assert', (a: Result) => leaves.push({ ok: a.ok, name: a.name, skip: a.skip, todo: a.todo, diag: a.diag }));
      child.on('complete', () => subtests.set(child.name, leaves));
    });
    parser.on('complete', (complete) => resolve({ complete, subtests }));
    parser.end(text);
  });
}

function countsOf(leaves: Leaf[]) {
  return {
    pass: leaves.filter((l) => l.ok && !l.skip && !l.todo).length,
    skip: leaves.filter((l) => l.skip).length,
    xfail: leaves.filter((l) => !l.ok && l.todo).length,
    bad: leaves.filter((l) => !l.ok && !l.todo && !l.skip).length,
  };
}

describe('TAP output', function () {
  this.timeout(60_000);

  for (const [name, report] of [
    ['every runtime', () => load(ALL)],
    ['every status', everyStatus],
  ] as const) {
    it(`parses with tap-parser and its counts match the report (${name})`, async () => {
      const rep = report();
      const text = renderTap(rep);
      expect(text.startsWith('TAP version 14\n')).to.equal(true);
      const { complete, subtests } = await parseTap(text);
      expect(complete.count).to.equal(rep.runtimes.length);
      const anyBad = rep.totals.fail + rep.totals.error + rep.totals.xpass > 0;
      expect(complete.ok).to.equal(!anyBad);
      expect([...subtests.keys()]).to.deep.equal(rep.runtimes.map((r) => r.name));
      for (const rt of rep.runtimes) {
        const leaves = subtests.get(rt.name)!;
        expect(leaves).to.have.length(rt.totals.total);
        expect(countsOf(leaves), rt.name).to.deep.equal({ pass: rt.totals.pass, skip: rt.totals.skip, xfail: rt.totals.xfail, bad: rt.totals.fail + rt.totals.error + rt.totals.xpass });
        expect(leaves.map((l) => l.name)).to.deep.equal(rep.results.filter((r) => r.runtime === rt.name).map((r) => r.id));
      }
    });
  }

  it('gives failures YAML diagnostics, skips a SKIP reason and expected failures a TODO reason', async () => {
    const rep = everyStatus();
    const leaves = (await parseTap(renderTap(rep))).subtests.get('in-process')!;
    const byName = new Map(leaves.map((l) => [l.name, l]));
    const xpass = byName.get('WASI C tests/known-good')!;
    expect(xpass.ok).to.equal(false);
    expect(xpass.diag).to.deep.include({ status: 'xpass', message: 'expected to fail (test/fixtures/expectations/upstream.toml) but passed' });
    expect(xpass.diag!.expectation).to.deep.equal({ action: 'fail', source: 'test/fixtures/expectations/upstream.toml' });
    expect(xpass.diag!.durationMs).to.be.a('number');
    const error = leaves.find((l) => l.diag?.status === 'error')!;
    expect(error.diag!.message).to.equal('worker crashed\nsecond line');
    expect(leaves.find((l) => l.skip)!.skip).to.equal('skipped by x.toml: flaky # on CI');
    expect(byName.get('WASI C tests/wrong-stdout')!.todo).to.equal('expected to fail (test/fixtures/expectations/upstream.toml)');
    expect(byName.has('WASI C tests/odd # name \\ here'), 'escaped # and \\ read back').to.equal(true);
  });

  it('wasmcert tap writes the same stream to stdout or to --out', () => {
    const tree = scratchTree({});
    try {
      const expected = renderTap(load(ALL));
      const out = wasmcert(['tap', ALL]);
      expect(out.code, out.stderr).to.equal(0);
      expect(out.stdout).to.equal(expected);
      const file = path.join(tree.dir, 'sub', 'report.tap');
      const written = wasmcert(['tap', ALL, '--out', file]);
      expect(written.code, written.stderr).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.equal(expected);
      const bad = wasmcert(['tap', path.join(tree.dir, 'missing.json')]);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.match(/^wasmcert: .*missing\.json: no such file\n$/);
    } finally {
      tree.cleanup();
    }
  });
});

/** §3 of the reference: the shields.io endpoint schema, unknown keys rejected. */
const endpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'label', 'message'],
  properties: {
    schemaVersion: { const: 1 },
    label: { type: 'string' },
    message: { type: 'string' },
    color: { type: 'string' },
    labelColor: { type: 'string' },
    isError: { type: 'boolean' },
    namedLogo: { type: 'string' },
    logoSvg: { type: 'string' },
    logoColor: { type: 'string' },
    logoSize: { const: 'auto' },
    style: { type: 'string' },
    cacheSeconds: { type: 'integer', minimum: 0 },
  },
};
const validEndpoint = new Ajv2020({ strict: true }).compile(endpointSchema);

describe('badges', function () {
  this.timeout(60_000);
  const tree = scratchTree({});
  after(() => tree.cleanup());

  it('writes an SVG with the message and the report hash, an endpoint JSON with only schema keys, and the hash beside it', () => {
    const dir = path.join(tree.dir, 'all');
    const r = wasmcert(['badge', ALL, '--out-dir', dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.svg'))).to.have.length(5);
    const hash = sha256(ALL);
    const svg = readFileSync(path.join(dir, 'wasmcert-wamr-2.4.3.svg'), 'utf8');
    expect(svg).to.match(/^<svg /);
    expect(svg).to.include('7/8 P1');
    expect(svg).to.include(`<!-- wasmcert report sha256: ${hash} -->`);
    const endpoint = JSON.parse(readFileSync(path.join(dir, 'wasmcert-wamr-2.4.3.json'), 'utf8'));
    expect(validEndpoint(endpoint), JSON.stringify(validEndpoint.errors)).to.equal(true);
    expect(endpoint).to.deep.equal({ schemaVersion: 1, label: 'wasmcert', message: '7/8 P1', color: 'red' });
    expect(readFileSync(path.join(dir, 'wasmcert-wamr-2.4.3.report.sha256'), 'utf8')).to.equal(`${hash}  all-runtimes.json\n`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('says tier, RT class, profile version and expiry for a certified runtime', () => {
    const dir = path.join(tree.dir, 'cert');
    const r = wasmcert(['badge', CERTIFIED, '--runtime', 'wamr', '--out-dir', dir]);
    expect(r.code, r.stderr).to.equal(0);
    const endpoint = JSON.parse(readFileSync(path.join(dir, 'wasmcert-wamr.json'), 'utf8'));
    expect(validEndpoint(endpoint)).to.equal(true);
    expect(endpoint).to.deep.equal({ schemaVersion: 1, label: 'wasmcert small (evaluate)', message: 'Small non-RT ✓ 1.0.0 until 2027-11-24', color: 'green' });
    const svg = readFileSync(path.join(dir, 'wasmcert-wamr.svg'), 'utf8');
    expect(svg).to.include('Small non-RT ✓ 1.0.0 until 2027-11-24');
    expect(svg).to.include(`<!-- wasmcert report sha256: ${sha256(CERTIFIED)} -->`);
  });

  it('says not certified in red, with the profile id; the locked mode drops "(evaluate)"', () => {
    const rep = load(CERTIFIED);
    Object.assign(rep.certifications![0]!, { verdict: 'not-certified', mode: 'certify', reasons: ['peak resident memory too high'] });
    expect(badgeContent(rep, 'wamr')).to.deep.equal({ label: 'wasmcert small', message: 'not certified', color: 'red' });
    rep.certifications![0]!.verdict = 'certified';
    expect(badgeContent(rep, 'wamr')).to.include({ label: 'wasmcert small', color: 'green' });
  });

  it('without certifications: green when all pass, yellow with only skips or expected failures, red on any failure', () => {
    const rep = load(ALL);
    const wamr = rep.runtimes.find((r) => r.name === 'wamr@2.4.3')!;
    expect(badgeContent(rep, wamr.name)).to.deep.equal({ label: 'wasmcert', message: '7/8 P1', color: 'red' });
    Object.assign(wamr.totals, { fail: 0, xfail: 1 });
    expect(badgeContent(rep, wamr.name)).to.include({ message: '7/8 P1', color: 'yellow' });
    Object.assign(wamr.totals, { pass: 8, xfail: 0 });
    expect(badgeContent(rep, wamr.name)).to.include({ message: '8/8 P1', color: 'green' });
  });

  it('writes beside the report by default, and refuses an unknown runtime (exit 2)', () => {
    const copy = path.join(tree.dir, 'beside', 'report.json');
    scratchCopy(CERTIFIED, copy);
    const r = wasmcert(['badge', copy]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readdirSync(path.dirname(copy)).sort()).to.deep.equal(['report.json', 'wasmcert-wamr.json', 'wasmcert-wamr.report.sha256', 'wasmcert-wamr.svg']);
    const bad = wasmcert(['badge', copy, '--runtime', 'wasmtime']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^wasmcert: --runtime: no runtime "wasmtime" in .*report\.json \(found: wamr\)\n$/);
  });

  it('refuses a report that fails the schema (exit 2, one line)', () => {
    const file = path.join(tree.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...load(ALL), reportVersion: '2.0' }));
    const r = wasmcert(['badge', file]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^wasmcert: .*bad\.json: field "reportVersion" must be equal to constant\n$/);
  });
});

function scratchCopy(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}
