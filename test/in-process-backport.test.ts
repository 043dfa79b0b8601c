import { expect } from 'chai';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { GuestRun, RawResult } from '../adapters/types.ts';
import { GuestThread } from './support/guest-thread.ts';
import { expectAllOk } from './support/tap-result.ts';
import { freeLoopbackPort } from '../runners/loopback.ts';

const GUESTS = path.resolve('suites/sockets/backport');
const LOOPBACK_POOL = { addrPool: ['127.0.0.1/32', '::1/128'], allowResolve: [] as string[] };

const scratch: string[] = [];
function guestRun(module: string, group: string, extra: Partial<GuestRun> = {}): GuestRun {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-backport-test-'));
  scratch.push(workDir);
  return {
    testId: `sockets/backport/${group}`,
    modulePath: path.join(GUESTS, module),
    argv0: module,
    args: [group],
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
function tryConnect(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.on('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? String(e)));
  });
}

/** Connects once the guest listens (it may not yet), retrying refused attempts. */
async function connectWhenListening(port: number, host: string): Promise<net.Socket> {
  for (let i = 0; i < 400; i++) {
    const s = net.connect({ port, host, allowHalfOpen: true });
    const ok = await new Promise<boolean>((resolve) => {
      s.once('connect', () => resolve(true));
      s.once('error', () => resolve(false));
    });
    if (ok) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listened on [${host}]:${port}`);
}

describe('in-process host: the back-port dialect (wasi:sockets 0.2 as P1 imports)', function () {
  this.timeout(60_000);
  let thread: GuestThread;
  before(() => (thread = new GuestThread()));
  after(async () => {
    await thread.terminate();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it('connects to a TCP peer over 127.0.0.1, exchanges data, and shutdown(send) reaches the peer as EOF', async () => {
    let got = '';
    let ended = false;
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      s.on('data', (b) => {
        got += b.toString();
        if (got === 'ping') s.write('pong');
      });
      s.on('end', () => {
        ended = true;
        s.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await thread.run(guestRun('tcp.wasm', 'connect', { env: { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_PEER_PORT: String(port) }, socketPolicy: LOOPBACK_POOL }));
      expectAllOk(r);
      expect(got).to.equal('ping');
      expect(ended).to.equal(true);
    } finally {
      server.close();
    }
  });

  it('serves a client on [::1]:WASMCERT_LISTEN_PORT, and the port is free again after the run', async () => {
    const port = await freeLoopbackPort('::1');
    const running = thread.run(guestRun('tcp.wasm', 'server', { env: { WASMCERT_PEER_HOST: '::1', WASMCERT_LISTEN_PORT: String(port) }, socketPolicy: LOOPBACK_POOL }));
    const c = await connectWhenListening(port, '::1');
    let reply = '';
    c.on('data', (b) => {
      reply += b.toString();
      if (reply === 'world') c.end();
    });
    c.write('hello');
    const r = await running;
    expectAllOk(r);
    expect(reply).to.equal('world');
    expect(await tryConnect(port, '::1')).to.equal('ECONNREFUSED');
  });

  it('sends a datagram to a UDP peer and receives its answer with the peer as remote address', async () => {
    const peer = dgram.createSocket('udp4');
    let heard = '';
    peer.on('message', (msg, from) => {
      heard = msg.toString();
      peer.send('pong', from.port, from.address);
    });
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    try {
      const r = await thread.run(guestRun('udp.wasm', 'exchange', { env: { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_PEER_PORT: String(peer.address().port) }, socketPolicy: LOOPBACK_POOL }));
      expectAllOk(r);
      expect(heard).to.equal('ping');
    } finally {
      peer.close();
    }
  });

  it('refuses a connection to a port bound but not listening, as a POSIX host does', async () => {
    expectAllOk(await thread.run(guestRun('tcp.wasm', 'refused', { socketPolicy: LOOPBACK_POOL })));
  });

  it('traps on a handle that was never given out, one dropped twice, and one of another resource type', async () => {
    const cases: [string, RegExp][] = [
      ['trap-unknown-handle', /unknown handle 8388592 \(expected a tcp-socket\)/],
      ['trap-drop-twice', /unknown handle \d+ \(expected a tcp-socket\)/],
      ['trap-wrong-type', /handle 1 is a network, not a tcp-socket/],
      ['trap-send-permit', /more than check-send permitted/],
    ];
    for (const [group, message] of cases) {
      const r = await thread.run(guestRun('misc.wasm', group, { socketPolicy: LOOPBACK_POOL }));
      expect(r.outcome, `${group}: ${r.message}\n${r.stdout}`).to.equal('trap');
      expect(r.message, group).to.match(message);
    }
  });

  it('denies bind, connect and name lookup without a policy, and lets IP literals resolve without one', async () => {
    expectAllOk(await thread.run(guestRun('misc.wasm', 'policy-none')));
    expectAllOk(await thread.run(guestRun('misc.wasm', 'resolve-literal')));
    // an address outside the pool is denied like any other: the client cannot reach 127.0.0.1
    const r = await thread.run(guestRun('tcp.wasm', 'connect', { env: { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_PEER_PORT: '9' }, socketPolicy: { addrPool: ['::1/128'], allowResolve: [] } }));
    expect(r.stdout).to.match(/^not ok 2 .*\n {2}---\n {2}got: access-denied \(1\)$/m);
  });

  it('resolves "localhost" in the service thread when allow_resolve names it', async () => {
    expectAllOk(await thread.run(guestRun('misc.wasm', 'resolve-localhost', { socketPolicy: { ...LOOPBACK_POOL, allowResolve: ['localhost'] } })));
  });

  it('ends a guest blocked in pollable.block at its timeout and closes its listener', async () => {
    const port = await freeLoopbackPort();
    const t0 = Date.now();
    const r = await thread.run(guestRun('tcp.wasm', 'server', { env: { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_LISTEN_PORT: String(port) }, socketPolicy: LOOPBACK_POOL, timeoutMs: 800 }));
    expect(r.outcome, r.message).to.equal('timeout');
    expect(Date.now() - t0).to.be.within(700, 5_000);
    expect(await tryConnect(port, '127.0.0.1')).to.equal('ECONNREFUSED');
  });

  it('works from the pool bundle (the service thread loads the back-port operations too)', async () => {
    const bundled = new GuestThread();
    try {
      expectAllOk(await bundled.run(guestRun('tcp.wasm', 'bind-twice', { socketPolicy: LOOPBACK_POOL }), true));
    } finally {
      await bundled.terminate();
    }
  });
});
