import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDylink } from '../adapters/host/dylink/dylink-section.ts';
import type { Report } from '../report/types.ts';
import { wasmcert } from './support/cli.ts';

/** Capabilities per runtime, from `wasmcert runtimes` (runtime label -> capabilities). */
function capabilities(runtime: string): string[] | null {
  const r = wasmcert(['runtimes', '--runtime', runtime]);
  const line = r.stdout.split('\n').find((l) => l.includes('['));
  return line ? line.slice(line.indexOf('[') + 1, line.indexOf(']')).split(', ') : null;
}

function runSuite(runtime: string, out: string): { code: number; report: Report } {
  const r = wasmcert(['run', '--suite', 'core', '--runtime', runtime, '--output', out]);
  return { code: r.code, report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report };
}

/** docs/core-features.md: multi-memory, read-only memory and dynamic loading, each probed per runtime. */
describe('core features (suites/core)', function () {
  this.timeout(300_000);
  let out: string;
  beforeEach(() => (out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-core-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('side modules carry dylink.0 with their memory needs; the main module does not', () => {
    const side = readDylink(readFileSync('suites/core/side/libcore.wasm'));
    expect(side).to.not.equal(null);
    expect(side!.memSize).to.be.greaterThan(0);
    expect(side!.memAlign).to.be.at.least(2); // pointers are 4-aligned at least
    expect(readDylink(readFileSync('adapters/probes/core-dylink-side.wasm'))).to.not.equal(null);
    expect(readDylink(readFileSync('suites/core/dylink.wasm'))).to.equal(null);
  });

  it('the in-process host loads side modules, and lacks multi-memory and read-only memory (V8 11.3)', () => {
    const caps = capabilities('in-process');
    expect(caps).to.include('core.dynamic-loading');
    expect(caps).to.not.include('core.multi-memory');
    expect(caps).to.not.include('core.readonly-memory');
  });

  it('in-process: the dynamic-loading tests pass assertion by assertion; the others skip with the missing capability', () => {
    const { code, report } = runSuite('in-process', out);
    expect(code).to.equal(0);
    const byId = new Map(report.results.map((x) => [x.id, x]));
    for (const t of ['dylink-resolve', 'dylink-relocs', 'dylink-missing']) {
      const r = byId.get(`core/${t}`)!;
      expect(r.status, `${t}: ${r.message}`).to.equal('pass');
      expect(r.assertions.length, t).to.be.greaterThan(5);
    }
    for (const t of ['mm-load-store', 'mm-copy', 'mm-data-segment', 'mm-grow', 'mm-bounds']) {
      expect(byId.get(`core/${t}`)!.status).to.equal('skip');
      expect(byId.get(`core/${t}`)!.message).to.match(/lacks capability core\.multi-memory/);
    }
    expect(byId.get('core/readonly-store-traps')!.message).to.match(/lacks capability core\.readonly-memory/);
  });

  it('no runtime has core.readonly-memory; Wasmtime has core.multi-memory and no dynamic loading', function () {
    const caps = capabilities('wasmtime');
    if (!caps) this.skip();
    expect(caps).to.include('core.multi-memory');
    expect(caps).to.not.include('core.dynamic-loading');
    for (const rt of ['wasmtime', 'wamr', 'wasmedge', 'wazero']) expect(capabilities(rt) ?? []).to.not.include('core.readonly-memory');
  });

  it('Wasmtime passes every multi-memory test', function () {
    if (!capabilities('wasmtime')) this.skip();
    const { code, report } = runSuite('wasmtime', out);
    expect(code).to.equal(0);
    const mm = report.results.filter((x) => x.id.startsWith('core/mm-'));
    expect(mm.map((x) => `${x.id} ${x.status}`)).to.deep.equal(mm.map((x) => `${x.id} pass`));
    expect(mm).to.have.length(5);
  });

  it('WAMR: only the multi-memory build has it, and its memory.grow on memory 1 is the known bug', function () {
    const mmCaps = capabilities('wamr:multi-memory');
    if (!mmCaps) this.skip();
    expect(mmCaps).to.include('core.multi-memory');
    expect(capabilities('wamr:default')).to.not.include('core.multi-memory');
    const { code, report } = runSuite('wamr:multi-memory', out);
    expect(code).to.equal(0);
    const status = Object.fromEntries(report.results.filter((x) => x.id.startsWith('core/mm-')).map((x) => [x.id, x.status]));
    expect(status).to.deep.equal({ 'core/mm-load-store': 'pass', 'core/mm-copy': 'pass', 'core/mm-data-segment': 'pass', 'core/mm-bounds': 'pass', 'core/mm-grow': 'xfail' });
  });
});
