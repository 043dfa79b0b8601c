/**
 * The human-readable report: one self-contained HTML file (inline CSS, inline SVG, no
 * script, nothing fetched), rendered from the canonical report alone. Order: the
 * verdict, the failures with their diagnostics, the runtime × test matrix, then plots.
 */
import { STATUSES, type Status } from '../../runners/judge.ts';
import type { Assertion } from '../../runners/tap.ts';
import { versionChanges } from '../matrix.ts';
import type { Certification, Report, TestResult } from '../types.ts';
import { byteBars, durationStrip, type ByteBar, type StripRow } from './charts.ts';
import { canonicalSha256, certificationsOf, isUnexpected, matrixData, peakRssOf, TIER_LIMITS, tierLimit, tierOf } from './data.ts';
import { esc, excerpt, formatBytes, formatMs } from './format.ts';
import { CSS, NEUTRAL, STATUS_STYLE } from './style.ts';
import { distributionsSection } from './distributions-section.ts';
import { hostCountsSection } from './host-counts-section.ts';
import { suiteMatrixSection } from './suite-matrix-section.ts';

export interface HtmlOptions {
  /**
   * sha256 of the report file's bytes, when the caller read the file (`wasmcert html`
   * does). Without it the page stamps the sha256 of `JSON.stringify(report)` and says so.
   */
  reportSha256?: string;
  /** The report file's name, for the footer. */
  reportName?: string;
}

const RT_CLASS: Record<Certification['profile']['rtClass'], string> = { hard: 'hard real-time', soft: 'soft real-time', none: 'not real-time' };

function statusChip(status: Status, text: string = STATUS_STYLE[status].label): string {
  const s = STATUS_STYLE[status];
  return `<span class="st" style="color:${s.fg};background:${s.bg}">${esc(text)}</span>`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function counts(totals: Partial<Record<Status, number>>): string {
  const chips = STATUSES.filter((s) => (totals[s] ?? 0) > 0).map((s) => statusChip(s, `${totals[s]} ${STATUS_STYLE[s].label}`));
  return `<div class="counts">${chips.join('') || '<span class="muted small">no results</span>'}</div>`;
}

/** Runtimes in report order, then any that only a certification or a result names. */
function runtimeNames(report: Report): string[] {
  const names = report.runtimes.map((r) => r.name);
  for (const n of [...(report.certifications ?? []).map((c) => c.runtime), ...report.results.map((r) => r.runtime)]) if (!names.includes(n)) names.push(n);
  return names;
}

function totalsOf(report: Report, runtime: string): Record<Status, number> {
  const t = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of report.results) if (r.runtime === runtime) t[r.status]++;
  return t;
}

// ---------------------------------------------------------------- verdict

function limitFact(measured: number | null, tier: Certification['profile']['tier']): string {
  if (measured === null) return '<span class="muted">not measured</span>';
  const limit = tierLimit(tier);
  if (limit === null) return `${esc(formatBytes(measured))} <span class="muted">(${esc(tier)}: no upper limit)</span>`;
  const over = measured > limit;
  return `${esc(formatBytes(measured))} <span style="color:${over ? STATUS_STYLE.fail.fg : STATUS_STYLE.pass.fg}">${over ? 'over' : 'within'} the ${esc(tier)} limit of ${esc(formatBytes(limit))}</span>`;
}

