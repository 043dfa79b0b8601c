import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compareReports, duplicateResult, type Growth, type ReportDiff, type StatusChange } from '../../report/compare.ts';
import type { Report } from '../../report/types.ts';
import { checkReport } from '../../report/write.ts';
import { InputError } from '../../runners/input-error.ts';
import { parseJson } from '../../runners/validate.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert compare BASELINE.json CURRENT.json [options]

Compares two canonical reports, matching results by (runtime, test id), and exits 1
on any regression: the CI gate between a previous run and this one.

Regressions (exit 1):
  new failures        was pass, xfail or skip; now fail, error or xpass
  removed tests       in the baseline, absent now (for a runtime present in both)
  missing runtimes    in the baseline, absent now
  footprint           a result's peak RSS, a runtime's highest peak RSS over the run, or
                      its binary size grew by more than --memory-threshold
  duration            a result, or a runtime's summed durations (and the sum over all
                      runtimes), slower by more than --time-threshold and by more than --min-ms
Listed, not gated: fixed tests (fail/error → pass), added tests and runtimes, other status
changes, changed runtime builds, suites whose sha256 differs (not the same suites), and a
different host or --jobs (durations may not be comparable).

Options:
  --time-threshold F     allowed slowdown, a fraction or a percentage (default 0.25)
  --memory-threshold F   allowed growth of peak RSS and binary size (default 0.10)
  --min-ms MS            a slowdown must also exceed this many milliseconds (default 5)
  --json                 print the diff as JSON instead of text
  -h, --help             show this text

Exit codes: 0 no regression, 1 regressions, 2 bad usage or bad input.`;

export interface LoadedReport {
  report: Report;
  /** sha256 of the file's bytes: the identity derived outputs are stamped with. */
  sha256: string;
}

/** Reads and validates a canonical report; any problem is a one-line InputError naming the file. */
export async function readReportFile(file: string): Promise<LoadedReport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(file, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a folder, not a report file' : `cannot read: ${err.message}`);
  }
  const report = checkReport(parseJson(bytes.toString('utf8'), file), file);
  return { report, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A fraction (0.25) or a percentage (25%), finite and not negative. */
function parseFraction(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const pct = text.trim().endsWith('%');
  const n = Number(pct ? text.trim().slice(0, -1) : text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(flag, `needs a number ≥ 0 such as 0.25 or 25%, got "${text}"`);
  return pct ? n / 100 : n;
}

function parseMs(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(flag, `needs a number of milliseconds ≥ 0, got "${text}"`);
  return n;
}

function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const pct = (f: number): string => `${(f * 100).toFixed(f !== 0 && Math.abs(f) < 0.001 ? 3 : 1).replace(/^(?!-)/, '+')}%`;

function change(g: Growth): string {
  return g.change === null ? '(was 0)' : `(${pct(g.change)})`;
}

function firstLine(text: string | undefined): string {
  if (!text) return '';
  const line = text.split('\n')[0]!;
  return `: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
}

const at = (x: { runtime: string; id: string }): string => `${x.id} [${x.runtime}]`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function section(out: string[], title: string, lines: string[], counted = true): void {
  if (lines.length === 0) return;
  out.push('', `${title}${counted ? ` (${lines.length})` : ''}:`, ...lines.map((l) => `  ${l}`));
}

