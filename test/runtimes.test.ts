import { expect } from 'chai';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeAdapter } from '../adapters/base.ts';
import { resolveRuntimes } from '../adapters/index.ts';
import type { RuntimeInfo } from '../adapters/types.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { InputError } from '../runners/input-error.ts';
import { DEFAULT_OUTPUT_LIMIT, runTests } from '../runners/run-tests.ts';

/**
 * The same harness guests on every real runtime: each adapter must turn its runtime's
 * way of reporting into the same outcomes. A runtime that is not installed is skipped
 * with the reason the lookup gave, never passed.
 */
const RUNTIMES = ['wasmtime', 'wamr', 'wamr:minimal', 'wasmedge', 'wazero'];

for (const spec of RUNTIMES) {
  describe(`runtime adapter: ${spec}`, function () {
    this.timeout(120_000);
    let adapter: RuntimeAdapter;
    let info: RuntimeInfo;
    let missing: string | undefined;

    before(async function () {
      try {
        adapter = resolveRuntimes([spec])[0]!;
        info = await adapter.describe();
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        missing = e.problem;
      }
    });
    beforeEach(function () {
      if (missing) this.skip();
    });
    after(function () {
      if (missing) console.log(`      (skipped: ${missing})`);
    });

    async function run(grep: RegExp, dir = 'test/fixtures') {
      const tests = filterTests(await discoverSuites(path.resolve(dir)), { grep });
      const results = await runTests(tests, [adapter], {
        jobs: 2,
        expectations: new Map(),
        capabilities: new Map([[adapter.label, info.capabilities]]),
        outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
        keepOutputBytes: 4096,
      });
      return new Map(results.map((r) => [r.name, r]));
    }

    it('identifies itself: version, binary sha256 and size, probed p1', () => {
      expect(info.version).to.match(/\d+\.\d+\.\d+/);
      expect(info.sha256).to.match(/^[0-9a-f]{64}$/);
      expect(info.sizeBytes).to.be.above(1000);
      expect(info.capabilities).to.include('p1');
    });

    if (spec === 'wasmedge') {
      it('counts its engine library in its size, not only the 14 KiB command', () => {
        expect(info.sizeBytes).to.be.above(statSync(info.path).size + 1024 ** 2);
      });
    }

    it('passes the upstream-layout fixtures: exit codes, argv[0], exact env, root and dirs preopens, empty stdin', async () => {
      const results = await run(/^WASI C tests\/(?!wrong-stdout|known-good)/);
      expect(results.size).to.equal(6);
      for (const [name, r] of results) expect(r.status, `${name}: ${r.message}`).to.equal('pass');
    });

    it('tells a trap from an exit, and measures wall time and peak memory', async () => {
      const r = (await run(/trap-unreachable/, 'suites')).get('trap-unreachable')!;
      expect(r.outcome!.kind, r.message).to.equal('trap');
      expect(r.durationMs).to.be.above(0);
      expect(r.peakRssBytes).to.be.above(100_000);
    });

    it('reports a module with an unknown import as a load failure (WAMR: as a trap when called)', async () => {
      const r = (await run(/bad-import/)).get('bad-import')!;
      // WAMR links lazily: the unresolved import only traps when it is called
      expect(r.outcome!.kind, r.outcome!.message).to.equal(spec.startsWith('wamr') ? 'trap' : 'load-error');
    });

    it('kills a spinning guest at its timeout, with the whole process group', async () => {
      const r = (await run(/harness\/spin$/)).get('spin')!;
      expect(r.outcome!.kind).to.equal('timeout');
      expect(r.durationMs).to.be.within(250, 5_000);
    });

    it('stops a guest that floods stdout at the output limit', async () => {
      const tests = filterTests(await discoverSuites(path.resolve('test/fixtures')), { grep: /flood/ });
      const [r] = await runTests(tests, [adapter], {
        jobs: 1,
        expectations: new Map(),
        capabilities: new Map([[adapter.label, info.capabilities]]),
        outputLimitBytes: 1 << 20,
        keepOutputBytes: 4096,
      });
      expect(r!.outcome!.kind).to.equal('resource-limit');
    });
  });
}
