/**
 * The component thread's side (component-thread.ts): one request at a time, each a
 * GuestRun and the name of an instrument; the reply is the run's RawResult and what the
 * instrument measured. Instruments are named, not passed, because functions cannot
 * cross a thread boundary.
 */
import { inspect } from 'node:util';
import { parentPort } from 'node:worker_threads';
import type { GuestRun, RawResult } from '../../types.ts';
import { instrumentFor, type InstrumentName } from './instruments.ts';
import { runComponentInProcess } from './run-component.ts';

export type { InstrumentName };

export interface ComponentRequest {
  id: number;
  run: GuestRun;
  instrument?: InstrumentName;
}

export type ComponentReply = { id: number; result: RawResult } | { id: number; crashed: string };

export function serveComponentThread(): void {
  if (!parentPort) throw new Error('serveComponentThread must run in a worker thread');
  const port = parentPort;
  // preview2-shim says why with console.trace just before its process.exit(1): the parent
  // gets those words, as a message (delivered even though the thread then ends)
  console.trace = (...args: unknown[]) => port.postMessage({ traced: args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 3, breakLength: Infinity }))).join(' ') });
  port.on('message', async (request: ComponentRequest) => {
    let reply: ComponentReply;
    try {
      const measuring = instrumentFor(request.instrument);
      let result: RawResult | undefined;
      try {
        result = await runComponentInProcess(request.run, measuring?.hook);
      } finally {
        const counts = measuring?.measured(); // also restores what the instrument patched
        if (counts && result) result.hostCounts = counts;
      }
      reply = { id: request.id, result };
    } catch (e) {
      reply = { id: request.id, crashed: `the component host failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
    }
    port.postMessage(reply);
  });
}
