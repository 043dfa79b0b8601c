import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RuntimeAdapter } from './base.ts';
import { freeLoopbackAddress } from '../runners/loopback.ts';
import { PACKAGE_ROOT } from './paths.ts';
import { GUEST_MEMORY_LIMIT, WASM_PAGE_BYTES } from './types.ts';

interface Probe {
  capability: string;
  module: string;
  stdout?: string;
  tcpListen?: boolean;
  /** Run with this guest memory limit: the probe proves the runtime enforces it. */
  guestMemoryLimitBytes?: number;
  /** Run on this simulated board (docs/hal.md), a file in adapters/probes. */
  halBoard?: string;
  /** Run the module as the component jco's P1 command adapter makes of it. */
  asComponent?: boolean;
  /** Call this export of the component (a WAVE call expression) instead of running it. */
  invoke?: string;
}

/** Each capability a test can require is proven by running a probe module, never declared. */
export const PROBES: Probe[] = [
  { capability: 'p1', module: 'p1.wasm', stdout: 'ok\n' },
  { capability: 'component', module: 'p1.wasm', stdout: 'ok\n', asComponent: true },
  { capability: 'component.invoke', module: 'component-invoke.wasm', stdout: '"ok"\n', asComponent: true, invoke: 'ping()' },
  { capability: 'multi-memory', module: 'multi-memory.wasm' },
  { capability: 'sockets.wamr', module: 'sockets-wamr.wasm' },
  { capability: 'sockets.wasmedge', module: 'sockets-wasmedge.wasm' },
  { capability: 'sockets.wasmedge-v2', module: 'sockets-wasmedge-v2.wasm' },
  { capability: 'sockets.backport', module: 'sockets-backport.wasm' },
  { capability: 'sockets.preopen', module: 'sockets-preopen.wasm', tcpListen: true },
  { capability: 'hal.i2c', module: 'hal-i2c.wasm', halBoard: 'hal-board.json' },
  { capability: 'hal.spi', module: 'hal-spi.wasm', halBoard: 'hal-board.json' },
  { capability: 'hal.gpio', module: 'hal-gpio.wasm', halBoard: 'hal-board.json' },
  { capability: 'hal.delay', module: 'hal-delay.wasm', halBoard: 'hal-board.json' },
  { capability: GUEST_MEMORY_LIMIT, module: 'guest-memory-limit.wasm', guestMemoryLimitBytes: 2 * WASM_PAGE_BYTES },
  { capability: 'core.multi-memory', module: 'core-multi-memory.wasm' },
  { capability: 'core.readonly-memory', module: 'core-readonly-memory.wasm' },
  { capability: 'core.dynamic-loading', module: 'core-dylink.wasm' },
];

export interface ProbeResult {
  capability: string;
  ok: boolean;
  detail: string;
}

export async function runProbes(adapter: RuntimeAdapter): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of PROBES) {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'wasmcert-probe-'));
    try {
      const raw = await adapter.execute({
        testId: `probe/${probe.capability}`,
        modulePath: path.join(PACKAGE_ROOT, 'adapters/probes', probe.module),
        argv0: probe.module,
        args: [],
        env: {},
        preopens: [],
        workDir,
        stdin: '',
        ...(probe.tcpListen ? { tcpListen: await freeLoopbackAddress() } : {}),
        timeoutMs: 10_000,
        outputLimitBytes: 65_536,
        ...(probe.guestMemoryLimitBytes !== undefined ? { guestMemoryLimitBytes: probe.guestMemoryLimitBytes } : {}),
        ...(probe.halBoard ? { hal: { board: path.join(PACKAGE_ROOT, 'adapters/probes', probe.halBoard) } } : {}),
        ...(probe.asComponent ? { asComponent: true } : {}),
        ...(probe.invoke ? { invoke: probe.invoke } : {}),
      });
      // a harness failure says nothing about the runtime: it must not read as a missing capability
      if (raw.outcome === 'error') throw new Error(`probe for ${probe.capability} could not run on ${adapter.label}: ${raw.message ?? 'harness error'}`);
      const ok = raw.outcome === 'exit' && raw.exitCode === 0 && (probe.stdout === undefined || raw.stdout === probe.stdout);
      results.push({ capability: probe.capability, ok, detail: ok ? 'probe passed' : `${raw.outcome}${raw.exitCode !== null ? ` ${raw.exitCode}` : ''}${raw.message ? `: ${raw.message}` : ''}` });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
  return results;
}