/** The diff as text: regressions first, one line per item with before → after. */
export function renderDiff(diff: ReportDiff, baseline: string, current: string): string {
  const o = diff.options;
  const out = [`Comparing ${current} against the baseline ${baseline} (thresholds: time ${pct(o.timeThreshold)} and more than ${o.minMs} ms, memory ${pct(o.memoryThreshold)})`];
  for (const s of diff.suites.changed) {
    const version = s.version.before === s.version.after ? s.version.after : `${s.version.before} → ${s.version.after}`;
    out.push(
      '',
      `NOT THE SAME SUITE: "${s.name}" (${version}) has sha256 ${s.sha256.before.slice(0, 12)}… → ${s.sha256.after.slice(0, 12)}…, ${s.tests.before} → ${s.tests.after} tests; results are matched by test id, but a changed test may not measure what it did`,
    );
  }
  if (diff.environment.length) {
    out.push('', `Measured on a different host or job count (${diff.environment.map((e) => `${e.field} ${e.before} → ${e.after}`).join(', ')}): durations may not be comparable`);
  }
  const status = (c: StatusChange, withMessage: boolean): string => `${at(c)}: ${c.before} → ${c.after}${withMessage ? firstLine(c.message) : ''}`;

  section(out, 'New failures', diff.newFailures.map((c) => status(c, true)));
  section(out, 'Removed tests', diff.tests.removed.map((t) => `${at(t)}: ${t.status} → (absent)`));
  section(out, 'Missing runtimes', diff.runtimes.missing.map((r) => `${r}: in the baseline → absent from the current report`));
  section(out, 'Footprint regressions', [
    ...diff.footprint.results.map((g) => `${at(g)}: peak RSS ${bytes(g.before)} → ${bytes(g.after)} ${change(g)}`),
    ...diff.footprint.peakRss.filter((g) => g.regression).map((g) => `${g.runtime}: highest peak RSS ${bytes(g.before)} → ${bytes(g.after)} ${change(g)}`),
    ...diff.footprint.binarySize.filter((g) => g.regression).map((g) => `${g.runtime}: binary size ${bytes(g.before)} → ${bytes(g.after)} ${change(g)}`),
  ]);
  const total = diff.duration.total;
  section(out, 'Duration regressions', [
    ...diff.duration.results.map((g) => `${at(g)}: ${ms(g.before)} → ${ms(g.after)} ${change(g)}`),
    ...diff.duration.runtimes.filter((g) => g.regression).map((g) => `${g.runtime}: total ${ms(g.before)} → ${ms(g.after)} ${change(g)}`),
    ...(total?.regression ? [`all runtimes: total ${ms(total.before)} → ${ms(total.after)} ${change(total)}`] : []),
  ]);

  section(out, 'Fixed', diff.fixed.map((c) => status(c, false)));
  section(out, 'Added tests', diff.tests.added.map((t) => `${at(t)}: (absent) → ${t.status}`));
  section(out, 'Added runtimes', diff.runtimes.added.map((r) => `${r}: absent from the baseline → in the current report`));
  section(out, 'Other status changes', diff.otherChanges.map((c) => status(c, true)));
  section(
    out,
    'Runtime builds changed',
    diff.runtimes.changed.map((c) => `${c.runtime}: version ${c.version.before} → ${c.version.after}, binary sha256 ${c.sha256.before.slice(0, 12)}… → ${c.sha256.after.slice(0, 12)}…`),
  );
  section(out, 'Suites added', diff.suites.added);
  section(out, 'Suites removed', diff.suites.removed);

  const perRuntime = new Map<string, string[]>();
  const add = (runtime: string, text: string): void => void perRuntime.set(runtime, [...(perRuntime.get(runtime) ?? []), text]);
  for (const g of diff.footprint.peakRss) add(g.runtime, `highest peak RSS ${bytes(g.before)} → ${bytes(g.after)} ${change(g)}`);
  for (const g of diff.footprint.binarySize) add(g.runtime, `binary ${bytes(g.before)} → ${bytes(g.after)} ${change(g)}`);
  for (const g of diff.duration.runtimes) add(g.runtime, `duration ${ms(g.before)} → ${ms(g.after)} ${change(g)}`);
  section(out, 'Per runtime', [...perRuntime].map(([rt, parts]) => `${rt}: ${parts.join(', ')}`), false);

  const r = diff.regressions;
  const c = diff.compared;
  const compared = `${plural(c.results, 'result')} compared on ${plural(c.runtimes, 'runtime')}${c.stillFailing ? `, ${c.stillFailing} still failing as in the baseline` : ''}`;
  if (r.total === 0) {
    out.push('', `No regressions: ${compared}.`);
  } else {
    const kinds = [
      [r.newFailures, 'new failure'],
      [r.removedTests, 'removed test'],
      [r.missingRuntimes, 'missing runtime'],
      [r.footprint, 'footprint regression'],
      [r.duration, 'duration regression'],
    ] as const;
    const what = kinds.filter(([n]) => n > 0).map(([n, name]) => plural(n, name));
    out.push('', `REGRESSIONS: ${what.join(', ')}; ${compared}.`);
  }
  return out.join('\n');
}

const command: Command = {
  summary: 'compare a report against a baseline report; exit 1 on any regression',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, {
      'time-threshold': { type: 'string' },
      'memory-threshold': { type: 'string' },
      'min-ms': { type: 'string' },
      json: { type: 'boolean' },
    }, USAGE, { count: 2, missing: 'compare needs two reports (wasmcert compare BASELINE.json CURRENT.json)' });
    if (!args) return 0;
    const { values, positionals } = args;
    const options = {
      timeThreshold: parseFraction('--time-threshold', values['time-threshold'], 0.25),
      memoryThreshold: parseFraction('--memory-threshold', values['memory-threshold'], 0.1),
      minMs: parseMs('--min-ms', values['min-ms'], 5),
    };
    const [baseFile, curFile] = positionals as [string, string];
    const loaded = [];
    for (const file of [baseFile, curFile]) {
      const l = await readReportFile(file);
      const dup = duplicateResult(l.report);
      if (dup) throw new InputError(file, `result ${dup.id} appears twice for runtime ${dup.runtime}`);
      loaded.push(l);
    }
    const [base, cur] = loaded as [LoadedReport, LoadedReport];
    const diff = compareReports(base.report, cur.report, options);
    if (values.json) {
      const doc = { baseline: { file: baseFile, sha256: base.sha256 }, current: { file: curFile, sha256: cur.sha256 }, ...diff };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderDiff(diff, baseFile, curFile)}\n`);
    }
    return diff.regressions.total > 0 ? 1 : 0;
  },
};

export default command;
