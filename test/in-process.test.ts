import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { runFixtures } from './support/run-fixtures.ts';

const HARNESS = 'test/fixtures/harness';

describe('in-process host and worker pool', function () {
  this.timeout(60_000);

  it('stops a spinning guest at its timeout and keeps running the other tests', async () => {
    const results = await runFixtures(HARNESS, /spin|echo-stdin|raise-chld/, { jobs: 1 });
    const spin = results.get('spin')!;
    expect(spin.status).to.equal('fail');
    expect(spin.outcome!.kind).to.equal('timeout');
    expect(spin.durationMs).to.be.within(250, 5_000);
    // with one thread, the tests after the spinning one ran on a replacement worker
    expect(results.get('echo-stdin')!.status).to.equal('pass');
    expect(results.get('raise-chld')!.status).to.equal('pass');
  });

  it('ends a guest that raises SIGTERM as killed by that signal, and the harness survives', async () => {
    const r = (await runFixtures(HARNESS, /^harness\/raise$/)).get('raise')!;
    expect(r.outcome).to.deep.include({ kind: 'signal', signal: 'term' });
    expect(r.status).to.equal('fail');
    expect(process.exitCode ?? 0).to.equal(0);
  });

  it('caps a flooding guest instead of buffering its output', async () => {
    const r = (await runFixtures(HARNESS, /flood/, { outputLimitBytes: 1 << 20 })).get('flood')!;
    expect(r.outcome!.kind).to.equal('resource-limit');
    expect(r.outcome!.message).to.include('more than 1048576 bytes to stdout');
    expect(r.stdout!.length).to.be.below(8192); // the report keeps a slice, not the megabyte
  });

  it('reports stack exhaustion as a trap and an unknown import as a load failure', async () => {
    const results = await runFixtures(HARNESS, /recurse|bad-import/);
    expect(results.get('recurse')!).to.deep.include({ status: 'pass' });
    expect(results.get('recurse')!.outcome!.kind).to.equal('trap');
    expect(results.get('bad-import')!.outcome).to.deep.include({ kind: 'load-error', message: 'unresolved import env.no_such_function' });
  });

  it('gives each run a fresh copy of its fixture and leaves the original untouched', async () => {
    const before = readFileSync(`${HARNESS}/root/keep.txt`, 'utf8');
    const results = await runFixtures(HARNESS, /write-root/);
    expect(results.get('write-root')!.status).to.equal('pass');
    expect(readFileSync(`${HARNESS}/root/keep.txt`, 'utf8')).to.equal(before);
    expect(readdirSync(`${HARNESS}/root`)).to.deep.equal(['keep.txt']);
  });

  it('reclaims the descriptors node:wasi and the guest leave open', async () => {
    const count = () => readdirSync('/proc/self/fd').length;
    await runFixtures(HARNESS, /write-root/); // warm the pool's lazy loads
    const before = count();
    for (let i = 0; i < 5; i++) await runFixtures(HARNESS, /write-root|cat/);
    expect(count()).to.be.at.most(before + 2);
  });

  it('feeds stdin through a pipe and reads stdout back exactly', async () => {
    const r = (await runFixtures(HARNESS, /echo-stdin/)).get('echo-stdin')!;
    expect(r.status, r.message).to.equal('pass');
  });

  it('stops a guest sleeping in poll_oneoff at its timeout, even on an absolute monotonic deadline', async () => {
    const results = await runFixtures(HARNESS, /poll-/);
    for (const name of ['poll-forever', 'poll-abstime']) {
      const r = results.get(name)!;
      // uvwasi reads the absolute monotonic deadline as centuries away: without the bound it never returns
      expect(r.outcome!.kind, name).to.equal('timeout');
      expect(r.durationMs, name).to.be.within(450, 3_000);
    }
  });

  it('keeps stdin a pipe when it holds more than a pipe buffer', async () => {
    const r = (await runFixtures(HARNESS, /big-stdin/)).get('big-stdin')!;
    expect(r.status, r.message).to.equal('pass');
  });

  it('gives a guest exactly the spec environment and argv[0] = module name', async () => {
    const r = (await runFixtures('test/fixtures/wasi-testsuite', /argv-env/)).get('argv-env')!;
    expect(r.status, r.message).to.equal('pass');
  });
});
