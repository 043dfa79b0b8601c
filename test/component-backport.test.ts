import { componentWit, parse } from '@bytecodealliance/jco';
import { expect } from 'chai';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { COMPONENT_CACHE_DIR, componentize, importsWasiSockets } from '../adapters/component/componentize.ts';
import { resolveRuntimes } from '../adapters/index.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import type { RuntimeInfo } from '../adapters/types.ts';
import { WasmtimeAdapter } from '../adapters/wasmtime.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { InputError } from '../runners/input-error.ts';
import { DEFAULT_OUTPUT_LIMIT, runTests } from '../runners/run-tests.ts';
import { scratchTree } from './support/temp.ts';

/**
 * Back-port socket modules (wasi:sockets@0.2.0 as P1 core imports) made components for
 * Wasmtime (adapters/component/componentize.ts, docs/sockets-backport.md section 9).
 */
const BACKPORT = path.join(PACKAGE_ROOT, 'suites/sockets/backport');
const TCP = path.join(BACKPORT, 'tcp.wasm');
const MISC = path.join(BACKPORT, 'misc.wasm');
const PROBE = path.join(PACKAGE_ROOT, 'adapters/probes/sockets-backport.wasm');

/** The component layer's preamble: magic, version 0x0d, layer 1 (a core module has version 1, layer 0). */
const COMPONENT_PREAMBLE = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);

describe('back-port modules as components', function () {
  this.timeout(120_000);
  let cache: { dir: string; cleanup: () => void };
  beforeEach(() => {
    cache = scratchTree({});
  });
  afterEach(() => cache.cleanup());

  it('tells back-port modules from others by their wasi:sockets imports', () => {
    expect(importsWasiSockets(TCP)).to.equal(true);
    expect(importsWasiSockets(PROBE)).to.equal(true);
    expect(importsWasiSockets(path.join(PACKAGE_ROOT, 'adapters/probes/p1.wasm'))).to.equal(false);
    expect(importsWasiSockets(path.join(cache.dir, 'missing.wasm'))).to.equal(false);
  });

  it('makes a core module a component that imports wasi:sockets and exports wasi:cli/run', async () => {
    const file = await componentize(TCP, { cacheDir: cache.dir });
    expect(path.dirname(file)).to.equal(cache.dir);
    const bytes = readFileSync(file);
    expect(WebAssembly.validate(readFileSync(TCP)), 'the input is a core module').to.equal(true);
    expect(WebAssembly.validate(bytes), 'the output is not a core module').to.equal(false);
    expect(bytes.subarray(0, 8).equals(COMPONENT_PREAMBLE), 'component preamble').to.equal(true);
    const wit = await componentWit(bytes);
    expect(wit).to.match(/import wasi:sockets\/tcp@0\.2\.\d+;/);
    expect(wit).to.match(/import wasi:sockets\/instance-network@0\.2\.\d+;/);
    expect(wit).to.match(/import wasi:io\/streams@0\.2\.\d+;/);
    expect(wit).to.match(/export wasi:cli\/run@0\.2\.\d+;/);
    expect(wit, 'no P1 import is left').not.to.include('wasi_snapshot_preview1');
  });

  it('caches by content: the same module gives the same file, built once; another module another file', async () => {
    const first = await componentize(MISC, { cacheDir: cache.dir });
    const built = statSync(first).mtimeMs;
    const again = await componentize(MISC, { cacheDir: cache.dir });
    expect(again).to.equal(first);
    expect(statSync(again).mtimeMs, 'not rebuilt').to.equal(built);
    const other = await componentize(TCP, { cacheDir: cache.dir });
    expect(other).not.to.equal(first);
    // a copy of a module elsewhere is the same input
    const copy = scratchTree({ 'elsewhere/misc.wasm': readFileSync(MISC) });
    try {
      expect(await componentize(path.join(copy.dir, 'elsewhere/misc.wasm'), { cacheDir: cache.dir })).to.equal(first);
    } finally {
      copy.cleanup();
    }
    expect(readdirSync(cache.dir).sort()).to.deep.equal([path.basename(first), path.basename(other)].sort());
  });

  it('builds one file when many ask at once, and leaves no temp file behind', async () => {
    const files = await Promise.all(Array.from({ length: 4 }, () => componentize(PROBE, { cacheDir: cache.dir })));
    expect(new Set(files).size).to.equal(1);
    expect(readdirSync(cache.dir)).to.deep.equal([path.basename(files[0]!)]);
  });

  it('a module that does not match the WIT fails with a one-line reason, and on Wasmtime is an error result', async () => {
    // instance-network lowered with a parameter it does not have
    const wat = `(module
      (import "wasi:sockets/instance-network@0.2.0" "instance-network" (func (param i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")))`;
    const bad = scratchTree({ 'bad.wasm': Buffer.from(await parse(wat)) });
    try {
      const file = path.join(bad.dir, 'bad.wasm');
      let message = '';
      await componentize(file, { cacheDir: cache.dir }).catch((e: Error) => (message = e.message));
      expect(message).to.match(/instance-network/);
      expect(message).not.to.include('\n');
      expect(readdirSync(cache.dir)).to.deep.equal([]);
      // the adapter reports it before looking for a binary: no Wasmtime needed
      const adapter = new WasmtimeAdapter({ path: '/nonexistent/wasmtime' });
      const raw = await adapter.execute({
        testId: 'component-backport/bad',
        modulePath: file,
        argv0: 'bad.wasm',
        args: [],
        env: {},
        preopens: [],
        workDir: bad.dir,
        stdin: '',
        timeoutMs: 5_000,
        outputLimitBytes: 65_536,
      });
      expect(raw.outcome).to.equal('error');
      expect(raw.message).to.match(/^could not make bad\.wasm a component: .*instance-network/);
      expect(raw.message).not.to.include('\n');
    } finally {
      bad.cleanup();
    }
  });
});