function certificationBlock(c: Certification): string {
  const ok = c.verdict === 'certified';
  const m = c.measured;
  const facts: [string, string][] = [
    ['Profile', `<code>${esc(c.profile.id)}</code> v${esc(c.profile.version)} <span class="mono muted" title="${esc(c.profile.sha256)}">${esc(c.profile.sha256.slice(0, 12))}…</span>`],
    ['Mode', c.mode === 'certify' ? 'certify (locked run)' : 'evaluate (not a locked certification run)'],
    ['Must-pass', `${m.mustPassPassed} of ${m.mustPass} passed`],
    ['Peak RSS', limitFact(m.peakRssBytes, c.profile.tier)],
    ['Binary', limitFact(m.binarySizeBytes, c.profile.tier)],
  ];
  if (m.guestMemoryBytes !== null) facts.push(['Guest memory', esc(formatBytes(m.guestMemoryBytes))]);
  const reasons = c.reasons.length
    ? `<div class="label">${ok ? 'Notes' : `Why not (${c.reasons.length})`}</div><ul class="reasons">${c.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`
    : ok
      ? '<p class="small muted">Every rule of the profile holds.</p>'
      : '';
  return `<div class="cert">
<span class="badge ${ok ? 'good' : 'bad'}">${ok ? 'CERTIFIED' : 'NOT CERTIFIED'}</span> <strong>${esc(c.profile.id)}</strong>
<div class="what">Tier <strong>${esc(c.profile.tier)}</strong> · <strong>${esc(RT_CLASS[c.profile.rtClass] ?? c.profile.rtClass)}</strong> · verdict valid until <strong>${esc(c.validUntil)}</strong></div>
<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
${reasons}
</div>`;
}

function verdictSection(report: Report): string {
  const certs = report.certifications ?? [];
  const unexpectedCount = report.results.filter((r) => isUnexpected(r.status)).length;
  const names = runtimeNames(report);
  let headline: string;
  let good: boolean;
  if (certs.length) {
    const certified = certs.filter((c) => c.verdict === 'certified').length;
    good = certified === certs.length;
    const each = certs.length <= 4 ? `: ${certs.map((c) => `${c.runtime} ${c.verdict === 'certified' ? 'certified' : 'not certified'} for ${c.profile.id}`).join('; ')}` : ` on ${plural(new Set(certs.map((c) => c.runtime)).size, 'runtime')}`;
    headline = `${certified} of ${plural(certs.length, 'certification')} granted${each}`;
  } else {
    good = unexpectedCount === 0;
    headline = `${plural(report.results.length, 'result')} on ${plural(names.length, 'runtime')}: ${good ? 'all as expected' : `${unexpectedCount} unexpected`}`;
  }
  // Runtimes with a verdict on a profile first; the rest keep the report's order.
  const cardOrder = [...names.filter((n) => certificationsOf(report, n).length), ...names.filter((n) => !certificationsOf(report, n).length)];
  const cards = cardOrder.map((name) => {
    const info = report.runtimes.find((r) => r.name === name);
    const mine = certificationsOf(report, name);
    const totals = totalsOf(report, name);
    const bad = STATUSES.filter(isUnexpected).reduce((n, s) => n + totals[s], 0);
    let cls: string;
    let body: string;
    if (mine.length) {
      cls = mine.every((c) => c.verdict === 'certified') ? 'good' : 'bad';
      body = mine.map(certificationBlock).join('\n');
    } else if (certs.length) {
      cls = 'none';
      body = `<div class="cert"><span class="badge none">NOT EVALUATED</span> <span class="muted small">no certification profile was evaluated for this runtime</span></div>`;
    } else {
      cls = bad ? 'bad' : 'good';
      body = `<div class="cert"><span class="badge ${cls}">${bad ? `${bad} UNEXPECTED` : 'ALL AS EXPECTED'}</span></div>`;
    }
    const ver = info ? `${esc(info.version)} · ${esc(formatBytes(info.sizeBytes))} · sha256 <span class="mono" title="${esc(info.sha256)}">${esc(info.sha256.slice(0, 12))}…</span>` : '<span class="muted">not among the report\'s runtimes</span>';
    return `<div class="card ${cls}"><div class="rt">${esc(name)}</div><div class="ver">${ver}</div>${body}${counts(totals)}</div>`;
  });
  return `<section id="verdict">
<h2>Verdict</h2>
<div class="headline ${good ? 'good' : 'bad'}">${esc(headline)}</div>
${certs.length && unexpectedCount ? `<p class="small">${esc(plural(unexpectedCount, 'unexpected result'))} in the run (below).</p>` : ''}
<div class="cards">
${cards.join('\n')}
</div>
</section>`;
}

