/**
 * A guest on its own thread, as in a pool worker (the guest thread blocks while the guest
 * runs), so that a test can be its peer on the main thread. `bundle` runs it through the
 * pool's esbuild bundle, as `wasmcert run` does.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GuestRun, RawResult } from '../../adapters/types.ts';

const RUN_NODE_WASI = pathToFileURL(path.resolve('adapters/host/run-node-wasi.ts')).href;
const BUNDLE_LOADER = pathToFileURL(path.resolve('runners/worker-bundle.mjs')).href;
const TSX_API = pathToFileURL(path.resolve('node_modules/tsx/dist/esm/api/index.mjs')).href;

export class GuestThread {
  private readonly worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', async ({ run, bundle }) => {
       try {
         let result;
         if (bundle) {
           const { loadWorkerBundle } = await import(${JSON.stringify(BUNDLE_LOADER)});
           const { module, reason } = await loadWorkerBundle();
           if (!module) throw new Error('no bundle: ' + reason);
           result = await module.default({ adapter: { name: 'in-process', options: {} }, run });
         } else {
           (await import(${JSON.stringify(TSX_API)})).register();
           const { runOnNodeWasi } = await import(${JSON.stringify(RUN_NODE_WASI)});
           result = await runOnNodeWasi(run);
         }
         parentPort.postMessage({ result });
       } catch (e) {
         parentPort.postMessage({ error: String(e && e.stack || e) });
       }
     });`,
    { eval: true },
  );

  run(run: GuestRun, bundle = false): Promise<RawResult> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: { result?: RawResult; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.result!)));
      this.worker.postMessage({ run, bundle });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}
