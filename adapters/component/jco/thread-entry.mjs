// The component thread starts here, in plain JS, the way pool workers do
// (runners/worker-entry.mjs): from the cached worker bundle, which carries
// thread-main.ts too, or through tsx when the bundle cannot be had.
import { quietExperimentalWarnings } from '../../../runners/quiet-warnings.mjs';
import { loadWorkerBundle } from '../../../runners/worker-bundle.mjs';

quietExperimentalWarnings();
let { module } = await loadWorkerBundle();
if (!module?.serveComponentThread) {
  const { register } = await import('tsx/esm/api');
  register();
  module = await import('./thread-main.ts');
}
module.serveComponentThread();