// ---------------------------------------------------------------- failures

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1)?.replace(/\n\s*/g, ' ') ?? String(value);
}

const GOT = ['got', 'found', 'actual'];
const WANT = ['want', 'wanted', 'expected'];

function diagCells(diag: unknown): { got: string; want: string; rest: string } {
  if (diag === undefined || diag === null) return { got: '', want: '', rest: '' };
  if (typeof diag !== 'object' || Array.isArray(diag)) return { got: '', want: '', rest: show(diag) };
  const d = diag as Record<string, unknown>;
  const pick = (keys: string[]): string => {
    const k = keys.find((x) => x in d);
    return k === undefined ? '' : show(d[k]);
  };
  const rest = Object.entries(d)
    .filter(([k]) => !GOT.includes(k) && !WANT.includes(k))
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join('\n');
  return { got: pick(GOT), want: pick(WANT), rest };
}

function failingAssertions(assertions: Assertion[]): Assertion[] {
  return assertions.filter((a) => !a.ok && a.skip === undefined && a.todo === undefined);
}

function assertionTable(r: TestResult): string {
  const failing = failingAssertions(r.assertions);
  if (failing.length === 0) return '';
  const rows = failing.map((a) => {
    const d = diagCells(a.diag);
    return `<tr><td>#${a.id}</td><td>${esc(a.name)}${d.rest ? `<pre>${esc(d.rest)}</pre>` : ''}</td><td class="gw got">${esc(d.got)}</td><td class="gw want">${esc(d.want)}</td></tr>`;
  });
  return `<div class="label">Failing assertions: ${failing.length} of ${r.assertions.length}</div>
<table class="asserts"><tr><th>#</th><th>assertion</th><th>got</th><th>want</th></tr>${rows.join('')}</table>`;
}

function outcomeText(r: TestResult): string {
  const o = r.outcome;
  if (!o) return '';
  const parts = [o.kind, o.exitCode !== null ? `exit code ${o.exitCode}` : '', o.signal !== undefined ? `signal ${o.signal}` : '', o.message ?? ''];
  return parts.filter(Boolean).join(' · ');
}

/** What makes two results of the same test read the same: shown once, with every runtime. */
function diagnosticKey(r: TestResult): string {
  return JSON.stringify([r.status, r.message, failingAssertions(r.assertions), r.outcome, r.expectation, r.stdout, r.stderr]);
}

interface Group {
  id: string;
  sample: TestResult;
  results: TestResult[];
}

function groupResults(results: TestResult[], order: string[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of results) {
    const key = `${r.id}\u0000${diagnosticKey(r)}`;
    if (!groups.has(key)) groups.set(key, { id: r.id, sample: r, results: [] });
    groups.get(key)!.results.push(r);
  }
  for (const g of groups.values()) g.results.sort((a, b) => order.indexOf(a.runtime) - order.indexOf(b.runtime));
  return [...groups.values()].sort((a, b) => a.id.localeCompare(b.id) || order.indexOf(a.results[0]!.runtime) - order.indexOf(b.results[0]!.runtime));
}

function runtimeChips(results: TestResult[]): string {
  return results.map((r) => `<span class="chip" title="${esc(`${formatMs(r.durationMs)}${r.peakRssBytes !== undefined ? `, peak RSS ${formatBytes(r.peakRssBytes)}` : ''}`)}">${esc(r.runtime)}</span>`).join('');
}

