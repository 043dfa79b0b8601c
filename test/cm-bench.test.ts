import { expect } from 'chai';
import { renderCmBenchHtml, type CmBenchDoc } from '../report/html/cm-bench.ts';
import { parseCountLine } from '../scripts/bench-cm.ts';

/** `npm run bench:cm`'s pure parts: reading the guest's count line, and the page drawn from the JSON. */
describe('bench:cm', () => {
  it("reads the count guest's machine line, and nothing from output without one", () => {
    const out = 'TAP version 14\nok 1 - x\n# count op=random size=64 path=cm calls=2000 reallocs=2000 realloc_bytes=128000 batch=8 ns_median=849 ns_p99=1900 ns_max=40211\n1..1\n';
    expect(parseCountLine(out)).to.deep.equal({ calls: 2000, reallocs: 2000, reallocBytes: 128000, batch: 8, nsMedian: 849, nsP99: 1900, nsMax: 40211 });
    expect(parseCountLine('ok 1 - x\n')).to.equal(undefined);
  });

  it('draws each row of each runtime, marks the rows over near-P1, and says which were not measured', () => {
    const fig = (nsMedian: number) => ({ nsMedian, nsP99: nsMedian * 2, nsMax: nsMedian * 3, jitter: 0.1, harnessNsPerCall: nsMedian, reallocsPerCall: 1, reallocBytesPerCall: 64 });
    const doc: CmBenchDoc = {
      generatedAt: '2026-11-25T00:00:00Z',
      host: { cpus: 2, cpuModel: 'test <cpu>', node: 'v20' },
      method: { repetitions: 3, nearP1: 1.1, inGuest: 'batches', harness: 't' },
      runtimes: [{ name: 'wasmtime@49.0.3', version: '49.0.3' }],
      rows: [
        { runtime: 'wasmtime@49.0.3', op: 'random', size: 64, calls: 10, p1: fig(500), cm: fig(850), ratio: 1.7, overNearP1: true },
        { runtime: 'wasmtime@49.0.3', op: 'file-read', size: 64, calls: 10, p1: fig(2000), cm: fig(2000), ratio: 1, overNearP1: false, hostCounts: { reallocs: 1, reallocBytes: 64, copiedIn: 64, copiedOut: 0 } },
        { runtime: 'wasmtime@49.0.3', op: 'stream-read', size: 0, calls: 10, p1: fig(700), problem: 'cm at 1 call: exit 1 not ok 3' },
      ],
    };
    const html = renderCmBenchHtml(doc);
    expect(html).to.include('test &lt;cpu&gt;').and.not.include('<cpu>');
    expect(html.match(/<tr style="background:#fff8c5"><td>random<\/td>/g)).to.have.length(1);
    expect(html).to.include('<td class="num">1.70×</td>');
    expect(html).to.match(/<td>stream-read<\/td><td class="num">0<\/td><td><span [^>]*title="P1: 700 ns per call"><\/span> 700 ns<br><span class="muted">not measured<\/span>/);
    expect(html).to.include('<td class="num">64 / 0</td>');
    // a longer time is a longer bar
    const px = (label: string) => Number(html.match(new RegExp(`width:(\\d+)px;background:[^"]+" title="${label}`))![1]);
    expect(px('component: 850 ns')).to.be.above(px('P1: 500 ns'));
  });
});
