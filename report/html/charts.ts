/**
 * Charts as inline SVG, drawn here rather than by a chart library: three plain chart
 * kinds do not justify a dependency, and the page must work offline with no script.
 * Every mark carries a <title>, which a browser shows as a tooltip.
 */
import { esc, formatBytes, formatMs } from './format.ts';

const W = 1000;
const CHAR = 7.6; // generous average glyph width at 12px (DejaVu Sans is wide), for laying out labels
const LABEL_MAX = 220;

interface Scale {
  x(v: number): number;
  ticks: { v: number; label: string }[];
}

function linearScale(max: number, x0: number, x1: number, fmt: (v: number) => string): Scale {
  const raw = max > 0 ? max : 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => raw / s <= 6)!;
  const top = Math.ceil(raw / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push({ v, label: fmt(v) });
  return { x: (v) => x0 + (Math.max(0, Math.min(v, top)) / top) * (x1 - x0), ticks };
}

function logScale(lo: number, hi: number, x0: number, x1: number, ticks: { v: number; label: string }[]): Scale {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return {
    x: (v) => x0 + ((Math.log(Math.min(Math.max(v, lo), hi)) - a) / (b - a)) * (x1 - x0),
    ticks: ticks.filter((t) => t.v >= lo && t.v <= hi),
  };
}

/** Ticks at 1, 10 and 100 of each unit (B, KiB, MiB, GiB, TiB): labels a reader knows. */
const BYTE_TICKS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4].flatMap((u) => [1, 10, 100].map((m) => ({ v: m * u, label: formatBytes(m * u) })));
const MS_TICKS = [0.01, 0.1, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000].map((v) => ({ v, label: formatMs(v) }));

function floorTick(ticks: { v: number }[], v: number): number {
  return [...ticks].reverse().find((t) => t.v <= v)?.v ?? ticks[0]!.v;
}
function ceilTick(ticks: { v: number }[], v: number): number {
  return ticks.find((t) => t.v >= v)?.v ?? ticks[ticks.length - 1]!.v;
}

