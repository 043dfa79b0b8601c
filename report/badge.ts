import { makeBadge } from 'badge-maker';
import type { Certification, Report, RtClass } from './types.ts';

/** What a badge says; the same three fields drive the SVG and the shields.io endpoint. */
export interface BadgeContent {
  label: string;
  message: string;
  color: 'green' | 'yellow' | 'red' | 'lightgrey';
}

/** The shields.io endpoint document: shields rejects any key beyond its schema, so exactly these. */
export interface EndpointBadge {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

const RT_CLASS: Record<RtClass, string> = { hard: 'hard-RT', soft: 'soft-RT', none: 'non-RT' };

/** The WASI worlds the report's suites target, e.g. "P1" (wasm32-wasip1), "P1+P3"; else "tests". */
function worlds(report: Report): string {
  const found = new Set<string>();
  for (const s of report.suites) {
    const m = /wasip(\d+)/i.exec(s.version) ?? /^p(\d+)$/i.exec(s.name);
    if (m) found.add(`P${m[1]}`);
  }
  return found.size ? [...found].sort().join('+') : 'tests';
}

function certificationBadge(c: Certification): BadgeContent {
  // evaluate mode allows expectation files, filters and local suites: say it is not the locked run
  const label = `wasmcert ${c.profile.id}${c.mode === 'evaluate' ? ' (evaluate)' : ''}`;
  if (c.verdict === 'certified') {
    return { label, message: `${c.profile.tier} ${RT_CLASS[c.profile.rtClass]} ✓ ${c.profile.version} until ${c.validUntil}`, color: 'green' };
  }
  return { label, message: 'not certified', color: 'red' };
}

/**
 * The badge for one runtime of a report. With a certification for that runtime:
 * `<tier> <RT class> ✓ <profile version> until <date>` in green, or `not certified` in
 * red, the profile id in the label. Without one: `<pass>/<total> P1`, green when every
 * result passed, yellow when the rest are only skips and expected failures, red on any
 * fail, error or xpass.
 */
export function badgeContent(report: Report, runtime: string): BadgeContent {
  const rt = report.runtimes.find((r) => r.name === runtime);
  if (!rt) throw new Error(`no runtime ${runtime} in the report`);
  const cert = report.certifications?.find((c) => c.runtime === runtime);
  if (cert) return certificationBadge(cert);
  const t = rt.totals;
  const color = t.total === 0 ? 'lightgrey' : t.fail + t.error + t.xpass > 0 ? 'red' : t.pass === t.total ? 'green' : 'yellow';
  return { label: 'wasmcert', message: `${t.pass}/${t.total} ${worlds(report)}`, color };
}

/** The SVG via badge-maker, stamped with the report's sha256 in an XML comment inside the root element. */
export function renderBadgeSvg(content: BadgeContent, reportSha256: string): string {
  const svg = makeBadge({ label: content.label, message: content.message, color: content.color });
  const open = svg.indexOf('>', svg.indexOf('<svg'));
  if (open < 0) throw new Error('badge-maker returned no <svg> element');
  return `${svg.slice(0, open + 1)}<!-- wasmcert report sha256: ${reportSha256} -->${svg.slice(open + 1)}\n`;
}

export function endpointBadge(content: BadgeContent): EndpointBadge {
  return { schemaVersion: 1, label: content.label, message: content.message, color: content.color };
}

/** The endpoint JSON cannot carry the hash: it goes beside it, in `sha256sum -c` format. */
export function renderReportHashFile(reportSha256: string, reportName: string): string {
  return `${reportSha256}  ${reportName}\n`;
}

/** A file-name-safe stem for a runtime: `wamr@2.4.3` → `wasmcert-wamr-2.4.3`, `wamr:minimal` → `wasmcert-wamr-minimal`. */
export function badgeStem(runtime: string): string {
  return `wasmcert-${runtime.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}
