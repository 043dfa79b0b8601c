/**
 * `npm run bench:cm`'s results (results/cm-bench.json) as one self-contained page,
 * results/cm-bench.html: per runtime, the P1 and component medians of each operation and
 * size as bars on one log scale, the ratio, and the rows over "near P1" marked. A pure
 * function of the JSON, like every other output.
 */
import { esc } from './format.ts';
import { CSS } from './style.ts';

export interface PathFigures {
  nsMedian: number;
  nsP99: number;
  nsMax: number;
  jitter: number;
  harnessNsPerCall: number;
  reallocsPerCall: number;
  reallocBytesPerCall: number;
}

export interface CmBenchRow {
  runtime: string;
  op: string;
  size: number;
  calls: number;
  p1?: PathFigures;
  cm?: PathFigures;
  ratio?: number;
  overNearP1?: boolean;
  hostCounts?: { reallocs: number; reallocBytes: number; copiedIn: number; copiedOut: number };
  problem?: string;
}

export interface CmBenchDoc {
  generatedAt: string;
  host: { cpus: number; cpuModel?: string; node: string };
  method: { repetitions: number; nearP1: number; inGuest: string; harness: string };
  runtimes: { name: string; version: string }[];
  rows: CmBenchRow[];
}

const BAR_PX = 260;

function ns(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} µs` : `${v.toFixed(0)} ns`;
}

export function renderCmBenchHtml(doc: CmBenchDoc): string {
  const all = doc.rows.flatMap((r) => [r.p1?.nsMedian, r.cm?.nsMedian]).filter((v): v is number => v !== undefined && v > 0);
  const lo = Math.log10(Math.min(...all, 10) / 2);
  const hi = Math.log10(Math.max(...all, 1000) * 1.2);
  const width = (v: number | undefined) => (v && v > 0 ? Math.max(2, Math.round(((Math.log10(v) - lo) / (hi - lo)) * BAR_PX)) : 0);
  const bar = (v: number | undefined, color: string, label: string) =>
    v === undefined ? '<span class="muted">not measured</span>' : `<span style="display:inline-block;height:9px;width:${width(v)}px;background:${color}" title="${esc(`${label}: ${ns(v)} per call`)}"></span> ${esc(ns(v))}`;
  const sections = doc.runtimes.map(({ name, version }) => {
    const rows = doc.rows.filter((r) => r.runtime === name);
    const body = rows.map((r) => {
      const ratio = r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`;
      const flag = r.overNearP1 ? ' style="background:#fff8c5"' : '';
      const counts = r.hostCounts ? `${r.hostCounts.copiedIn} / ${r.hostCounts.copiedOut}` : '–';
      return (
        `<tr${flag}><td>${esc(r.op)}</td><td class="num">${r.size}</td>` +
        `<td>${bar(r.p1?.nsMedian, '#0969da', 'P1')}<br>${bar(r.cm?.nsMedian, '#bf3989', 'component')}</td>` +
        `<td class="num">${esc(ratio)}</td><td class="num">${r.p1 && r.cm ? `${(r.p1.jitter * 100).toFixed(0)}% / ${(r.cm.jitter * 100).toFixed(0)}%` : '–'}</td>` +
        `<td class="num">${r.cm ? r.cm.reallocsPerCall : '–'}</td><td class="num">${esc(counts)}</td><td class="muted">${esc(r.problem ?? '')}</td></tr>`
      );
    });
    return [
      `<h2>${esc(name)} <span class="muted">${esc(version)}</span></h2>`,
      '<table class="matrix"><tr><th>op</th><th>size</th><th>median per call (blue P1, pink component; log scale)</th><th>ratio</th><th>jitter P1 / cm</th><th>reallocs / call</th><th>copied in / out</th><th></th></tr>',
      ...body,
      '</table>',
    ].join('\n');
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wasmcert: component model against P1</title><style>${CSS}</style></head>
<body><main>
<h1>Component import against P1 import, per call</h1>
<p>${esc(doc.method.inGuest)}; ${doc.method.repetitions} repetitions, jitter = spread of their medians. Rows shaded where the component path is over ${doc.method.nearP1}× P1. Measured ${esc(doc.generatedAt)} on ${doc.host.cpus} × ${esc(doc.host.cpuModel ?? 'cpu')}, Node ${esc(doc.host.node)}. Method: docs/component-model.md.</p>
${sections.join('\n')}
</main></body></html>
`;
}
