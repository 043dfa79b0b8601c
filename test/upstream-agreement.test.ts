import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRuntimes } from '../adapters/index.ts';
import { InputError } from '../runners/input-error.ts';
import type { Report } from '../report/types.ts';
import { wasmcert } from './support/cli.ts';

/**
 * Our fixtures in test/fixtures/upstream-mirrors (wasi-testsuite layout) are our own versions of the upstream C
 * tests whose upstream verdicts differ by runtime. Run unchanged through --tests, each
 * runtime must reach the verdict the upstream runner gives it (measured with upstream's
 * runner; shared/reference/runtimes.md §5).
 */
const MIRRORS: Record<string, string> = {
  'shutdown-stdout': 'sock_shutdown-not_sock',
  'shutdown-bad-fd': 'sock_shutdown-invalid_fd',
  'pwrite-append': 'pwrite-with-append',
};

/** Upstream tests each runtime fails, among those mirrored here. */
const UPSTREAM_FAILS: Record<string, string[]> = {
  'in-process': ['sock_shutdown-invalid_fd', 'sock_shutdown-not_sock'],
  wasmtime: [],
  wamr: [],
  wasmedge: [],
  wazero: ['pwrite-with-append', 'sock_shutdown-not_sock'],
};

describe('agreement with the upstream wasi-testsuite runner', function () {
  this.timeout(120_000);
  for (const [runtime, fails] of Object.entries(UPSTREAM_FAILS)) {
    it(`${runtime}: same verdicts as upstream on the mirrored tests`, async function () {
      try {
        await resolveRuntimes([runtime])[0]!.describe();
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        console.log(`      (skipped: ${e.problem})`);
        this.skip();
      }
      const out = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-upstream-'));
      try {
        wasmcert(['run', '--runtime', runtime, '--tests', 'test/fixtures/upstream-mirrors', '--no-expectations', '--output', out]);
        const report: Report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
        const verdicts = Object.fromEntries(report.results.map((r) => [MIRRORS[r.name]!, r.status]));
        const want = Object.fromEntries(Object.values(MIRRORS).map((u) => [u, fails.includes(u) ? 'fail' : 'pass']));
        expect(verdicts).to.deep.equal(want);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
});
