// Pool workers start here, in plain JS: they load the worker from one cached esbuild
// bundle (runners/worker-bundle.mjs), or through tsx when the bundle cannot be had.
import { quietExperimentalWarnings } from './quiet-warnings.mjs';
import { loadWorkerBundle } from './worker-bundle.mjs';

quietExperimentalWarnings();
let { module: worker, reason } = await loadWorkerBundle();
if (!worker) {
  if (!/WASMCERT_WORKER_BUNDLE=0/.test(reason)) process.stderr.write(`wasmcert: no worker bundle (${reason}); loading the worker through tsx\n`);
  const { register } = await import('tsx/esm/api');
  register();
  worker = await import('./worker.ts');
}
export default worker.default;