function failureBlock(g: Group, index: number): string {
  const r = g.sample;
  const parts: string[] = [];
  parts.push(`<h3>${statusChip(r.status)}<span>${esc(r.id)}</span></h3>`);
  parts.push(`<div class="on">on ${runtimeChips(g.results)}</div>`);
  if (r.message) parts.push(`<div class="label">Message</div><pre>${esc(r.message)}</pre>`);
  const outcome = outcomeText(r);
  if (outcome) parts.push(`<div class="small"><span class="muted">Outcome:</span> ${esc(outcome)}</div>`);
  const asserts = assertionTable(r);
  parts.push(asserts);
  if (r.expectation) {
    const what = { fail: 'Expected to fail', skip: 'Expected to be skipped', 'not-run': 'Not run in certification (it crashes or hangs the harness), so failed' }[r.expectation.action];
    parts.push(`<div class="label">Expectation</div><p>${esc(what)}${r.expectation.reason ? `: ${esc(r.expectation.reason)}` : ' (no reason given)'} <span class="muted small">— ${esc(r.expectation.source)}</span></p>`);
  }
  // When the failing assertions are already in the table above, their TAP stream is folded away.
  if (r.stdout) parts.push(`<details${asserts ? '' : ' open'}><summary class="label">stdout (excerpt, ${plural(r.stdout.split('\n').filter(Boolean).length, 'line')})</summary><pre>${esc(excerpt(r.stdout))}</pre></details>`);
  if (r.stderr) parts.push(`<div class="label">stderr (excerpt)</div><pre>${esc(excerpt(r.stderr))}</pre>`);
  if (r.tags.length || r.requires.length) parts.push(`<div class="small muted">${r.tags.length ? `tags: ${esc(r.tags.join(', '))}` : ''}${r.tags.length && r.requires.length ? ' · ' : ''}${r.requires.length ? `requires: ${esc(r.requires.join(', '))}` : ''}</div>`);
  return `<div class="failure ${r.status}" id="u${index + 1}">${parts.filter(Boolean).join('\n')}</div>`;
}

/** From this many blocks on, a table of them comes first, each row linking to its block. */
const INDEX_FROM = 6;

