import type { RuntimeAdapter } from '../adapters/base.ts';
import { createAdapter } from '../adapters/index.ts';
import type { AdapterRef, GuestRun, RawResult } from '../adapters/types.ts';
import { disposeSandboxSync, fillSandbox, type Sandbox } from './sandbox.ts';

export interface Job {
  adapter: AdapterRef;
  run: GuestRun;
  /**
   * When the harness made run.workDir as a sandbox: the fixture trees to copy into it
   * first; the worker then removes the sandbox after the run. Absent: the worker leaves
   * run.workDir alone (a bench or test job in a folder it does not own).
   */
  copies?: Sandbox['copies'];
}

const adapters = new Map<string, RuntimeAdapter>();

/** One guest run inside a pool worker. */
export default async function runJob(job: Job): Promise<RawResult> {
  const key = JSON.stringify(job.adapter);
  let adapter = adapters.get(key);
  if (!adapter) adapters.set(key, (adapter = createAdapter(job.adapter)));
  if (!job.copies) return adapter.execute(job.run);
  try {
    fillSandbox(job.copies);
    return await adapter.execute(job.run);
  } finally {
    disposeSandboxSync(job.run.workDir);
  }
}
export { serveComponentThread } from '../adapters/component/jco/thread-main.ts';
