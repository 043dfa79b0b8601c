import { describeCell, suiteMatrix } from '../suite-matrix.ts';
import type { Report } from '../types.ts';
import { esc } from './format.ts';

/** Runtime × suite table (the socket dialects' matrix): conforming of those that ran, shaded by share. */
export function suiteMatrixSection(report: Report): string {
  const m = suiteMatrix(report);
  if (m.runtimes.length < 2 || m.suites.length < 2) return '';
  const head = `<tr><th>suite</th>${m.runtimes.map((rt) => `<th class="rt">${esc(rt).replace('@', '@<wbr>')}</th>`).join('')}</tr>`;
  const rows = m.suites.map((suite, i) => {
    const cells = m.cells[i]!.map((c) => {
      const ran = c.total - c.skipped;
      if (ran === 0) return `<td class="cell muted" title="${c.skipped} skipped: not applicable on this runtime">—</td>`;
      // all conforming is green, none is red, in between amber: the eye finds the gaps
      const share = c.conforming / ran;
      const bg = share === 1 ? '#effaf1' : share === 0 ? '#ffebe9' : '#fff8c5';
      return `<td class="cell" style="background:${bg}" title="${c.conforming} conforming, ${c.failing} not, ${c.skipped} skipped">${esc(describeCell(c))}</td>`;
    });
    return `<tr><td class="id">${esc(suite)}</td>${cells.join('')}</tr>`;
  });
  return [
    '<h3 style="margin-top:14px">By suite</h3>',
    '<p>Conforming tests of those that ran on each runtime (— : none applicable, for want of a capability); a failure counts whether expected or not.</p>',
    `<table class="matrix">${head}${rows.join('')}</table>`,
  ].join('\n');
}