function firstLine(text: string | undefined, max = 150): string {
  const line = (text ?? '').split('\n')[0]!;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function failureIndex(groups: Group[]): string {
  const rows = groups.map((g, i) => `<tr><td class="mono"><a href="#u${i + 1}">${esc(g.id)}</a></td><td>${statusChip(g.sample.status)}</td><td>${runtimeChips(g.results)}</td><td class="small">${esc(firstLine(g.sample.message))}</td></tr>`);
  return `<table class="index"><tr><th>test</th><th>status</th><th>runtimes</th><th>message</th></tr>${rows.join('')}</table>`;
}

function failuresSection(report: Report, order: string[]): string {
  const bad = report.results.filter((r) => isUnexpected(r.status));
  const other = report.results.filter((r) => r.status === 'xfail' || r.status === 'skip');
  const out = [`<section id="failures">`, `<h2>Unexpected results (${bad.length})</h2>`];
  if (bad.length === 0) out.push('<p>None: every result is a pass, an expected failure or a skip.</p>');
  else {
    const groups = groupResults(bad, order);
    out.push(`<p class="small muted">${esc(plural(bad.length, 'result'))} in ${esc(plural(groups.length, 'block'))}: results of one test that fail the same way are shown once, with every runtime they came from.</p>`);
    if (groups.length > INDEX_FROM) out.push(failureIndex(groups));
    out.push(...groups.map((g, i) => failureBlock(g, i)));
  }
  if (other.length) {
    const groups = groupResults(other, order);
    out.push(`<h2 id="expected">Expected failures and skips (${other.length})</h2>`);
    out.push('<table class="expected"><tr><th>test</th><th>status</th><th>runtimes</th><th>reason</th></tr>');
    for (const g of groups) {
      const r = g.sample;
      const reason = r.expectation?.reason ?? r.message ?? '';
      const source = r.expectation ? `<div class="small muted">${esc(r.expectation.source)}</div>` : '';
      const detail = r.expectation?.reason && r.message ? `<div class="small muted">${esc(r.message)}</div>` : '';
      out.push(`<tr><td class="mono">${esc(r.id)}</td><td>${statusChip(r.status)}</td><td>${runtimeChips(g.results)}</td><td>${esc(reason)}${detail}${source}</td></tr>`);
    }
    out.push('</table>');
  }
  out.push('</section>');
  return out.join('\n');
}

// ---------------------------------------------------------------- matrix

function legend(): string {
  return `<div class="legend">${STATUSES.map((s) => `<span>${statusChip(s)}${esc(STATUS_STYLE[s].meaning)}</span>`).join('')}<span><span class="st" style="border:1px solid #d1d9e0">—</span>not run on that runtime</span></div>`;
}

function matrixSection(report: Report): string {
  const m = matrixData(report);
  const out = ['<section id="matrix">', '<h2>Runtime × test matrix</h2>'];
  if (m.runtimes.length < 2) out.push(`<p>One runtime only (${esc(m.runtimes[0] ?? 'none')}): nothing to compare.</p>`);
  else if (m.rows.length === 0) out.push(`<p>All ${m.runtimes.length} runtimes agree on every one of the ${m.tests} tests (a pass and an unexpected pass count alike, as do a failure and an expected one).</p>`);
  else {
    out.push(`<p>The ${esc(plural(m.rows.length, 'test'))} of ${m.tests} where runtimes differ in conformance (a pass and an unexpected pass count alike, as do a failure and an expected one); the other tests agree.</p>`);
    out.push(legend());
    out.push(`<table class="matrix"><tr><th>test</th>${m.runtimes.map((rt) => `<th class="rt">${esc(rt).replace('@', '@<wbr>')}</th>`).join('')}</tr>`);
    for (const row of m.rows) {
      const cells = row.cells.map((r) => {
        if (!r) return '<td class="cell muted">—</td>';
        const s = STATUS_STYLE[r.status];
        // A pass is the unremarkable cell: paler, so the deviations stand out.
        const bg = r.status === 'pass' ? '#effaf1' : s.bg;
        return `<td class="cell" style="color:${s.fg};background:${bg}" title="${esc(r.message ?? s.meaning)}">${esc(s.label)}</td>`;
      });
      out.push(`<tr><td class="id">${esc(row.id)}</td>${cells.join('')}</tr>`);
    }
    out.push('</table>');
  }
  const bySuite = suiteMatrixSection(report);
  if (bySuite) out.push(bySuite);
  const changes = versionChanges(report);
  if (changes.length) out.push('<h3 style="margin-top:14px">Changes across versions</h3>', `<ul>${changes.map((c) => `<li class="mono">${esc(c)}</li>`).join('')}</ul>`);
  out.push('</section>');
  return out.join('\n');
}

// ---------------------------------------------------------------- plots

function durationFigure(report: Report, order: string[]): string {
  const rows: StripRow[] = order.map((rt) => ({
    label: rt,
    points: report.results
      .filter((r) => r.runtime === rt && r.status !== 'skip')
      .map((r) => ({ value: r.durationMs, color: STATUS_STYLE[r.status].fg, title: `${r.id} — ${formatMs(r.durationMs)} (${STATUS_STYLE[r.status].label})` })),
  }));
  const chart = durationStrip(rows, 'Test durations per runtime');
  if (!chart) return '';
  const slowest = report.results
    .filter((r) => r.status !== 'skip')
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 5);
  return `<figure>
<h3>Test durations per runtime</h3>
${chart}
<figcaption>One dot per test (skips left out), coloured by status; the dark bar is the runtime's median. Slowest: ${slowest.map((r) => `<span class="mono">${esc(r.id)}</span> on ${esc(r.runtime)} ${esc(formatMs(r.durationMs))}`).join('; ')}.</figcaption>
</figure>`;
}

