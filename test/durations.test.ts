import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InProcessAdapter } from '../adapters/in-process.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { loadDurations, longestFirst } from '../runners/durations.ts';
import { InputError } from '../runners/input-error.ts';
import { DEFAULT_OUTPUT_LIMIT, runTests } from '../runners/run-tests.ts';

describe('durations: the longest tests start first', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-durations-'));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const report = (results: object[]) => JSON.stringify({ results });

  it('reads each result by runtime and test', () => {
    const d = loadDurations(file('r.json', report([{ id: 'p1/a', runtime: 'x', durationMs: 5 }, { id: 'p1/a', runtime: 'y', durationMs: 9 }])), true);
    expect(longestFirst([{ runtime: 'x', id: 'p1/a' }, { runtime: 'y', id: 'p1/a' }], d)).to.deep.equal([1, 0]);
  });

  it('orders unknown tests first, then longest first, ties in the given order', () => {
    const d = loadDurations(file('o.json', report(['a', 'b', 'c', 'd'].map((id, i) => ({ id, runtime: 'r', durationMs: [3, 10, 3, 1][i] })))), true);
    const work = ['a', 'b', 'c', 'd', 'new'].map((id) => ({ runtime: 'r', id }));
    expect(longestFirst(work, d)).to.deep.equal([4, 1, 0, 2, 3]);
  });

  it('names the file when a given one is missing or is not a report', () => {
    expect(() => loadDurations(path.join(dir, 'absent.json'), true)).to.throw(InputError, /absent\.json: cannot read durations/);
    expect(() => loadDurations(file('bad.json', '{"results": [{"id": 1}]}'), true)).to.throw(InputError, /bad\.json: .*"durationMs"/);
    expect(() => loadDurations(file('junk.json', 'not json'), true)).to.throw(InputError, /junk\.json/);
  });

  it('ignores a previous report that does not read cleanly', () => {
    expect(loadDurations(path.join(dir, 'absent.json'), false).size).to.equal(0);
    expect(loadDurations(file('junk2.json', '{'), false).size).to.equal(0);
  });

  it('starts the test with the longest recorded duration first, and keeps the results in order', async () => {
    const tests = filterTests(await discoverSuites(path.join(PACKAGE_ROOT, 'suites')), { suites: ['p1'] }).slice(0, 4);
    const adapter = new InProcessAdapter({});
    const last = tests[3]!.id;
    const started: string[] = [];
    const results = await runTests(tests, [adapter], {
      jobs: 1,
      expectations: new Map(),
      capabilities: new Map([[adapter.label, await adapter.capabilities()]]),
      outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
      keepOutputBytes: 512,
      durations: loadDurations(file('run.json', report(tests.map((t) => ({ id: t.id, runtime: adapter.label, durationMs: t.id === last ? 1000 : 1 })))), true),
      onResult: (r) => started.push(r.id),
    });
    // jobs + 1 runs are in flight at once, so it is among the first two to finish, where the
    // given order would have made it the last
    expect(started.indexOf(last)).to.be.below(2);
    expect(results.map((r) => r.id)).to.deep.equal(tests.map((t) => t.id));
  });
});
