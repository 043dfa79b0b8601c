import { createHash } from 'node:crypto';
import { GUEST_MEMORY_LIMIT, type RuntimeInfo } from '../adapters/types.ts';
import type { Certification, TestResult } from '../report/types.ts';
import type { TestCase } from '../runners/test-case.ts';
import type { Profile } from './profiles.ts';

/**
 * The tests a profile requires to pass: those its list selects (by suite, id or tag)
 * whose capabilities the profile itself claims. A test needing more (a socket extension
 * in a P1 profile) is not applicable, never a failure.
 */
export function mustPassTests(profile: Profile, tests: TestCase[]): TestCase[] {
  const { suites, tests: ids, tags } = profile.mustPass;
  return tests.filter(
    (t) => (suites.includes(t.suite) || ids.includes(t.id) || t.tags.some((g) => tags.includes(g))) && t.requires.every((c) => profile.capabilities.includes(c)),
  );
}

export function listSha256(ids: string[]): string {
  return createHash('sha256')
    .update([...ids].sort().map((id) => `${id}\n`).join(''))
    .digest('hex');
}

function mib(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

const STATUS_SENTENCE: Record<TestResult['status'], string> = {
  pass: 'passed',
  fail: 'failed',
  error: 'could not be judged (harness or runtime error)',
  skip: 'was skipped',
  xfail: 'failed (an expectation file predicted it; certification accepts no expected failures)',
  xpass: 'passed against its expectation file',
};

/** Certified or not, for one runtime, with one plain sentence per rule it breaks. */
export function evaluate(
  profile: Profile,
  runtime: RuntimeInfo,
  results: TestResult[],
  mustPass: string[],
  mode: Certification['mode'],
  finishedAt: Date,
): Certification {
  const reasons: string[] = [];
  for (const c of profile.capabilities) {
    if (!runtime.capabilities.includes(c)) reasons.push(`the runtime lacks capability ${c}, which the profile requires`);
  }
  const byId = new Map(results.map((r) => [r.id, r]));
  let passed = 0;
  for (const id of mustPass) {
    const r = byId.get(id);
    if (!r) reasons.push(`must-pass test ${id} was not run`);
    else if (r.status === 'pass') passed++;
    else reasons.push(`must-pass test ${id} ${STATUS_SENTENCE[r.status]}${r.message ? `: ${r.message.split('\n')[0]}` : ''}`);
  }

  const rss = results.filter((r) => r.peakRssBytes !== undefined).sort((a, b) => b.peakRssBytes! - a.peakRssBytes!)[0];
  const guest = results.filter((r) => r.guestMemoryBytes !== undefined).sort((a, b) => b.guestMemoryBytes! - a.guestMemoryBytes!)[0];
  const { limits } = profile;
  if (limits.peakRssBytes !== undefined) {
    if (!rss) reasons.push(`peak resident memory is not measured for ${runtime.name}, so the ${profile.tier} limit of ${mib(limits.peakRssBytes)} cannot be verified`);
    else if (rss.peakRssBytes! > limits.peakRssBytes) reasons.push(`peak resident memory ${mib(rss.peakRssBytes!)} (in ${rss.id}) exceeds the ${profile.tier} limit of ${mib(limits.peakRssBytes)}`);
  }
  if (limits.binarySizeBytes !== undefined && runtime.sizeBytes > limits.binarySizeBytes) {
    reasons.push(`the runtime binary is ${mib(runtime.sizeBytes)}, over the ${profile.tier} limit of ${mib(limits.binarySizeBytes)}`);
  }
  // the run gives the runtime the tier's ceiling only where a probe proved it enforced
  if (limits.guestMemoryLimitBytes !== undefined && !runtime.capabilities.includes(GUEST_MEMORY_LIMIT)) {
    reasons.push(`the guest memory limit of ${mib(limits.guestMemoryLimitBytes)} cannot be enforced on ${runtime.name} (no capability ${GUEST_MEMORY_LIMIT})`);
  }
  if (limits.guestMemoryLimitBytes !== undefined && guest && guest.guestMemoryBytes! > limits.guestMemoryLimitBytes) {
    reasons.push(`a guest's linear memory reached ${mib(guest.guestMemoryBytes!)} (in ${guest.id}), over the profile's ${mib(limits.guestMemoryLimitBytes)}`);
  }
  for (const [metric, threshold] of Object.entries(profile.determinism)) {
    // null: the determinism suite has not set this threshold yet, so there is nothing to check
    if (threshold !== null) reasons.push(`determinism threshold ${metric} = ${threshold} cannot be verified: the determinism suite is not part of this run`);
  }
  const validUntil = new Date(finishedAt.getTime() + profile.validityDays * 86_400_000).toISOString().slice(0, 10);
  return {
    runtime: runtime.name,
    profile: { id: profile.id, version: profile.version, sha256: profile.sha256, tier: profile.tier, rtClass: profile.rtClass, mustPassSha256: listSha256(mustPass) },
    mode,
    verdict: reasons.length ? 'not-certified' : 'certified',
    reasons,
    measured: {
      peakRssBytes: rss?.peakRssBytes ?? null,
      binarySizeBytes: runtime.sizeBytes,
      guestMemoryBytes: guest?.guestMemoryBytes ?? null,
      mustPass: mustPass.length,
      mustPassPassed: passed,
    },
    validUntil,
  };
}