function tierBars(report: Report, order: string[], measure: (rt: string, certs: Certification[]) => number | null, limitOf: (c: Certification) => number | null): ByteBar[] {
  return order.map((rt) => {
    const certs = certificationsOf(report, rt);
    const value = measure(rt, certs);
    const limits = new Map<number, string>();
    for (const c of certs) {
      const l = limitOf(c);
      if (l !== null && !limits.has(l)) limits.set(l, `${c.profile.tier} limit (${c.profile.id})`);
    }
    const marks = [...limits].map(([bytes, label]) => ({ bytes, label }));
    if (value === null) return { label: rt, value, color: NEUTRAL, limits: marks, note: '' };
    if (marks.length === 0) {
      const evaluated = certs.length ? ` (${certs.map((c) => c.profile.tier).join(', ')}: no limit)` : '';
      return { label: rt, value, color: NEUTRAL, limits: marks, note: `fits ${tierOf(value)}${evaluated}` };
    }
    const over = certs.filter((c) => limitOf(c) !== null && value > limitOf(c)!).map((c) => c.profile.tier);
    const within = certs.filter((c) => limitOf(c) !== null && value <= limitOf(c)!).map((c) => c.profile.tier);
    const note = [over.length ? `over ${[...new Set(over)].join(', ')}` : '', within.length ? `within ${[...new Set(within)].join(', ')}` : ''].filter(Boolean).join('; ');
    const color = over.length ? STATUS_STYLE.fail.fg : STATUS_STYLE.pass.fg;
    return { label: rt, value, color, limits: marks, note, noteColor: color };
  });
}

const BANDS = TIER_LIMITS.map((t) => ({ name: t.tier, upTo: t.limitBytes }));