function fit(label: string, width: number): string {
  const max = Math.floor(width / CHAR);
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function labelWidth(labels: string[]): number {
  return Math.min(LABEL_MAX, Math.max(80, ...labels.map((l) => Math.ceil(l.length * CHAR) + 20)));
}

function svg(height: number, label: string, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${esc(label)}" font-size="12">\n${body.join('\n')}\n</svg>`;
}

function axis(scale: Scale, y: number, top: number): string[] {
  const out = [];
  for (const t of scale.ticks) {
    const x = scale.x(t.v).toFixed(1);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${y}" stroke="#d1d9e0" stroke-width="1"/>`);
    out.push(`<text x="${x}" y="${y + 15}" text-anchor="middle" fill="#59636e">${esc(t.label)}</text>`);
  }
  return out;
}

export interface StripPoint {
  value: number;
  color: string;
  title: string;
}

export interface StripRow {
  label: string;
  points: StripPoint[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * One row per runtime, one dot per test at its duration, a bar at the median: where a
 * runtime is slow, and which test is the outlier, at a glance. Log scale when the
 * durations span more than two orders of magnitude.
 */
export function durationStrip(rows: StripRow[], caption: string): string {
  const all = rows.flatMap((r) => r.points.map((p) => p.value));
  if (all.length === 0) return '';
  const left = labelWidth(rows.map((r) => r.label));
  const right = 210;
  const rowH = 34;
  const top = 8;
  const height = top + rows.length * rowH + 26;
  const max = Math.max(...all);
  const minPositive = Math.min(...all.filter((v) => v > 0), max);
  const useLog = max > 0 && max / Math.max(minPositive, 0.01) > 100;
  const scale = useLog
    ? logScale(floorTick(MS_TICKS, Math.max(minPositive, 0.01)), ceilTick(MS_TICKS, max), left, W - right, MS_TICKS)
    : linearScale(max, left, W - right, formatMs);
  const body: string[] = [...axis(scale, top + rows.length * rowH, top)];
  rows.forEach((row, i) => {
    const y0 = top + i * rowH;
    const mid = y0 + rowH / 2;
    if (i % 2 === 0) body.push(`<rect x="0" y="${y0}" width="${W}" height="${rowH}" fill="#f6f8fa" fill-opacity="0.6"/>`);
    body.push(`<text x="${left - 10}" y="${mid + 4}" text-anchor="end"><title>${esc(row.label)}</title>${esc(fit(row.label, left - 14))}</text>`);
    if (row.points.length === 0) {
      body.push(`<text x="${left + 4}" y="${mid + 4}" fill="#8c959f">no results</text>`);
      return;
    }
    row.points.forEach((p, j) => {
      const jitter = ((j * 7919) % 23) - 11; // spread over the row, the same on every render
      body.push(`<circle cx="${scale.x(p.value).toFixed(1)}" cy="${(mid + jitter).toFixed(1)}" r="4" fill="${p.color}" fill-opacity="0.55" stroke="${p.color}" stroke-width="1"><title>${esc(p.title)}</title></circle>`);
    });
    const values = row.points.map((p) => p.value);
    const med = median(values);
    const mx = scale.x(med).toFixed(1);
    body.push(`<line x1="${mx}" y1="${y0 + 4}" x2="${mx}" y2="${y0 + rowH - 4}" stroke="#1f2328" stroke-width="2.5"><title>median ${esc(formatMs(med))}</title></line>`);
    body.push(`<text x="${W - right + 12}" y="${mid + 4}" fill="#59636e">median ${esc(formatMs(med))} · max ${esc(formatMs(Math.max(...values)))}</text>`);
  });
  body.push(`<text x="${W - 4}" y="${top + rows.length * rowH + 15}" text-anchor="end" fill="#59636e">${useLog ? 'log scale' : 'linear scale'}</text>`);
  return svg(height, caption, body);
}

export interface ByteBar {
  label: string;
  value: number | null;
  color: string;
  /** Limits that apply to this row alone (a certified tier), drawn as a mark across it. */
  limits: { bytes: number; label: string }[];
  /** Text after the figure, e.g. "fits Medium" or "over the Small limit". */
  note: string;
  noteColor?: string;
}

export interface Band {
  name: string;
  upTo: number | null;
}

/**
 * A bar per runtime on a log scale of bytes, over shaded bands for the hardware tiers,
 * with a runtime's own tier limit as a dark mark across its bar.
 */
export function byteBars(rows: ByteBar[], bands: Band[], caption: string): string {
  const left = labelWidth(rows.map((r) => r.label));
  const right = 250;
  const rowH = 30;
  const top = 40;
  const plotBottom = top + rows.length * rowH;
  const height = plotBottom + 26;
  const values = rows.flatMap((r) => [...(r.value !== null ? [r.value] : []), ...r.limits.map((l) => l.bytes)]);
  const bounds = bands.flatMap((b) => (b.upTo === null ? [] : [b.upTo]));
  const lo = floorTick(BYTE_TICKS, Math.min(...values, ...bounds) / 3);
  const hi = ceilTick(BYTE_TICKS, Math.max(...values, ...bounds) * 1.5);
  const scale = logScale(lo, hi, left, W - right, BYTE_TICKS);
  const body: string[] = [];
  // Shading first, then the boundaries and every label, so no band covers a label.
  const labels: string[] = [];
  let from = lo;
  let lastLabelX = -Infinity;
  let lastLabelY = 0;
  let lastNameRight = -Infinity;
  bands.forEach((band, i) => {
    const to = band.upTo ?? hi;
    const x0 = scale.x(from);
    const x1 = scale.x(to);
    if (x1 > x0) {
      if (i % 2 === 0) body.push(`<rect x="${x0.toFixed(1)}" y="${top - 22}" width="${(x1 - x0).toFixed(1)}" height="${plotBottom - top + 22}" fill="#eef3f8"/>`);
      // A tier's name centred over its band, wider than the band if it must, unless it would meet its neighbour's.
      const half = (band.name.length * CHAR) / 2 + 2;
      const cx = Math.min(Math.max((x0 + x1) / 2, left + half), W - right - half);
      if (cx - half > lastNameRight) {
        labels.push(`<text x="${cx.toFixed(1)}" y="${top - 27}" text-anchor="middle" font-weight="600" fill="#59636e">${esc(band.name)}</text>`);
        lastNameRight = cx + half;
      }
    }
    if (band.upTo !== null && band.upTo > lo && band.upTo < hi) {
      const x = scale.x(band.upTo);
      body.push(`<line x1="${x.toFixed(1)}" y1="${top - 22}" x2="${x.toFixed(1)}" y2="${plotBottom}" stroke="#8c959f" stroke-width="1" stroke-dasharray="4 3"><title>${esc(`${band.name}: up to ${formatBytes(band.upTo)}`)}</title></line>`);
      // Two boundaries close together (8 and 16 MiB) take turns above and below the line.
      const text = formatBytes(band.upTo);
      const y = x - lastLabelX < text.length * CHAR + 8 && lastLabelY === top - 12 ? top - 2 : top - 12;
      labels.push(`<text x="${(x + 3).toFixed(1)}" y="${y}" font-size="10.5" fill="#59636e">${esc(text)}</text>`);
      lastLabelX = x;
      lastLabelY = y;
    }
    from = to;
  });
  body.push(...labels);
  body.push(...axis(scale, plotBottom, top));
  rows.forEach((row, i) => {
    const y0 = top + i * rowH;
    const mid = y0 + rowH / 2;
    body.push(`<text x="${left - 10}" y="${mid + 4}" text-anchor="end"><title>${esc(row.label)}</title>${esc(fit(row.label, left - 14))}</text>`);
    if (row.value === null) {
      body.push(`<text x="${left + 6}" y="${mid + 4}" fill="#8c959f" font-style="italic">not measured</text>`);
    } else {
      const x1 = scale.x(row.value);
      body.push(`<rect x="${left}" y="${mid - 8}" width="${Math.max(1, x1 - left).toFixed(1)}" height="16" rx="2" fill="${row.color}"><title>${esc(`${row.label}: ${formatBytes(row.value)} (${row.value} bytes)`)}</title></rect>`);
    }
    for (const l of row.limits) {
      const x = scale.x(l.bytes).toFixed(1);
      body.push(`<line x1="${x}" y1="${mid - 13}" x2="${x}" y2="${mid + 13}" stroke="#1f2328" stroke-width="3"><title>${esc(`${l.label}: ${formatBytes(l.bytes)}`)}</title></line>`);
    }
    const figure = row.value === null ? '' : `${formatBytes(row.value)}  `;
    body.push(`<text x="${W - right + 12}" y="${mid + 4}"><tspan font-weight="600">${esc(figure)}</tspan><tspan fill="${row.noteColor ?? '#59636e'}">${esc(row.note)}</tspan></text>`);
  });
  body.push(`<text x="${W - 4}" y="${plotBottom + 15}" text-anchor="end" fill="#59636e">log scale</text>`);
  return svg(height, caption, body);
}
