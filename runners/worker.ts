import type { RuntimeAdapter } from '../adapters/base.ts';
import { createAdapter } from '../adapters/index.ts';
import type { AdapterRef, GuestRun, RawResult } from '../adapters/types.ts';

export interface Job {
  adapter: AdapterRef;
  run: GuestRun;
}

const adapters = new Map<string, RuntimeAdapter>();

/** One guest run inside a pool worker. */
export default async function runJob(job: Job): Promise<RawResult> {
  const key = JSON.stringify(job.adapter);
  let adapter = adapters.get(key);
  if (!adapter) adapters.set(key, (adapter = createAdapter(job.adapter)));
  return adapter.execute(job.run);
}
