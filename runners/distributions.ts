/**
 * Timing distributions a guest reports on stdout (suites/determinism, docs/determinism.md),
 * one line each:
 *   # dist name=overshoot n=50 min=51234 median=60211 p90=… p99=… p999=… max=…
 * and, after it, its histogram on powers of two (bucket k holds [2^(k-1), 2^k) ns):
 *   # hist name=overshoot log2=15 counts=3,40,6,1
 * The guest measures with its own monotonic clock, so the figures are the runtime's, not
 * the harness's. They go into the canonical report as they are; a malformed line is
 * reported by name, not dropped silently.
 */
export interface Distribution {
  n: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** p99 − median: how far the slow tail sits from the typical call. */
  jitter: number;
  /** Samples per power-of-two bucket, from bucket `fromBit` on: counts[i] is in [2^(fromBit+i-1), 2^(fromBit+i)). */
  histogram?: { fromBit: number; counts: number[] };
}

const FIELDS = ['n', 'min', 'median', 'p90', 'p99', 'p999', 'max'] as const;
const LINE = /^# dist (.*)$/;
const HIST = /^# hist name=(\S+) log2=(\d+) counts=(\d+(?:,\d+)*)$/;

export function parseDistributions(stdout: string): { distributions: Record<string, Distribution>; problems: string[] } {
  const distributions: Record<string, Distribution> = {};
  const problems: string[] = [];
  const histograms: [string, { fromBit: number; counts: number[] }][] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# hist ')) {
      const h = HIST.exec(line.trimEnd());
      if (h && Number(h[2]) <= 64) histograms.push([h[1]!, { fromBit: Number(h[2]), counts: h[3]!.split(',').map(Number) }]);
      else problems.push(`malformed histogram line: ${line.slice(0, 120)}`);
      continue;
    }
    const m = LINE.exec(line.trimEnd());
    if (!m) continue;
    const kv = new Map(m[1]!.trim().split(/\s+/).map((p) => p.split('=', 2) as [string, string]));
    const name = kv.get('name');
    const values = FIELDS.map((f) => Number(kv.get(f)));
    if (!name || !/^[a-z0-9][a-z0-9._-]*$/.test(name) || values.some((v) => !Number.isSafeInteger(v) || v < 0)) {
      problems.push(`malformed distribution line: ${line.slice(0, 120)}`);
      continue;
    }
    const [n, min, median, p90, p99, p999, max] = values as [number, number, number, number, number, number, number];
    if (!(min <= median && median <= p90 && p90 <= p99 && p99 <= p999 && p999 <= max)) {
      problems.push(`distribution ${name}: quantiles out of order (min ${min}, median ${median}, p90 ${p90}, p99 ${p99}, p99.9 ${p999}, max ${max})`);
      continue;
    }
    if (name in distributions) problems.push(`distribution ${name} reported twice; the last one is kept`);
    distributions[name] = { n, min, median, p90, p99, p999, max, jitter: p99 - median };
  }
  for (const [name, histogram] of histograms) {
    const d = distributions[name];
    const total = histogram.counts.reduce((a, b) => a + b, 0);
    if (!d) problems.push(`histogram ${name} has no distribution line`);
    else if (total !== d.n) problems.push(`histogram ${name} holds ${total} samples, its distribution ${d.n}`);
    else d.histogram = histogram;
  }
  return { distributions, problems };
}

/** A distribution of samples (ns) by the guests' own rule: quantile q is the sample at ⌊q·(n−1)⌋ when sorted. */
export function summarize(samples: number[]): Distribution {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.floor(p * (s.length - 1))] ?? 0;
  return { n: s.length, min: s[0] ?? 0, median: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: s[s.length - 1] ?? 0, jitter: q(0.99) - q(0.5) };
}
