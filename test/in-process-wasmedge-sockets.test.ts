import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { wantsWamr } from '../adapters/host/sockets/install.ts';
import { wantsWasmedge } from '../adapters/host/sockets/wasmedge.ts';
import type { GuestRun, RawResult } from '../adapters/types.ts';
import { GuestThread } from './support/guest-thread.ts';
import { expectAllOk } from './support/tap-result.ts';
import { freeLoopbackPort } from '../runners/loopback.ts';

const SUITE = path.resolve('suites/sockets/wasmedge');
const WAMR_SUITE = path.resolve('suites/sockets/wamr');
const scratch: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-we-test-'));
  scratch.push(d);
  return d;
}

function guestRun(modulePath: string, args: string[], env: Record<string, string> = {}): GuestRun {
  return {
    testId: `sockets/wasmedge/${path.basename(modulePath)}`,
    modulePath,
    argv0: path.basename(modulePath),
    args,
    env,
    preopens: [],
    workDir: tempDir(),
    stdin: '',
    timeoutMs: 20_000,
    outputLimitBytes: 1 << 20,
  };
}

/** As everywhere, and at least one assertion passed. */
function expectAllOkAndSome(r: RawResult): void {
  expectAllOk(r);
  expect(r.stdout).to.match(/^ok /m);
}

// A minimal module encoder: proc_exit is function 0, then `imports` (all i32 params, i32
// result) in wasi_snapshot_preview1; _start calls proc_exit(imports[0](...call)).
const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
const sleb = (n: number): number[] => {
  const b = n & 0x7f;
  const rest = n >> 7;
  return (rest === 0 && !(b & 0x40)) || (rest === -1 && b & 0x40) ? [b] : [b | 0x80, ...sleb(rest)];
};
const name = (s: string): number[] => [...leb(s.length), ...Buffer.from(s)];
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const I32 = 0x7f;

function importingModule(imports: { name: string; params: number }[], call?: number[]): string {
  const types = [
    [0x60, 1, I32, 0], // proc_exit
    [0x60, 0, 0], // _start
    ...imports.map((f) => [0x60, ...leb(f.params), ...new Array(f.params).fill(I32), 1, I32]),
  ];
  const p1 = name('wasi_snapshot_preview1');
  const imps = [[...p1, ...name('proc_exit'), 0, 0], ...imports.map((f, i) => [...p1, ...name(f.name), 0, ...leb(i + 2)])];
  const body = call ? [...call.flatMap((a) => [0x41, ...sleb(a)]), 0x10, 1, 0x10, 0, 0x0b] : [0x0b];
  const start = imports.length + 1;
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec(types)),
    ...section(2, vec(imps)),
    ...section(3, vec([leb(1)])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name('memory'), 2, 0], [...name('_start'), 0, ...leb(start)]])),
    ...section(10, vec([[...leb(body.length + 1), 0, ...body]])),
  ];
  const file = path.join(tempDir(), 'm.wasm');
  writeFileSync(file, Uint8Array.from(bytes));
  return file;
}

