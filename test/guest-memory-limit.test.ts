import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RuntimeAdapter } from '../adapters/base.ts';
import { resolveRuntimes } from '../adapters/index.ts';
import { InProcessAdapter } from '../adapters/in-process.ts';
import { WamrAdapter } from '../adapters/wamr.ts';
import { WasmEdgeAdapter } from '../adapters/wasmedge.ts';
import { WasmtimeAdapter } from '../adapters/wasmtime.ts';
import { WazeroAdapter } from '../adapters/wazero.ts';
import type { ProcessStatus } from '../adapters/spawn-runtime.ts';
import { GUEST_MEMORY_LIMIT, type GuestRun, type RuntimeInfo } from '../adapters/types.ts';
import { evaluate } from '../certification/evaluate.ts';
import { loadProfile } from '../certification/profiles.ts';
import { parseCli, runGuestMemoryLimit } from '../cli/options.ts';
import type { Report } from '../report/types.ts';
import { InputError } from '../runners/input-error.ts';
import { wasmcert } from './support/cli.ts';

const MiB = 1024 * 1024;

function guestRun(extra: Partial<GuestRun> = {}): GuestRun {
  return { testId: 't/t', modulePath: '/m/t.wasm', argv0: 't.wasm', args: [], env: {}, preopens: [], workDir: '/w', stdin: '', timeoutMs: 10_000, outputLimitBytes: 65_536, ...extra };
}

describe('guest memory limit: adapter flags', () => {
  const limited = guestRun({ guestMemoryLimitBytes: 4 * MiB });
  const cases: [string, { guestFlags(r: GuestRun): string[] }, string[]][] = [
    ['wasmtime', new WasmtimeAdapter(), ['-W', 'max-memory-size=4194304']],
    ['wasmedge', new WasmEdgeAdapter(), ['--memory-page-limit', '64']],
    ['wamr', new WamrAdapter(), ['--max-memory-pages=64']],
  ];
  for (const [name, adapter, flag] of cases) {
    it(`${name} is given the limit as ${flag.join(' ')}, and no such flag without one`, () => {
      const argv = adapter.guestFlags(limited);
      const at = argv.indexOf(flag[0]!);
      expect(at, argv.join(' ')).to.be.at.least(0);
      expect(argv.slice(at, at + flag.length)).to.deep.equal(flag);
      expect(adapter.guestFlags(guestRun())).to.not.include(flag[0]);
    });
  }

  it('gives page-counting runtimes the whole pages below a limit that is not a page multiple', () => {
    const xsmall = guestRun({ guestMemoryLimitBytes: 174_080 }); // X-Small: 2.66 pages
    expect(new WamrAdapter().guestFlags(xsmall)).to.include('--max-memory-pages=2');
    expect(new WasmEdgeAdapter().guestFlags(xsmall).join(' ')).to.include('--memory-page-limit 2');
    expect(new WasmtimeAdapter().guestFlags(xsmall)).to.include('max-memory-size=174080');
  });

  it('wasmedge: a memory starting above the limit, which WasmEdge logs and runs anyway, is a load failure', () => {
    const status = { exit: 0, signal: null, timedOut: false } as ProcessStatus;
    const out = '[2026-11-24 20:38:35.567] [error] Memory Instance: Limited 2 page in configuration.\n';
    expect(new WasmEdgeAdapter().interpret(status, out, '')).to.deep.equal({ outcome: 'load-error', message: '[error] Memory Instance: Limited 2 page in configuration.' });
    expect(new WasmEdgeAdapter().interpret(status, '', '')).to.equal(null);
  });

  it('wazero has no flag for it: its argv does not change', () => {
    const wazero = new WazeroAdapter();
    expect(wazero.guestFlags(guestRun({ guestMemoryLimitBytes: 4 * MiB }))).to.deep.equal(wazero.guestFlags(guestRun()));
  });
});

