import { expect } from 'chai';
import dgram from 'node:dgram';
import net from 'node:net';
import { WamrAdapter } from '../adapters/wamr.ts';
import { startPeer } from '../runners/peer.ts';
import type { PeerSpec, PeerStep } from '../runners/test-case.ts';

const spec = (steps: PeerStep[], more: Partial<PeerSpec> = {}): PeerSpec => ({ transport: 'tcp', family: 'ipv4', role: 'server', steps, ...more });
const soon = () => Date.now() + 3_000;

/** A plain client standing in for the guest. */
function connect(host: string, port: number): Promise<{ sock: net.Socket; received: () => string; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port, allowHalfOpen: true });
    let data = '';
    sock.on('data', (c) => (data += c.toString()));
    const ended = new Promise<void>((r) => sock.on('end', () => r()));
    sock.once('connect', () => resolve({ sock, received: () => data, ended }));
    sock.once('error', reject);
  });
}

function refused(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('the peer of a socket test', function () {
  this.timeout(10_000);

  it('serves a scripted exchange on 127.0.0.1, tells the guest where, and releases its port', async () => {
    const peer = await startPeer(spec([{ expect: 'ping' }, { send: 'pong' }, { expect_eof: true }]), soon());
    expect(peer.env.WASMCERT_PEER_HOST).to.equal('127.0.0.1');
    const port = Number(peer.env.WASMCERT_PEER_PORT);
    const guest = await connect('127.0.0.1', port);
    guest.sock.write('pi');
    guest.sock.write('ng');
    await new Promise((r) => setTimeout(r, 100));
    guest.sock.end();
    const steps = await peer.finish(1_000);
    expect(guest.received()).to.equal('pong');
    expect(steps.map((s) => [s.name, s.ok])).to.deep.equal([
      ['peer: expect "ping"', true],
      ['peer: send "pong"', true],
      ['peer: expect eof', true],
    ]);
    expect(await refused('127.0.0.1', port)).to.equal('ECONNREFUSED');
  });

  it('fails a step with what came instead, and marks the rest not reached', async () => {
    const peer = await startPeer(spec([{ expect_hex: '0102' }, { send: 'x' }]), soon());
    const guest = await connect('127.0.0.1', Number(peer.env.WASMCERT_PEER_PORT));
    guest.sock.write(Buffer.from([1, 3]));
    const steps = await peer.finish(500);
    guest.sock.destroy();
    expect(steps[0]).to.deep.include({ ok: false, diag: { problem: 'got 0x0103' } });
    expect(steps[1]).to.deep.include({ ok: false, diag: { problem: 'not reached' } });
  });

  it('says so when the guest closes before sending what was expected', async () => {
    const peer = await startPeer(spec([{ expect: 'hello' }]), soon());
    const guest = await connect('127.0.0.1', Number(peer.env.WASMCERT_PEER_PORT));
    guest.sock.end('he');
    const [step] = await peer.finish(1_000);
    expect(step).to.deep.include({ ok: false, diag: { problem: 'got "he", then EOF' } });
  });

  it('fails every step when the guest never connects', async () => {
    const peer = await startPeer(spec([{ expect: 'a' }, { send: 'b' }]), Date.now() + 200);
    const steps = await peer.finish(1_000);
    expect(steps.map((s) => (s.diag as { problem: string }).problem)).to.deep.equal(['no connection before the timeout', 'not reached']);
  });

  it('half-closes, and goes on reading the guest', async () => {
    const peer = await startPeer(spec([{ send: 'bye' }, { shutdown: 'write' }, { expect: 'ack' }, { close: true }]), soon());
    const guest = await connect('127.0.0.1', Number(peer.env.WASMCERT_PEER_PORT));
    await guest.ended; // FIN from the peer, while our side stays open
    expect(guest.received()).to.equal('bye');
    guest.sock.write('ack');
    expect((await peer.finish(1_000)).map((s) => s.ok)).to.deep.equal([true, true, true, true]);
    guest.sock.destroy();
  });

  it('resets the connection on request', async () => {
    const peer = await startPeer(spec([{ expect: 'x' }, { reset: true }]), soon());
    const guest = await connect('127.0.0.1', Number(peer.env.WASMCERT_PEER_PORT));
    const reset = new Promise<string>((r) => guest.sock.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? '')));
    guest.sock.write('x');
    expect(await reset).to.equal('ECONNRESET');
    expect((await peer.finish(1_000)).every((s) => s.ok)).to.equal(true);
  });

  it('listens on ::1 for an ipv6 test', async () => {
    const peer = await startPeer(spec([{ send: 'six' }], { family: 'ipv6' }), soon());
    expect(peer.env.WASMCERT_PEER_HOST).to.equal('::1');
    const guest = await connect('::1', Number(peer.env.WASMCERT_PEER_PORT));
    const steps = await peer.finish(1_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(guest.received()).to.equal('six');
    expect(steps[0]!.ok).to.equal(true);
    guest.sock.destroy();
  });

  it('connects to a guest that listens on WASMCERT_LISTEN_PORT, retrying until it does', async () => {
    const peer = await startPeer(spec([{ send: 'hi' }, { expect: 'there' }], { role: 'client' }), soon());
    const port = Number(peer.env.WASMCERT_LISTEN_PORT);
    expect(peer.env).to.not.have.property('WASMCERT_PEER_PORT');
    peer.begin();
    await new Promise((r) => setTimeout(r, 150)); // the "runtime" is slow to start
    const server = net.createServer((s) => s.on('data', () => s.write('there')));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    const steps = await peer.finish(2_000);
    server.close();
    expect(steps.map((s) => s.ok)).to.deep.equal([true, true]);
  });

  it('connects to a pre-opened listener at the address the runtime was given', async () => {
    const server = net.createServer((s) => s.end('from runtime'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    const peer = await startPeer(spec([{ expect: 'from runtime' }, { expect_eof: true }], { role: 'client' }), soon(), `127.0.0.1:${port}`);
    expect(peer.env).to.deep.equal({ WASMCERT_PEER_HOST: '127.0.0.1' });
    peer.begin();
    const steps = await peer.finish(2_000);
    server.close();
    expect(steps.every((s) => s.ok), JSON.stringify(steps)).to.equal(true);
  });

  it('answers UDP datagrams to their sender and closes its socket', async () => {
    const peer = await startPeer(spec([{ expect: 'q' }, { send: 'a' }], { transport: 'udp' }), soon());
    const port = Number(peer.env.WASMCERT_PEER_PORT);
    const guest = dgram.createSocket('udp4');
    const reply = new Promise<string>((r) => guest.on('message', (m) => r(m.toString())));
    guest.send('q', port, '127.0.0.1');
    expect(await reply).to.equal('a');
    expect((await peer.finish(1_000)).every((s) => s.ok)).to.equal(true);
    guest.close();
    // the port is free again: binding it succeeds
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
    again.close();
  });
});

describe('socket policy on the WAMR command line', () => {
  const run = { testId: 't/t', modulePath: '/m/t.wasm', argv0: 't.wasm', args: [], env: {}, preopens: [], workDir: '/w', stdin: '', timeoutMs: 1_000, outputLimitBytes: 1_024 };

  it('gives the pool as one --addr-pool and each name as its own --allow-resolve', () => {
    const argv = new WamrAdapter().guestFlags({ ...run, socketPolicy: { addrPool: ['127.0.0.1/32', '::1/128'], allowResolve: ['localhost', '*.test'] } });
    expect(argv.filter((a) => /^--(addr-pool|allow-resolve)=/.test(a))).to.deep.equal(['--addr-pool=127.0.0.1/32,::1/128', '--allow-resolve=localhost', '--allow-resolve=*.test']);
  });

  it('gives neither without a policy, so WAMR denies every address and name', () => {
    expect(new WamrAdapter().guestFlags(run).some((a) => /^--(addr-pool|allow-resolve)/.test(a))).to.equal(false);
  });
});
