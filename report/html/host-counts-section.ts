import type { Report } from '../types.ts';
import { esc } from './format.ts';

/**
 * What each component import cost per call, on the runtimes that measured it (the
 * in-process host): guest reallocs and bytes, payload bytes copied into and out of guest
 * memory (docs/component-model.md, "Counts"). A bar per row shows the copies against the
 * payload, so a host that copies twice stands out.
 */
export function hostCountsSection(report: Report): string {
  const rows = report.results.flatMap((r) =>
    Object.entries(r.hostCounts ?? {})
      .filter(([, c]) => c.calls > 0)
      .map(([name, c]) => ({ runtime: r.runtime, id: r.id, status: r.status, name, c })),
  );
  if (!rows.length) return '';
  const per = (n: number, calls: number) => (Number.isInteger(n / calls) ? String(n / calls) : (n / calls).toFixed(2));
  const widest = Math.max(1, ...rows.map(({ c }) => (c.copiedIn + c.copiedOut) / c.calls));
  const body = rows.map(({ runtime, id, status, name, c }) => {
    const bytes = (c.copiedIn + c.copiedOut) / c.calls;
    const width = bytes > 0 ? Math.max(1, Math.round((Math.log1p(bytes) / Math.log1p(widest)) * 160)) : 0;
    return (
      `<tr><td class="id">${esc(id)}</td><td>${esc(runtime)}</td><td class="mono">${esc(name)}</td><td class="num">${c.calls}</td>` +
      `<td class="num">${per(c.reallocs, c.calls)}</td><td class="num">${per(c.reallocBytes, c.calls)}</td><td class="num">${per(c.copiedIn, c.calls)}</td><td class="num">${per(c.copiedOut, c.calls)}</td>` +
      `<td><span style="display:inline-block;height:10px;width:${width}px;background:${status === 'pass' ? '#1a7f37' : '#cf222e'}" title="${esc(`${bytes} bytes copied per call`)}"></span></td></tr>`
    );
  });
  return [
    '<section id="host-counts">',
    '<h2>Host-call counts (component model)</h2>',
    '<p>Per call of each component import, as the host measured it: the guest <code>cabi_realloc</code> calls and bytes, and the payload bytes copied into and out of guest memory. The same operation through P1 needs no realloc. Bars: bytes copied per call, log scale; red where the test did not pass.</p>',
    '<table class="matrix"><tr><th>test</th><th>runtime</th><th>import</th><th>calls</th><th>reallocs</th><th>realloc bytes</th><th>copied in</th><th>copied out</th><th></th></tr>',
    ...body,
    '</table>',
    '</section>',
  ].join('\n');
}