describe('back-port modules on Wasmtime', function () {
  this.timeout(300_000);
  let adapter: WasmtimeAdapter;
  let info: RuntimeInfo;
  let missing: string | undefined;

  before(async function () {
    try {
      adapter = resolveRuntimes(['wasmtime'])[0] as WasmtimeAdapter;
      info = await adapter.describe();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      missing = e.problem;
    }
  });
  beforeEach(function () {
    if (missing) {
      console.log(`      (skipped: ${missing})`);
      this.skip();
    }
  });

  it('proves sockets.backport with the probe run as a component', () => {
    expect(info.capabilities).to.include('sockets.backport');
  });

  it('runs back-port tests (a TCP connection to the peer, a handle-type trap) and they pass', async () => {
    const tests = filterTests(await discoverSuites(path.join(PACKAGE_ROOT, 'suites')), { grep: /^sockets\/backport\/(tcp-connect-ipv4|trap-wrong-type)$/ });
    expect(tests.map((t) => t.name).sort()).to.deep.equal(['tcp-connect-ipv4', 'trap-wrong-type']);
    const results = await runTests(tests, [adapter], {
      jobs: 2,
      expectations: new Map(),
      capabilities: new Map([[adapter.label, info.capabilities]]),
      outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
      keepOutputBytes: 4096,
    });
    for (const r of results) expect(r.status, `${r.name}: ${r.message ?? ''}`).to.equal('pass');
  });

  it('runs the back-port probe from its component and a P1 module as it is', async () => {
    const scratch = scratchTree({});
    for (const d of ['a', 'b']) mkdirSync(path.join(scratch.dir, d));
    try {
      const run = (module: string, workDir: string) =>
        adapter.execute({ testId: 't', modulePath: path.join(PACKAGE_ROOT, 'adapters/probes', module), argv0: module, args: [], env: {}, preopens: [], workDir, stdin: '', timeoutMs: 10_000, outputLimitBytes: 65_536 });
      const probe = await run('sockets-backport.wasm', path.join(scratch.dir, 'a'));
      expect(probe.outcome, probe.message).to.equal('exit');
      expect(probe.exitCode).to.equal(0);
      const link = path.join(scratch.dir, 'a/component/sockets-backport.wasm');
      expect(lstatSync(link).isSymbolicLink(), 'the component is linked under the module name').to.equal(true);
      expect(path.dirname(readlinkSync(link))).to.equal(COMPONENT_CACHE_DIR);
      const p1 = await run('p1.wasm', path.join(scratch.dir, 'b'));
      expect([p1.outcome, p1.exitCode, p1.stdout]).to.deep.equal(['exit', 0, 'ok\n']);
      expect(existsSync(path.join(scratch.dir, 'b/component')), 'no component for a P1 module').to.equal(false);
    } finally {
      scratch.cleanup();
    }
  });
});
