import { expect } from 'chai';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { InProcessAdapter } from '../adapters/in-process.ts';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { loadExpectations } from '../runners/expectations.ts';
import { createPool, DEFAULT_OUTPUT_LIMIT, destroyPool, runTests } from '../runners/run-tests.ts';

/** Inodes of the sockets this process holds open (guests' sockets and peers live in it). */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

/** Bound sockets of this process: TCP listeners and UDP sockets, as "proto local-address". */
function boundSockets(): string[] {
  const mine = ownSocketInodes();
  const found: string[] = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const lines = readFileSync(`/proc/net/${proto}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      const [local, state, inode] = [f[1]!, f[3]!, f[9]!];
      const listening = proto.startsWith('tcp') ? state === '0A' : true;
      if (listening && mine.has(inode)) found.push(`${proto} ${local}`);
    }
  }
  return found.sort();
}

describe('sockets: a whole in-process run leaves no port behind', function () {
  this.timeout(300_000);

  it('holds no listening or bound socket after every socket test has run', async () => {
    const before = boundSockets();
    const tests = filterTests(await discoverSuites(path.join(PACKAGE_ROOT, 'suites')), { suites: ['sockets'] });
    const adapter = new InProcessAdapter({});
    // the workers stay up while we look: a thread's exit would close what a run leaked
    const pool = createPool(2);
    after(() => destroyPool(pool));
    const results = await runTests(tests, [adapter], {
      pool,
      jobs: 2,
      expectations: new Map([[adapter.label, await loadExpectations([path.join(PACKAGE_ROOT, 'expectations/in-process.toml')])]]),
      capabilities: new Map([[adapter.label, await adapter.capabilities()]]),
      outputLimitBytes: DEFAULT_OUTPUT_LIMIT,
      keepOutputBytes: 512,
    });
    // the run must really have opened sockets for the check to mean anything
    expect(results.filter((r) => r.status === 'pass').length).to.be.at.least(60);
    expect(boundSockets()).to.deep.equal(before);
  });
});
