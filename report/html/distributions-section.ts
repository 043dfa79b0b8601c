import type { Report } from '../types.ts';
import { esc } from './format.ts';

const PX = 300;

function ns(v: number): string {
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} µs` : `${v} ns`;
}

/**
 * The timing distributions guests measured (docs/determinism.md), one row per test,
 * runtime and figure: a strip on one log scale from min to max, the box from median to
 * p99 (the jitter), a tick at p99.9, and under it the histogram the guest counted on
 * powers of two. Rows are grouped by figure so runtimes line up.
 */
export function distributionsSection(report: Report): string {
  const rows = report.results.flatMap((r) => Object.entries(r.distributions ?? {}).map(([name, d]) => ({ id: r.id, runtime: r.runtime, name, d })));
  if (!rows.length) return '';
  rows.sort((a, b) => a.id.localeCompare(b.id) || a.name.localeCompare(b.name) || a.runtime.localeCompare(b.runtime));
  const values = rows.flatMap(({ d }) => [d.min, d.max]).filter((v) => v > 0);
  const lo = Math.log10(Math.max(1, Math.min(...values)) / 1.5);
  const hi = Math.log10(Math.max(...values) * 1.5);
  const x = (v: number) => Math.round(((Math.log10(Math.max(v, 1)) - lo) / (hi - lo)) * PX);
  const body = rows.map(({ id, runtime, name, d }) => {
    const strip =
      `<span style="position:relative;display:inline-block;width:${PX}px;height:12px">` +
      `<span style="position:absolute;left:${x(d.min)}px;width:${Math.max(1, x(d.max) - x(d.min))}px;top:5px;height:2px;background:#8c959f"></span>` +
      `<span style="position:absolute;left:${x(d.median)}px;width:${Math.max(2, x(d.p99) - x(d.median))}px;top:1px;height:10px;background:#0969da"></span>` +
      `<span style="position:absolute;left:${x(d.p999)}px;width:2px;top:0;height:12px;background:#cf222e"></span></span>`;
    // the histogram, when the guest gave one: a bar per power-of-two bucket, on the strip's scale
    const top = Math.max(1, ...(d.histogram?.counts ?? [1]));
    const bars = (d.histogram?.counts ?? [])
      .map((c, i) => {
        const k = d.histogram!.fromBit + i;
        const x0 = x(k === 0 ? 1 : 2 ** (k - 1));
        // log heights: a tail of 2 samples must show beside a bucket of 1900
        const h = c ? Math.max(2, Math.round((Math.log1p(c) / Math.log1p(top)) * 18)) : 0;
        return h ? `<span style="position:absolute;left:${x0}px;width:${Math.max(2, x(2 ** k) - x0 - 1)}px;bottom:0;height:${h}px;background:#8250df" title="${esc(`${c} samples in [${ns(k === 0 ? 0 : 2 ** (k - 1))}, ${ns(2 ** k)})`)}"></span>` : '';
      })
      .join('');
    const histogram = bars ? `<br><span style="position:relative;display:inline-block;width:${PX}px;height:18px">${bars}</span>` : '';
    return (
      `<tr><td class="id">${esc(id)}</td><td>${esc(name)}</td><td>${esc(runtime)}</td><td class="num">${d.n}</td>` +
      `<td class="num">${esc(ns(d.median))}</td><td class="num">${esc(ns(d.p99))}</td><td class="num">${esc(ns(d.p999))}</td><td class="num">${esc(ns(d.max))}</td>` +
      `<td class="num">${esc(ns(d.jitter))}</td><td title="${esc(`min ${ns(d.min)}, median ${ns(d.median)}, p99 ${ns(d.p99)}, p99.9 ${ns(d.p999)}, max ${ns(d.max)}`)}">${strip}${histogram}</td></tr>`
    );
  });
  const floor = report.run.noiseFloor;
  const floorText = floor
    ? `<p${floor.noisy ? ' style="background:#fff8c5"' : ''}>Noise floor of this run, the same loops as native code in the harness: two clock reads ${esc(ns(floor.clockPair.median))} (p99 ${esc(ns(floor.clockPair.p99))}); a 1 ms wait ends late by ${esc(ns(floor.waitOvershoot.median))} (p99 ${esc(ns(floor.waitOvershoot.p99))}); CPUs allowed ${esc(floor.cpusAllowed ?? 'unknown')}.${floor.noisy ? ' <strong>Noisy run: its timing figures are suspect.</strong>' : ''}</p>`
    : '';
  return [
    '<section id="timing">',
    '<h2>Timing distributions</h2>',
    "<p>Measured by each guest with the runtime's monotonic clock (docs/determinism.md). Strip: min to max on one log scale; blue box: median to p99 (the jitter); red tick: p99.9; purple bars below: the histogram, one bar per power of two (log heights).</p>",
    floorText,
    '<table class="matrix"><tr><th>test</th><th>figure</th><th>runtime</th><th>n</th><th>median</th><th>p99</th><th>p99.9</th><th>max</th><th>jitter</th><th></th></tr>',
    ...body,
    '</table>',
    '</section>',
  ].join('\n');
}
