import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { expect } from 'chai';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentize } from '../adapters/component/componentize.ts';
import { isComponent } from '../adapters/component/jco/is-component.ts';
import { runComponentInThread } from '../adapters/component/jco/component-thread.ts';
import { transpiledDir } from '../adapters/component/jco/transpile-cache.ts';
import { InProcessAdapter } from '../adapters/in-process.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import type { GuestRun, RawResult } from '../adapters/types.ts';

/**
 * The in-process host running WASI 0.2 command components (adapters/component/jco/):
 * P1 guests of suites/p1 made components with jco's P1 command adapter, run through
 * the same InProcessAdapter.execute as P1 modules.
 */
const P1 = path.join(PACKAGE_ROOT, 'suites/p1');
const GUESTS = ['fd_write-stdout', 'proc_exit', 'fd_read-stdin-echo', 'trap-unreachable', 'environ_get', 'fd_pread', 'args_get'];
const spec = (name: string) => JSON.parse(readFileSync(path.join(P1, `${name}.json`), 'utf8')) as { args?: string[]; env?: Record<string, string>; stdin?: string; stdout?: string };

/** Every file descriptor of this process that points into `dir`. */
function descriptorsUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === dir || target.startsWith(`${dir}/`) ? [target] : [];
    } catch {
      return [];
    }
  });
}

const tapFailures = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('not ok'));