function memoryFigure(report: Report, order: string[]): string {
  const bars = tierBars(
    report,
    order,
    (rt, certs) => certs.find((c) => c.measured.peakRssBytes !== null)?.measured.peakRssBytes ?? peakRssOf(report, rt),
    (c) => tierLimit(c.profile.tier),
  );
  if (bars.every((b) => b.value === null)) return `<figure><h3>Peak resident memory per runtime</h3><p class="muted">No runtime's memory was measured in this run.</p></figure>`;
  const unmeasured = bars.filter((b) => b.value === null).map((b) => b.label);
  const certified = (report.certifications ?? []).length > 0;
  return `<figure>
<h3>Peak resident memory per runtime</h3>
${byteBars(bars, BANDS, 'Peak resident memory per runtime against the hardware tiers')}
<figcaption>The highest peak resident set size of the runtime's process over its tests${certified ? ' (the certification\'s measured figure where there is one)' : ''}. Shaded bands are the hardware tiers by the memory a device gives the runtime: X-Small up to 340 KiB, V-Small 8 MiB, Small 16 MiB, Medium 512 MiB, Large above.${certified ? ' A dark mark across a bar is the limit of the tier the runtime was evaluated for; green within it, red over it.' : ''}${unmeasured.length ? ` Not measured: ${esc(unmeasured.join(', '))} (a runtime inside the harness's own process has no process of its own to measure).` : ''}</figcaption>
</figure>`;
}

function binaryFigure(report: Report, order: string[]): string {
  const bars = tierBars(
    report,
    order,
    (rt, certs) => certs[0]?.measured.binarySizeBytes ?? report.runtimes.find((r) => r.name === rt)?.sizeBytes ?? null,
    (c) => tierLimit(c.profile.tier),
  );
  if (bars.every((b) => b.value === null)) return '';
  return `<figure>
<h3>Runtime binary sizes</h3>
${byteBars(bars, BANDS, 'Runtime binary sizes against the hardware tiers')}
<figcaption>Size of the file each runtime ran from (for a wrapper script, the script itself), over the same tier bands: a tier's profile limits the binary to the same figure as the memory.</figcaption>
</figure>`;
}

// ---------------------------------------------------------------- page

function runSection(report: Report): string {
  const suites = report.suites
    .map((s) => `<tr><td>${esc(s.name)}</td><td>${esc(s.version)}</td><td>${s.tests}</td><td class="mono small" title="${esc(s.sha256)}">${esc(s.sha256.slice(0, 16))}…</td><td class="mono small">${esc(s.dir)}</td></tr>`)
    .join('');
  const h = report.host;
  const f = report.run.filters;
  return `<section id="run">
<h2>Run</h2>
<dl class="facts">
<dt>Started</dt><dd>${esc(report.run.startedAt)}</dd>
<dt>Finished</dt><dd>${esc(report.run.finishedAt)} (${esc(formatMs(report.run.durationMs))}, ${report.run.jobs} jobs)</dd>
<dt>Host</dt><dd>${esc(`${h.os} ${h.release} ${h.arch}, ${h.cpus} × ${h.cpuModel}, ${formatBytes(h.memoryBytes)}, node ${h.node}`)}</dd>
<dt>Command</dt><dd class="mono">wasmcert ${esc(report.run.argv.join(' '))}</dd>
<dt>Filters</dt><dd>${f.suites.length || f.grep ? esc(`${f.suites.length ? `suites ${f.suites.join(', ')}` : ''}${f.suites.length && f.grep ? '; ' : ''}${f.grep ? `grep /${f.grep}/` : ''}`) : 'none'}</dd>
</dl>
<table><tr><th>suite</th><th>version</th><th>tests</th><th>sha256</th><th>folder</th></tr>${suites}</table>
</section>`;
}

function nav(report: Report): string {
  const bad = report.results.filter((r) => isUnexpected(r.status)).length;
  const other = report.results.filter((r) => r.status === 'xfail' || r.status === 'skip').length;
  const differ = matrixData(report).rows.length;
  const links: [string, string][] = [
    ['verdict', 'Verdict'],
    ['failures', `Unexpected results (${bad})`],
    ...(other ? ([['expected', `Expected failures and skips (${other})`]] as [string, string][]) : []),
    ['matrix', `Matrix (${differ} differing)`],
    ['plots', 'Plots'],
    ...(report.results.some((r) => r.hostCounts) ? ([['host-counts', 'Host-call counts']] as [string, string][]) : []),
    ...(report.results.some((r) => r.distributions) ? ([['timing', 'Timing distributions']] as [string, string][]) : []),
    ['run', 'Run'],
  ];
  return `<nav>${links.map(([id, text]) => `<a href="#${id}">${esc(text)}</a>`).join(' · ')}</nav>`;
}

/** The page as one string: a pure function of the report (and the optional file hash). */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const order = runtimeNames(report);
  const sha = options.reportSha256 ?? canonicalSha256(report);
  const shaNote = options.reportSha256
    ? `sha256 of the bytes of the report file${options.reportName ? ` <code>${esc(options.reportName)}</code>` : ''} (as <code>sha256sum</code> prints it)`
    : 'sha256 of the report\'s canonical serialisation, <code>JSON.stringify(report)</code> (compact, in the report\'s own key order); it differs from the sha256 of an indented report file';
  const title = `wasmcert report: ${order.join(', ')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="wasmcert ${esc(report.tool.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="top">
<div><h1>wasmcert report</h1><div class="muted">${esc(plural(report.results.length, 'result'))} · ${esc(plural(report.suites.length, 'suite'))} · ${esc(plural(order.length, 'runtime'))} · ${esc(report.run.startedAt)}</div></div>
<div class="meta">wasmcert ${esc(report.tool.version)} · report ${esc(report.reportVersion)}<br>report sha256 <span class="mono">${esc(sha.slice(0, 16))}…</span></div>
</header>
${nav(report)}
${verdictSection(report)}
${failuresSection(report, order)}
${matrixSection(report)}
<section id="plots">
<h2>Plots</h2>
${durationFigure(report, order)}
${memoryFigure(report, order)}
${binaryFigure(report, order)}
</section>
${hostCountsSection(report)}
${distributionsSection(report)}
${runSection(report)}
<footer>
<div>Report sha256: <code>${esc(sha)}</code></div>
<div>${shaNote}.</div>
<div>Rendered by wasmcert ${esc(report.tool.version)} from the canonical report alone; the page is self-contained (no script, nothing loaded from the network). Sizes are in binary units: 1 KiB = 1024 bytes, so the X-Small tier's 340 KiB is 348160 bytes.</div>
</footer>
</main>
</body>
</html>
`;
}