describe('in-process host: WasmEdge socket dialect', function () {
  this.timeout(60_000);
  let thread: GuestThread;
  before(() => (thread = new GuestThread()));
  after(async () => {
    await thread.terminate();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  describe('which modules get the dialect', () => {
    it('offers it to every WasmEdge guest of the suite, and WAMR’s never', () => {
      for (const m of ['v1', 'v2', 'errors', 'options', 'resolve', 'recv_shutdown']) {
        const file = path.join(SUITE, `${m}.wasm`);
        expect(wantsWasmedge(file), m).to.equal(true);
        expect(wantsWamr(file), m).to.equal(false);
      }
      for (const m of ['tcp', 'udp', 'options', 'resolve', 'policy', 'quirks']) {
        const file = path.join(WAMR_SUITE, `${m}.wasm`);
        expect(wantsWasmedge(file), `wamr ${m}`).to.equal(false);
        expect(wantsWamr(file), `wamr ${m}`).to.equal(true);
      }
    });

    it('decides by the core types of the imports', () => {
      const we = (imports: { name: string; params: number }[]) => wantsWasmedge(importingModule(imports));
      expect(we([{ name: 'sock_open', params: 3 }])).to.equal(true);
      expect(we([{ name: 'sock_open', params: 4 }]), "WAMR's sock_open").to.equal(false);
      expect(we([{ name: 'sock_accept', params: 2 }, { name: 'sock_listen', params: 2 }]), 'V1 sock_accept').to.equal(true);
      expect(we([{ name: 'sock_getlocaladdr', params: 3 }]), 'plain name with the V2 type').to.equal(true);
      expect(we([{ name: 'sock_getlocaladdr', params: 5 }]), 'neither V1 nor V2 type').to.equal(false);
      expect(we([{ name: 'sock_accept', params: 3 }, { name: 'sock_recv', params: 6 }]), 'standard calls only').to.equal(false);
      expect(we([{ name: 'sock_getaddrinfo', params: 8 }, { name: 'sock_addr_resolve', params: 6 }]), 'with a WAMR-only call').to.equal(false);
      expect(we([{ name: 'sock_getaddrinfo', params: 7 }]), 'sock_getaddrinfo of the wrong type').to.equal(false);
    });

    it('reads the same family number each dialect’s way at run time', async () => {
      // af 0 is UNSPEC to WasmEdge (refused) and INET4 to WAMR (a socket)
      const weOpen = importingModule([{ name: 'sock_open', params: 3 }], [0, 2, 64]);
      const r1 = await thread.run(guestRun(weOpen, []));
      expect(r1.outcome, r1.message).to.equal('exit');
      expect(r1.exitCode, 'WasmEdge sock_open(UNSPEC, stream)').to.equal(5); // afnosupport
      const weOk = importingModule([{ name: 'sock_open', params: 3 }], [1, 2, 64]);
      expect((await thread.run(guestRun(weOk, []))).exitCode, 'WasmEdge sock_open(inet4, stream)').to.equal(0);
      const wamrOpen = importingModule([{ name: 'sock_open', params: 4 }], [-1, 0, 1, 64]);
      const r2 = await thread.run(guestRun(wamrOpen, []));
      expect(r2.exitCode, 'WAMR sock_open(-1, inet4, stream)').to.equal(0);
    });

    it('gives a module mixing both dialects neither: it fails to link', async () => {
      const mixed = importingModule([{ name: 'sock_open', params: 3 }, { name: 'sock_addr_resolve', params: 6 }]);
      const r = await thread.run(guestRun(mixed, []));
      expect(r.outcome, r.message).to.equal('load-error');
      const wamrWithGetaddrinfo = importingModule([{ name: 'sock_open', params: 4 }, { name: 'sock_getaddrinfo', params: 8 }]);
      const r2 = await thread.run(guestRun(wamrWithGetaddrinfo, []));
      expect(r2.outcome, r2.message).to.equal('load-error');
      expect(r2.message).to.include('sock_getaddrinfo');
    });
  });

  it('V1: connects with a raw 4-byte address and a separate port, against a real peer', async () => {
    const server = net.createServer({ allowHalfOpen: true });
    let got = '';
    const ended = new Promise<void>((resolve) => {
      server.once('connection', (s) => {
        s.on('data', (b) => {
          got += b.toString();
          if (got === 'ping') s.write('pong');
        });
        s.on('end', () => {
          resolve();
          s.end();
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await thread.run(guestRun(path.join(SUITE, 'v1.wasm'), ['connect'], { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_PEER_PORT: String(port) }));
      expectAllOkAndSome(r);
      await ended;
      expect(got).to.equal('ping');
    } finally {
      server.close();
    }
  });

  it('V2: a plain sock_accept of the standard type falls back to sock_accept_v2 (nonblock honoured), and the listener is closed after the run', async () => {
    const port = await freeLoopbackPort();
    const running = thread.run(guestRun(path.join(SUITE, 'v2.wasm'), ['accept-standard'], { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_LISTEN_PORT: String(port) }));
    let connected = false;
    for (let i = 0; i < 400 && !connected; i++) {
      connected = await new Promise<boolean>((resolve) => {
        const c = net.connect({ port, host: '127.0.0.1' });
        c.on('connect', () => c.end('std', () => resolve(true)));
        c.on('error', () => resolve(false));
      });
      if (!connected) await new Promise((r) => setTimeout(r, 20));
    }
    expect(connected).to.equal(true);
    expectAllOkAndSome(await running);
    const after = await new Promise<string>((resolve) => {
      const c = net.connect({ port, host: '127.0.0.1' });
      c.on('connect', () => (c.destroy(), resolve('connected')));
      c.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(after).to.equal('ECONNREFUSED');
  });

  for (const [module, group, what] of [
    ['v2.wasm', 'udp-port', 'V2 UDP: sock_recv_from_v2 writes the source port in host byte order'],
    ['v1.wasm', 'udp', 'V1 UDP: sock_send_to and the 7-parameter sock_recv_from against a real peer'],
    ['resolve.wasm', 'localhost', 'sock_getaddrinfo fills the guest-built chain'],
    ['resolve.wasm', 'canonname-bound', 'sock_getaddrinfo never writes past the canonname buffer'],
    ['resolve.wasm', 'errors', "sock_getaddrinfo's extended errno"],
    ['options.wasm', 'timeouts', 'SO_RCVTIMEO as a timeval bounds sock_recv'],
    ['options.wasm', 'read-only', 'SO_TYPE in the extension’s numbering, SO_ACCEPTCONN after listen'],
    ['errors.wasm', 'bad-pointer', 'bad pointers give fault, never a trap'],
    ['errors.wasm', 'buf-len', 'V1 buf_len other than 4 or 16 is inval'],
  ] as const) {
    it(`${what} (${module} ${group})`, async () => {
      let env: Record<string, string> = {};
      let peer: import('node:dgram').Socket | null = null;
      if (group === 'udp') {
        const dgram = await import('node:dgram');
        const udp = dgram.createSocket('udp4');
        peer = udp;
        udp.on('message', (msg, from) => {
          if (msg.toString() === 'ping') udp.send('pong', from.port, from.address);
        });
        await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
        env = { WASMCERT_PEER_HOST: '127.0.0.1', WASMCERT_PEER_PORT: String(udp.address().port) };
      }
      try {
        expectAllOkAndSome(await thread.run(guestRun(path.join(SUITE, module), [group], env)));
      } finally {
        peer?.close();
      }
    });
  }
});
