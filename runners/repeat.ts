/**
 * Execution determinism (docs/determinism.md): a test with `repeat: N` runs N times, each
 * in a fresh sandbox, and every run must end the same way with the same output.
 */
import { createHash } from 'node:crypto';
import type { RawResult } from '../adapters/types.ts';
import type { Assertion } from './tap.ts';

/** What must not differ between runs: how the run ended and every byte it wrote. */
export function runDigest(raw: RawResult): string {
  const hash = createHash('sha256');
  for (const part of [raw.outcome, String(raw.exitCode), raw.stdout, raw.stderr]) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return hash.digest('hex');
}

/** One assertion per run after the first: it matches the first run. */
export function repeatSteps(digests: string[]): Assertion[] {
  return digests.slice(1).map((d, i) => {
    const name = `run ${i + 2} of ${digests.length} ended the same way with the same output as run 1`;
    return d === digests[0] ? { id: i + 1, name, ok: true } : { id: i + 1, name, ok: false, diag: { run1: digests[0]!.slice(0, 16), got: d.slice(0, 16) } };
  });
}