describe('guest memory limit: --guest-memory-limit', () => {
  it('takes bytes, KiB and MiB', () => {
    expect(parseCli(['run', '--guest-memory-limit', '4MiB']).guestMemoryLimitBytes).to.equal(4 * MiB);
    expect(parseCli(['run', '--guest-memory-limit', '256KiB']).guestMemoryLimitBytes).to.equal(262_144);
    expect(parseCli(['run', '--guest-memory-limit', '131072']).guestMemoryLimitBytes).to.equal(131_072);
    expect(parseCli(['run']).guestMemoryLimitBytes).to.equal(undefined);
  });

  for (const bad of ['4MB', '-1']) {
    it(`refuses "${bad}" on the command line with one line and exit 2`, () => {
      const r = wasmcert(['run', `--guest-memory-limit=${bad}`, '--output', os.tmpdir()]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/^wasmcert: --guest-memory-limit: expected BYTES, NKiB or NMiB .*\n$/);
      expect(r.stderr.split('\n')).to.have.length(2);
    });
  }

  it('refuses less than a page, more than 4 GiB, fractions and nothing', () => {
    for (const bad of ['1000', '5GiB', '1.5MiB', '']) {
      expect(() => parseCli(['run', `--guest-memory-limit=${bad}`]), bad).to.throw(InputError, /expected BYTES, NKiB or NMiB/);
    }
  });

  it('is the profile limit by default; a different one is refused, and --certify refuses it', () => {
    const profile = loadProfile('v-small').limits.guestMemoryLimitBytes;
    expect(runGuestMemoryLimit(parseCli(['run']), profile)).to.equal(4 * MiB);
    expect(runGuestMemoryLimit(parseCli(['run', '--guest-memory-limit', '4MiB']), profile)).to.equal(4 * MiB);
    expect(() => runGuestMemoryLimit(parseCli(['run', '--guest-memory-limit', '8MiB']), profile)).to.throw(InputError, /differs from the profile's 4194304/);
    expect(() => parseCli(['run', '--certify', '--profile', 'v-small', '--guest-memory-limit', '4MiB'])).to.throw(InputError, /--guest-memory-limit is not allowed/);
  });
});

describe('guest memory limit: certification', () => {
  const profile = loadProfile('v-small-soft-rt');
  const rt = (capabilities: string[]): RuntimeInfo => ({ name: 'rt', version: '1', path: '/rt', sha256: 'a'.repeat(64), sizeBytes: 1024, capabilities });
  const results = [{ id: 'p1/a', suite: 'p1', name: 'a', runtime: 'rt', status: 'pass' as const, durationMs: 1, assertions: [], tags: [], requires: ['p1'], peakRssBytes: MiB }];

  it('says the limit cannot be enforced on a runtime without the capability', () => {
    const c = evaluate(profile, rt(['p1']), results, ['p1/a'], 'evaluate', new Date());
    expect(c.verdict).to.equal('not-certified');
    expect(c.reasons).to.deep.equal([`the guest memory limit of 4.0 MiB cannot be enforced on rt (no capability ${GUEST_MEMORY_LIMIT})`]);
  });

  it('certifies a runtime that enforces it', () => {
    const c = evaluate(profile, rt(['p1', GUEST_MEMORY_LIMIT]), results, ['p1/a'], 'evaluate', new Date());
    expect(c).to.deep.include({ verdict: 'certified', reasons: [] });
  });

  it('asks nothing of a tier without a guest memory limit', () => {
    const c = evaluate(loadProfile('large'), rt(['p1']), results, ['p1/a'], 'evaluate', new Date());
    expect(c.reasons).to.deep.equal([]);
  });
});

/** The suites/limits guest on real runtimes: enforced with the limit, and failing without it. */
describe('guest memory limit: enforcement by real runtimes', function () {
  this.timeout(120_000);
  const guest = path.resolve('suites/limits/memory-grow-limit.wasm');
  const on = async (adapter: RuntimeAdapter, limit?: number) => {
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-gml-'));
    try {
      return await adapter.execute(guestRun({ modulePath: guest, argv0: path.basename(guest), workDir, ...(limit ? { guestMemoryLimitBytes: limit } : {}) }));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  };

  it('in-process (node:wasi) cannot enforce it, and its probe says so', async () => {
    const info = await new InProcessAdapter().describe();
    expect(info.capabilities).to.not.include(GUEST_MEMORY_LIMIT);
  });

  for (const spec of ['wasmtime', 'wasmedge', 'wamr', 'wazero']) {
    it(`${spec}: the probe matches what the guest sees`, async function () {
      let adapter: RuntimeAdapter;
      let info: RuntimeInfo;
      try {
        adapter = resolveRuntimes([spec])[0]!;
        info = await adapter.describe();
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.log(`      (skipped: ${e.problem})`);
        return this.skip();
      }
      const free = await on(adapter);
      expect(free.stdout, 'without a limit, growth past 4 pages succeeds').to.match(/^not ok 4 - /m);
      if (spec === 'wazero') {
        expect(info.capabilities).to.not.include(GUEST_MEMORY_LIMIT);
        return;
      }
      expect(info.capabilities).to.include(GUEST_MEMORY_LIMIT);
      const limited = await on(adapter, 262_144);
      expect(limited.outcome, limited.stderr).to.equal('exit');
      expect(limited.stdout).to.not.match(/^not ok/m);
      expect(limited.stdout.match(/^ok \d+ - /gm)).to.have.length(6);
    });
  }
});

/** The run's limit reaches the runtime and the report; a spec's own limit wins over it. */
describe('guest memory limit: wasmcert run', function () {
  this.timeout(120_000);

  it('runs suites/limits with its spec limit over the run limit, and records the run limit', function () {
    const out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-gml-run-'));
    try {
      // 128 KiB (2 pages) would fail the guest's checks at 3 and 4 pages: only the spec's 256 KiB passes
      const r = wasmcert(['run', '--suite', 'limits', '--runtime', 'wasmtime', '--no-expectations', '--guest-memory-limit', '128KiB', '--output', out]);
      if (/wasmtime: not found|cannot find/i.test(r.stderr)) {
        console.log(`      (skipped: ${r.stderr.trim()})`);
        return this.skip();
      }
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
      expect(report.run.guestMemoryLimitBytes).to.equal(131_072);
      const [result] = report.results;
      expect(result).to.deep.include({ id: 'limits/memory-grow-limit', status: 'pass' });
      expect(result!.assertions).to.have.length(6);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
