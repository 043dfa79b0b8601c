import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureExecHelper } from '../adapters/exec-helper.ts';
import { closeSpawners, spawnerPids, spawnRuntime, type SpawnRequest } from '../adapters/spawn-runtime.ts';
import { createPool, destroyPool } from '../runners/run-tests.ts';
import { BUNDLE, bundleIsFresh } from '../runners/worker-bundle.mjs';
import { scratchTree } from './support/temp.ts';

const BASE: Omit<SpawnRequest, 'binary' | 'argv'> = {
  cwd: '/',
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  stdin: '',
  timeoutMs: 10_000,
  dataLimitBytes: 2 * 1024 ** 3,
  outputLimitBytes: 1 << 20,
};

function sh(script: string, more: Partial<SpawnRequest> = {}) {
  return spawnRuntime({ ...BASE, binary: 'sh', argv: ['-c', script], ...more });
}

/** Running, as opposed to gone or a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 3_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

/** Exec helper servers some thread of this process started (`--owner` is our pid). */
function serversOwnedHere(): number[] {
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0]!).startsWith('wasmcert-exec') && argv[1] === '--server' && argv[3] === String(process.pid) && running(Number(e))) pids.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('spawnRuntime: the exec helper server', function () {
  this.timeout(30_000);
  before(() => ensureExecHelper());
  after(() => closeSpawners());

  it('tells an exit code from a death by signal', async () => {
    const exited = await sh('exit 3');
    expect(exited.status).to.include({ exit: 3, signal: null, timedOut: false });
    expect(exited.helperError).to.equal(undefined);
    const killed = await sh('kill -SEGV $$');
    expect(killed.status).to.include({ exit: null, signal: 11, timedOut: false });
  });

  it('captures stdout and stderr apart, and measures the run', async () => {
    const r = await sh('printf out; printf err >&2; printf " more"');
    expect(r).to.include({ stdout: 'out more', stderr: 'err', stdoutBytes: 8, stderrBytes: 3, capped: false });
    expect(r.status!.maxRssKb).to.be.above(100);
    expect(r.status!.wallMs).to.be.above(0);
  });

  it('passes argv and the environment exactly, and runs in the given folder', async () => {
    const args = ['a b', '', 'é', 'x\ny', '--flag=1'];
    const r = await spawnRuntime({ ...BASE, binary: 'sh', argv: ['-c', 'printf "%s|" "$@"; pwd; env | sort', 'sh', ...args], cwd: '/tmp', env: { PATH: BASE.env.PATH!, ONE: '1', EMPTY: '' } });
    const [joined, rest] = [r.stdout.slice(0, r.stdout.indexOf('/tmp\n')), r.stdout.slice(r.stdout.indexOf('/tmp\n') + 5)];
    expect(joined).to.equal('a b||é|x\ny|--flag=1|');
    const env = rest.trim().split('\n').filter((l) => !/^(PWD|SHLVL|_)=/.test(l)); // what sh adds itself
    expect(env).to.deep.equal(['EMPTY=', 'ONE=1', `PATH=${BASE.env.PATH}`]);
  });

  it('feeds stdin through a real pipe: big input, then EOF', async () => {
    const big = 'x'.repeat(5_000_000);
    const r = await sh('if [ -p /dev/stdin ]; then echo pipe; fi; wc -c', { stdin: big });
    expect(r.stdout.split(/\s+/).filter(Boolean)).to.deep.equal(['pipe', '5000000']);
    const empty = await sh('cat; echo done', { timeoutMs: 2_000 });
    expect(empty).to.include({ stdout: 'done\n' });
    expect(empty.status!.timedOut).to.equal(false);
    // a program that never reads its stdin is not held up by it
    const ignored = await sh('exit 0', { stdin: big });
    expect(ignored.status).to.include({ exit: 0, timedOut: false });
  });

  it('kills the whole process group at the timeout', async () => {
    const started = performance.now();
    const r = await sh('sleep 30 & echo $!; sleep 30', { timeoutMs: 300 });
    expect(performance.now() - started).to.be.below(3_000);
    expect(r.status).to.include({ timedOut: true, signal: 9, exit: null });
    expect(r.status!.wallMs).to.be.within(250, 3_000);
    const background = Number(r.stdout.trim());
    expect(background).to.be.above(1);
    expect(await until(() => !running(background))).to.equal(true);
  });

  it('stops a run whose stdout or stderr passes the output limit, and keeps only the limit', async () => {
    for (const script of ['yes', 'yes >&2']) {
      const r = await sh(script, { outputLimitBytes: 65_536 });
      expect(r.capped, script).to.equal(true);
      expect(r.status).to.include({ signal: 9, timedOut: false });
      const [kept, total] = script === 'yes' ? [r.stdout, r.stdoutBytes] : [r.stderr, r.stderrBytes];
      expect(kept.length).to.equal(65_536);
      expect(total).to.be.above(65_536);
    }
    const exact = await sh('head -c 1000 /dev/zero', { outputLimitBytes: 1000 });
    expect(exact.capped).to.equal(false);
    expect(exact.stdoutBytes).to.equal(1000);
  });

  it('sets RLIMIT_DATA on the program', async () => {
    const r = await sh('ulimit -d', { dataLimitBytes: 64 * 1024 * 1024 });
    expect(r.stdout.trim()).to.equal('65536');
  });

  it('says clearly when the program cannot be run', async () => {
    const missing = await spawnRuntime({ ...BASE, binary: '/no/such/runtime', argv: ['x'] });
    expect(missing.helperError).to.equal('wasmcert-exec: cannot run /no/such/runtime: No such file or directory');
    const notOnPath = await spawnRuntime({ ...BASE, binary: 'no-such-runtime-anywhere', argv: [] });
    expect(notOnPath.helperError).to.match(/cannot run no-such-runtime-anywhere: No such file/);
    const noFolder = await spawnRuntime({ ...BASE, binary: 'true', argv: [], cwd: '/no/such/folder' });
    expect(noFolder.helperError).to.equal('wasmcert-exec: cannot enter folder /no/such/folder: No such file or directory');
    // and the server is still there for the next run
    expect((await sh('exit 0')).status).to.include({ exit: 0 });
  });

  it('runs concurrent requests on separate servers', async () => {
    const rs = await Promise.all([1, 2, 3].map((i) => sh(`sleep 0.2; echo ${i}`)));
    expect(rs.map((r) => r.stdout)).to.deep.equal(['1\n', '2\n', '3\n']);
    expect(spawnerPids().length).to.be.at.least(3);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`answers a run whose server got ${signal}, kills its program, and starts a new server for the next run`, async () => {
      closeSpawners();
      const { dir, cleanup } = scratchTree({});
      try {
        const pidFile = path.join(dir, 'pid');
        const pending = sh(`echo $$ > ${pidFile}; exec sleep 30`, { timeoutMs: 60_000 });
        expect(await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'))).to.equal(true);
        const program = Number(readFileSync(pidFile, 'utf8'));
        const [server] = spawnerPids();
        process.kill(server!, signal);
        const r = await pending;
        if (signal === 'SIGKILL') {
          expect(r.status).to.equal(null);
          expect(r.helperError).to.match(/exec helper server ended/);
        } else expect(r.status).to.include({ stopped: true, signal: 9 }); // SIGTERM: it stops the run, answers, then exits
        expect(await until(() => !running(program))).to.equal(true);
        const next = await sh('echo again');
        expect(next.stdout).to.equal('again\n');
        expect(spawnerPids()).to.not.include(server);
      } finally {
        cleanup();
      }
    });
  }

  it('leaves no server running once closed', async () => {
    await sh('exit 0');
    const pids = spawnerPids();
    expect(pids.length).to.be.at.least(1);
    closeSpawners();
    expect(await until(() => pids.every((p) => !running(p)))).to.equal(true);
  });

  it('leaves no server running once the pool that used it is destroyed', async () => {
    const pool = createPool(2);
    const { dir, cleanup } = scratchTree({ 'm.wasm': '' });
    try {
      // any program stands in for the runtime: here /bin/echo as "wasmtime"
      const run = { testId: 't', modulePath: path.join(dir, 'm.wasm'), argv0: 'm.wasm', args: ['hi'], env: {}, preopens: [], workDir: dir, stdin: '', timeoutMs: 5_000, outputLimitBytes: 1 << 20 };
      const job = { adapter: { name: 'wasmtime', options: { path: '/bin/echo' } }, run };
      const results = await Promise.all([pool.run(job), pool.run(job)]);
      expect(results[0]).to.include({ outcome: 'exit', exitCode: 0, stdout: 'run m.wasm hi\n' });
      expect(serversOwnedHere().length).to.be.at.least(1);
    } finally {
      await destroyPool(pool);
      cleanup();
    }
    const ownServers = new Set(spawnerPids());
    expect(await until(() => serversOwnedHere().every((p) => ownServers.has(p)))).to.equal(true);
  });
});

describe('pool worker bundle', () => {
  it('is built from the worker sources and current after a pool has started', async () => {
    const pool = createPool(1);
    try {
      await pool.run({ adapter: { name: 'wasmtime', options: { path: '/bin/true' } }, run: { testId: 't', modulePath: '/m.wasm', argv0: 'm.wasm', args: [], env: {}, preopens: [], workDir: '/tmp', stdin: '', timeoutMs: 5_000, outputLimitBytes: 1024 } });
    } finally {
      await destroyPool(pool);
    }
    expect(bundleIsFresh()).to.equal(true);
    const head = readFileSync(BUNDLE, 'utf8').split('\n', 1)[0]!;
    expect(head).to.include(path.resolve('runners/worker.ts')).and.include(path.resolve('adapters/spawn-runtime.ts'));
  });
});
