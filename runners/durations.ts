/**
 * Test durations from an earlier report, to start the longest tests first. A run is
 * latency-bound by its slowest tests (a 1 s poll_oneoff sleep among 2 ms tests): started
 * last, one of them keeps a single worker busy while the others idle. Only the order in
 * which tests start changes; results keep their stable order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from './input-error.ts';

export type Durations = Map<string, number>;

const key = (runtime: string, id: string) => `${runtime}\u0000${id}`;

/**
 * The `results[].durationMs` of a canonical report, by runtime and test. `required`: the
 * user named the file (--durations), so a missing or malformed one is bad input; else it
 * is the previous run's report in the output folder, used only if it reads cleanly.
 */
export function loadDurations(file: string, required: boolean): Durations {
  const durations: Durations = new Map();
  if (!required && !existsSync(file)) return durations;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { results?: unknown };
    if (!Array.isArray(report.results)) throw new Error('has no "results" array (not a wasmcert report)');
    for (const r of report.results as { id?: unknown; runtime?: unknown; durationMs?: unknown }[]) {
      if (typeof r.id !== 'string' || typeof r.runtime !== 'string' || typeof r.durationMs !== 'number') {
        throw new Error('has a result without a string "id", "runtime" or numeric "durationMs"');
      }
      durations.set(key(r.runtime, r.id), r.durationMs);
    }
  } catch (e) {
    if (required) throw new InputError(file, `cannot read durations: ${(e as Error).message.split('\n')[0]}`);
    return new Map();
  }
  return durations;
}

/**
 * Indices of `work` in the order to start it: tests with no recorded duration first (they
 * may be long, and are few once a run has a history), then the rest longest first; ties
 * keep their given order.
 */
export function longestFirst(work: { runtime: string; id: string }[], durations: Durations): number[] {
  const known = (i: number) => durations.get(key(work[i]!.runtime, work[i]!.id));
  return work
    .map((_, i) => i)
    .sort((a, b) => (known(b) ?? Infinity) - (known(a) ?? Infinity) || a - b);
}