describe('in-process host: WASI 0.2 components through jco', function () {
  this.timeout(300_000);
  let tmp: string;
  /** name → the component made from suites/p1/<name>.wasm, kept under the same file name (argv[0] is the file name). */
  const component = (name: string) => path.join(tmp, 'components', `${name}.wasm`);
  const adapter = new InProcessAdapter({});

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-component-'));
    mkdirSync(path.join(tmp, 'components'));
    const p1Adapter = readFileSync(fileURLToPath(preview1AdapterCommandPath()));
    for (const name of GUESTS) {
      const bytes = await componentNew(readFileSync(path.join(P1, `${name}.wasm`)), [['wasi_snapshot_preview1', p1Adapter]]);
      writeFileSync(component(name), bytes);
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** A GuestRun as the harness makes one: a fresh private workDir, no preopen, the spec's defaults. */
  function guestRun(modulePath: string, over: Partial<GuestRun> = {}): GuestRun {
    return {
      testId: `component/${path.basename(modulePath)}`,
      modulePath,
      argv0: path.basename(modulePath),
      args: [],
      env: {},
      preopens: [],
      workDir: mkdtempSync(path.join(tmp, 'run-')),
      stdin: '',
      timeoutMs: 10_000,
      outputLimitBytes: 16 * 1024 * 1024,
      ...over,
    };
  }
  const run = (name: string, over: Partial<GuestRun> = {}): Promise<RawResult> => adapter.execute(guestRun(component(name), over));

  /** A private copy of a suites/p1 fixture folder, preopened as `/`. */
  function rootPreopen(fixture: string): GuestRun['preopens'] {
    const host = mkdtempSync(path.join(tmp, 'root-'));
    cpSync(path.join(P1, fixture), host, { recursive: true, verbatimSymlinks: true });
    return [{ guest: '/', host }];
  }

  it('tells a component from a core module by the layer field of the preamble', () => {
    expect(isComponent(component('fd_write-stdout'))).to.equal(true);
    expect(isComponent(path.join(P1, 'fd_write-stdout.wasm'))).to.equal(false);
    expect(isComponent(path.join(tmp, 'missing.wasm'))).to.equal(false);
    const short = path.join(tmp, 'short.wasm');
    writeFileSync(short, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00]));
    expect(isComponent(short)).to.equal(false);
  });

  it("captures the guest's stdout exactly, with a clean exit 0", async () => {
    const r = await run('fd_write-stdout');
    expect(r, r.message).to.deep.include({ outcome: 'exit', exitCode: 0, stdout: 'hello, wasi\n', stdoutBytes: 12, stderr: '', stderrBytes: 0 });
    expect(r.durationMs).to.be.above(0);
    expect(r.guestMemoryBytes).to.be.at.least(65536);
  });

  it("gives the guest the run's arguments; a non-zero exit becomes 1 (the P1 adapter keeps only success or failure)", async () => {
    const fail = await run('proc_exit', { args: ['42'] });
    expect(fail, fail.message).to.deep.include({ outcome: 'exit', exitCode: 1, stdout: '42\n' });
    const ok = await run('proc_exit', { args: ['0'] });
    expect(ok, ok.message).to.deep.include({ outcome: 'exit', exitCode: 0, stdout: '0\n' });
  });

  it("gives the guest exactly the run's environment, no host variable", async () => {
    process.env.WASMCERT_HOST_ONLY = 'must not leak';
    try {
      const s = spec('environ_get');
      const r = await run('environ_get', { args: s.args, env: s.env });
      expect(r.outcome, r.message).to.equal('exit');
      expect(r.stdout).to.include('ok 2 - the guest sees exactly the 5 variable(s) of the spec, no host variable');
      for (const entry of ['WASMCERT_PLAIN=value', 'WASMCERT_UNICODE=ünïcödé ✓ 日本', 'WASMCERT_EQUALS=a=b=c', 'WASMCERT_SPACE= leading and trailing ']) {
        expect(r.stdout).to.match(new RegExp(`^ok \\d+ - the entry "${entry}" appears exactly once`, 'm'));
      }
      expect(r.stdout).not.to.include('WASMCERT_HOST_ONLY');
    } finally {
      delete process.env.WASMCERT_HOST_ONLY;
    }
  });

  it('reads a file from a preopened folder, and closes what the guest left open when the run ends', async () => {
    const preopens = rootPreopen('fixtures/fd-basic');
    const r = await run('fd_pread', { args: spec('fd_pread').args, preopens });
    expect(r.outcome, r.message).to.equal('exit');
    expect(tapFailures(r.stdout), r.stdout).to.deep.equal([]);
    expect(r.stdout).to.match(/^1\.\.\d+$/m);
    expect(r.exitCode).to.equal(0);
    // the shim would close them on garbage collection, by number, after the sandbox sweep
    expect(descriptorsUnder(preopens[0]!.host)).to.deep.equal([]);
  });

  it("feeds the spec's stdin and reaches end of file after it", async () => {
    const s = spec('fd_read-stdin-echo');
    const r = await run('fd_read-stdin-echo', { stdin: s.stdin });
    expect(r, r.message).to.deep.include({ outcome: 'exit', exitCode: 0, stdout: s.stdout, stderr: '' });
  });

  it('reports a trap with its message, keeping the output written before it', async () => {
    const r = await run('trap-unreachable');
    expect(r).to.deep.include({ outcome: 'trap', exitCode: null, stdout: 'before\n' });
    expect(r.message).to.match(/unreachable/);
  });

  it('stops a guest at the output limit, keeping only what fitted', async () => {
    const over = await run('fd_write-stdout', { outputLimitBytes: 5 });
    expect(over).to.deep.include({ outcome: 'resource-limit', message: 'guest wrote more than 5 bytes to stdout', stdout: '' });
    expect(over.stdoutBytes).to.be.at.most(5);
    const fits = await run('fd_write-stdout', { outputLimitBytes: 12 });
    expect(fits).to.deep.include({ outcome: 'exit', exitCode: 0, stdout: 'hello, wasi\n' });
  });

  it("runs one guest after another in the same thread without either seeing the other's preopens or environment", async () => {
    const preopened = await run('fd_pread', { args: ['basic'], preopens: rootPreopen('fixtures/fd-basic') });
    expect(tapFailures(preopened.stdout), preopened.stdout).to.deep.equal([]);
    const bare = await run('fd_pread', { args: ['basic'] });
    expect(bare.exitCode, 'the same guest with no preopen must not find the earlier run\'s root').to.not.equal(0);

    const full = await run('environ_get', { args: ['full'], env: spec('environ_get').env });
    expect(full.stdout).to.include('ok 2 - the guest sees exactly the 5 variable(s)');
    const empty = await run('environ_get', { args: ['empty'], env: {} });
    expect(empty, empty.stdout).to.deep.include({ outcome: 'exit', exitCode: 0 });
    expect(tapFailures(empty.stdout)).to.deep.equal([]);
  });

  it('refuses to load a component importing an interface the host does not offer, naming it', async () => {
    const cacheDir = mkdtempSync(path.join(tmp, 'backport-'));
    const sockets = await componentize(path.join(PACKAGE_ROOT, 'suites/sockets/backport/tcp.wasm'), { cacheDir });
    const r = await adapter.execute(guestRun(sockets));
    expect(r.outcome, r.message).to.equal('load-error');
    expect(r.message).to.match(/^unresolved imports? .*wasi:sockets\//);
  });

  it('reports a component jco cannot read as a load error with its reason', async () => {
    const broken = path.join(tmp, 'broken.wasm');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]), Buffer.from('not a section')]));
    const r = await adapter.execute(guestRun(broken));
    expect(r.outcome, r.message).to.equal('load-error');
    expect(r.message).to.match(/^jco could not transpile the component: /);
  });

  it('transpiles each component once into its own cache folder, even when asked twice at once', async () => {
    const cacheDir = mkdtempSync(path.join(tmp, 'jco-cache-'));
    const bytes = readFileSync(component('proc_exit'));
    const [a, b] = await Promise.all([transpiledDir(bytes, cacheDir), transpiledDir(bytes, cacheDir)]);
    expect(a).to.equal(b);
    expect(readdirSync(cacheDir)).to.deep.equal([path.basename(a)]);
    expect(JSON.parse(readFileSync(path.join(a, 'package.json'), 'utf8'))).to.deep.equal({ type: 'module' });
    expect(existsSync(path.join(a, 'component.js'))).to.equal(true);
    const other = await transpiledDir(readFileSync(component('fd_write-stdout')), cacheDir);
    expect(other).to.not.equal(a);
  });

  describe('counting what each host call costs (instruments.ts)', () => {
    const direct = path.join(PACKAGE_ROOT, 'test/fixtures/component/random-direct.wasm');
    let randomDirect: string;
    before(async () => {
      randomDirect = await componentize(direct, { cacheDir: mkdtempSync(path.join(tmp, 'direct-')) });
    });
    const sizes = ['0', '1', '64', '4096'];
    const bytes = sizes.reduce((n, s) => n + Number(s), 0);

    it("counts per WASI import the calls, the guest's reallocs and the bytes copied in, and agrees with the guest's own counter", async () => {
      const r = await runComponentInThread(guestRun(randomDirect, { args: sizes }), 'count');
      expect(r.outcome, r.message).to.equal('exit');
      // the guest's counter: one realloc of exactly n bytes per call, an empty list included
      for (const s of sizes) expect(r.stdout).to.include(`size ${s}: len ${s}, reallocs 1, bytes ${s}\n`);
      expect(r.hostCounts).to.deep.equal({ 'wasi:random/random#get-random-bytes': { calls: 4, reallocs: 4, reallocBytes: bytes, copiedIn: bytes, copiedOut: 0 } });
    });

    it('tells apart a host that reallocs twice and one that copies twice', async () => {
      const twice = await runComponentInThread(guestRun(randomDirect, { args: ['64'] }), 'count+extra-realloc');
      expect(twice.stdout).to.include('size 64: len 64, reallocs 2, bytes 128');
      expect(twice.hostCounts!['wasi:random/random#get-random-bytes']).to.deep.include({ calls: 1, reallocs: 2, copiedIn: 64 });
      const copied = await runComponentInThread(guestRun(randomDirect, { args: ['64'] }), 'count+copy-twice');
      expect(copied.stdout).to.include('size 64: len 64, reallocs 1, bytes 64');
      expect(copied.hostCounts!['wasi:random/random#get-random-bytes']).to.deep.include({ calls: 1, reallocs: 1, copiedIn: 128 });
      // and the prototypes are whole again for the next run
      const clean = await runComponentInThread(guestRun(randomDirect, { args: ['64'] }), 'count');
      expect(clean.hostCounts!['wasi:random/random#get-random-bytes']).to.deep.include({ reallocs: 1, copiedIn: 64 });
    });

    it('measures nothing unless asked', async () => {
      const r = await runComponentInThread(guestRun(randomDirect, { args: ['1'] }));
      expect(r.outcome, r.message).to.equal('exit');
      expect(r.hostCounts).to.equal(undefined);
    });
  });

  it('calls the export a WAVE expression names and prints the result as wasmtime run --invoke does', async () => {
    const library = path.join(PACKAGE_ROOT, 'adapters/probes/component-invoke.wasm');
    const ok = await adapter.execute(guestRun(library, { asComponent: true, invoke: 'ping()' }));
    expect(ok, ok.message).to.deep.include({ outcome: 'exit', exitCode: 0, stdout: '"ok"\n' });
    const missing = await adapter.execute(guestRun(library, { asComponent: true, invoke: 'pong()' }));
    expect(missing).to.deep.include({ outcome: 'load-error', message: 'the component exports no function pong' });
  });

  it('stops a spinning component at its timeout, and the next run gets a fresh thread', async () => {
    const spin = await componentize(path.join(PACKAGE_ROOT, 'test/fixtures/harness/spin.wasm'), { cacheDir: mkdtempSync(path.join(tmp, 'spin-')) });
    const stopped = await adapter.execute(guestRun(spin, { timeoutMs: 1500 }));
    expect(stopped.outcome, stopped.message).to.equal('timeout');
    const next = await run('fd_write-stdout');
    expect(next, next.message).to.deep.include({ outcome: 'exit', exitCode: 0, stdout: 'hello, wasi\n' });
  });

  describe('findings: where the component path differs from the P1 path', () => {
    it('loses the NUL after an empty argument or environment value (jco passes "" without calling realloc)', async () => {
      const args = await run('args_get', { args: spec('args_get').args });
      expect(tapFailures(args.stdout)[0]).to.match(/^not ok 5 - every argv\[i\] points into argv_buf and ends with a NUL/);
      const env = await run('environ_get', { args: ['full'], env: spec('environ_get').env });
      expect(tapFailures(env.stdout)[0]).to.match(/^not ok \d+ - the entry "WASMCERT_EMPTY=" appears exactly once/);
      expect(env.stdout).to.include('# unexpected entry: WASMCERT_EMPTY=WASMCERT_UNICODE=');
    });
  });
});
