import { expect } from 'chai';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { GuestRun, RawResult } from '../adapters/types.ts';
import { GuestThread } from './support/guest-thread.ts';
import { expectAllOk } from './support/tap-result.ts';
import { freeLoopbackAddress } from '../runners/loopback.ts';

const FIXTURES = path.resolve('test/fixtures/sockets');
const scratch: string[] = [];
function guestRun(module: string, extra: Partial<GuestRun> = {}): GuestRun {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-sock-test-'));
  scratch.push(workDir);
  return {
    testId: `sockets/${module}`,
    modulePath: path.join(FIXTURES, module),
    argv0: module,
    args: [],
    env: {},
    preopens: [],
    workDir,
    stdin: '',
    timeoutMs: 20_000,
    outputLimitBytes: 1 << 20,
    ...extra,
  };
}

/** Resolves with the error code of a connection attempt ('connected' when it succeeded). */
function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.on('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? String(e)));
  });
}

async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reads from a socket until `n` bytes or EOF; resolves with the bytes and whether EOF came. */
function collect(s: net.Socket): { data: () => string; ended: Promise<void> } {
  let data = '';
  s.on('data', (b) => (data += b.toString('latin1')));
  const ended = new Promise<void>((r) => s.on('end', () => r()));
  return { data: () => data, ended };
}

describe('in-process host: sockets', function () {
  this.timeout(60_000);
  let thread: GuestThread;
  before(() => (thread = new GuestThread()));
  after(async () => {
    await thread.terminate();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it('standard P1 calls on the pre-opened listener, against a real peer, then releases the port', async () => {
    const listen = await freeLoopbackAddress();
    const port = Number(listen.split(':')[1]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-sock-dir-'));
    scratch.push(dir);
    const running = thread.run(guestRun('standard.wasm', { tcpListen: listen, preopens: [{ guest: '/data', host: dir }] }));

    // the guest creates "ready" once it has checked a nonblocking accept finds nobody
    await waitFor(() => existsSync(path.join(dir, 'ready')));
    const c1 = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const got1 = collect(c1);
    c1.write('hello world!');
    await got1.ended; // the guest shut down its write side
    expect(got1.data()).to.equal('pong:hello world!!');
    c1.end('bye');

    const c2 = net.connect({ port, host: '127.0.0.1' });
    const got2 = collect(c2);
    await waitFor(() => got2.data() === 'go');
    c2.write('x');
    await new Promise((r) => c2.on('close', r));

    const r = await running;
    expectAllOk(r);
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).to.equal('hello world!');
    expect(await tryConnect(port)).to.equal('ECONNREFUSED');
  });

  it("WAMR's extension: client, server, UDP, options, policy and resolve, against real peers", async () => {
    // TCP peer: answers ping with pong, reads "port:NNNNN" and connects there to say "hi"
    const peerDone: Promise<void>[] = [];
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      let buf = '';
      peerDone.push(
        new Promise((resolve, reject) => {
          s.on('data', (b) => {
            buf += b.toString();
            if (buf === 'ping') s.write('pong');
          });
          s.on('end', () => {
            const m = buf.match(/^ping(?:port:(\d{5}))$/);
            if (!m) return reject(new Error(`peer read ${JSON.stringify(buf)}`));
            const back = net.connect({ port: Number(m[1]), host: '127.0.0.1' }, () => back.end('hi'));
            back.on('close', () => resolve());
            back.on('error', reject);
            s.end();
          });
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const udp = dgram.createSocket('udp4');
    udp.on('message', (msg, from) => udp.send(Buffer.concat([Buffer.from('ECHO:'), msg]), from.port, from.address));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-sock-dir-'));
    scratch.push(dir);
    try {
      const r = await thread.run(
        guestRun('wamr.wasm', {
          env: { PEER_PORT: String((server.address() as net.AddressInfo).port), UDP_PORT: String(udp.address().port) },
          preopens: [{ guest: '/data', host: dir }],
          socketPolicy: { addrPool: ['127.0.0.1/32'], allowResolve: ['localhost'] },
        }),
      );
      expectAllOk(r);
      await Promise.all(peerDone);
      expect(peerDone).to.have.length(1);
      expect(readFileSync(path.join(dir, 'after-socket.txt'), 'utf8')).to.equal('file');
    } finally {
      server.close();
      udp.close();
    }
  });

  it('denies everything without a policy, and refuses a pool entry without a mask', async () => {
    const r = await thread.run(guestRun('no-policy.wasm'));
    expect(r.outcome, r.message).to.equal('exit');
    expect(r.exitCode).to.equal(2 + 10 * 2); // acces from connect and from resolve
    const bad = await thread.run(guestRun('wamr.wasm', { env: {}, socketPolicy: { addrPool: ['127.0.0.1'], allowResolve: [] } }));
    expect(bad.outcome).to.equal('load-error');
    expect(bad.message).to.include('Invalid address pool entry 127.0.0.1');
  });

  it('gives a standard call a fault for a bad pointer, and traps in a WAMR call', async () => {
    const r = await thread.run(guestRun('bad-pointer.wasm'));
    expect(r.outcome, r.message).to.equal('trap');
    expect(r.message).to.include('out of bounds memory access');
  });

  it('ends a guest blocked in sock_accept at its timeout and closes the listener', async () => {
    const listen = await freeLoopbackAddress();
    const port = Number(listen.split(':')[1]);
    const t0 = Date.now();
    const r = await thread.run(guestRun('accept-forever.wasm', { tcpListen: listen, timeoutMs: 800 }));
    expect(r.outcome).to.equal('timeout');
    expect(Date.now() - t0).to.be.within(700, 5_000);
    expect(await tryConnect(port)).to.equal('ECONNREFUSED');
  });

  it('works from the pool bundle (the service thread loads without a TypeScript loader in its parent)', async () => {
    const listen = await freeLoopbackAddress();
    const port = Number(listen.split(':')[1]);
    const bundled = new GuestThread();
    try {
      const running = bundled.run(guestRun('accept-forever.wasm', { tcpListen: listen, timeoutMs: 10_000 }), true);
      // the guest accepts this connection and exits with accept's errno (0)
      let state = '';
      for (let i = 0; i < 200 && state !== 'connected'; i++) {
        state = await tryConnect(port);
        if (state !== 'connected') await new Promise((res) => setTimeout(res, 25));
      }
      const r = await running;
      expect(r.outcome, r.message).to.equal('exit');
      expect(r.exitCode).to.equal(0);
      expect(await tryConnect(port)).to.equal('ECONNREFUSED');
    } finally {
      await bundled.terminate();
    }
  });

  it('closes the sockets of a run when its worker is terminated', async () => {
    const listen = await freeLoopbackAddress();
    const port = Number(listen.split(':')[1]);
    const doomed = new GuestThread();
    void doomed.run(guestRun('accept-forever.wasm', { tcpListen: listen, timeoutMs: 30_000 })).catch(() => undefined);
    let state = '';
    for (let i = 0; i < 200 && state !== 'connected'; i++) {
      // listening once the guest blocks in accept; the connection queues until the worker dies
      state = await tryConnect(port);
      if (state !== 'connected') await new Promise((res) => setTimeout(res, 25));
    }
    expect(state).to.equal('connected');
    await doomed.terminate();
    let after = '';
    for (let i = 0; i < 40; i++) {
      after = await tryConnect(port);
      if (after === 'ECONNREFUSED') break;
      await new Promise((res) => setTimeout(res, 25));
    }
    expect(after).to.equal('ECONNREFUSED');
  });
});
