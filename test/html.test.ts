import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { TIER_LIMITS } from '../report/html/data.ts';
import { esc } from '../report/html/format.ts';
import { renderHtml } from '../report/html/render.ts';
import type { Certification, Report, TestResult } from '../report/types.ts';
import { checkReport } from '../report/write.ts';
import { STATUSES, type Status } from '../runners/judge.ts';
import { wasmcert } from './support/cli.ts';

const UPSTREAM = 'test/fixtures/wasi-testsuite';
const SHA = (c: string): string => c.repeat(64);

function result(runtime: string, name: string, status: Status, extra: Partial<TestResult> = {}): TestResult {
  return { id: `demo/${name}`, suite: 'demo', name, runtime, status, durationMs: 12.5, assertions: [], tags: [], requires: ['p1'], ...extra };
}

function totals(results: TestResult[]): Record<Status | 'total', number> {
  const t = Object.fromEntries([...STATUSES, 'total'].map((s) => [s, 0])) as Record<Status | 'total', number>;
  for (const r of results) {
    t[r.status]++;
    t.total++;
  }
  return t;
}

function certification(runtime: string, verdict: Certification['verdict'], reasons: string[]): Certification {
  return {
    runtime,
    profile: { id: 'small-hard-rt', version: '1.0.0', sha256: SHA('c'), tier: 'Small', rtClass: 'hard', mustPassSha256: SHA('d') },
    mode: 'certify',
    verdict,
    reasons,
    measured: { peakRssBytes: verdict === 'certified' ? 9_000_000 : 40_000_000, binarySizeBytes: 450_000, guestMemoryBytes: 131072, mustPass: 5, mustPassPassed: verdict === 'certified' ? 5 : 4 },
    validUntil: '2027-11-24',
  };
}

/** Two runtimes (one with markup in its name), every status, a TAP diag, output with markup. */
function sampleReport(withCertifications = true): Report {
  const A = 'alpha@1.0';
  const B = 'beta<b>2</b>';
  const results: TestResult[] = [
    result(A, 'ok', 'pass', { peakRssBytes: 9_000_000 }),
    result(B, 'ok', 'pass', { peakRssBytes: 40_000_000 }),
    result(A, 'scripted', 'fail', {
      message: 'stdout differs: <script>alert("x")</script>',
      assertions: [
        { id: 1, name: 'fine', ok: true },
        { id: 2, name: 'fd_write returns <success>', ok: false, diag: { got: 'badf (8)', want: 'success (0)', at: 'fd.c:12' } },
      ],
      stdout: 'TAP version 14\nnot ok 2 - fd_write returns <success>\n',
      stderr: 'panic: <img src=x onerror=alert(1)>\n',
      outcome: { kind: 'exit', exitCode: 1 },
    }),
    result(B, 'scripted', 'pass', { hostCounts: { 'wasi:random/random#get-random-bytes': { calls: 4, reallocs: 4, reallocBytes: 256, copiedIn: 512, copiedOut: 0 } } }),
    result(A, 'crash', 'error', { message: 'load error & more', outcome: { kind: 'load-error', exitCode: null } }),
    result(B, 'crash', 'pass', { distributions: { overshoot: { n: 50, min: 51000, median: 60000, p90: 70000, p99: 90000, p999: 99000, max: 120000, jitter: 30000, histogram: { fromBit: 16, counts: [48, 2] } } } }),
    result(A, 'lucky', 'xpass', { message: 'passed', expectation: { action: 'fail', reason: 'known bug #12 "flaky"', source: 'expectations/alpha.toml' } }),
    result(B, 'lucky', 'pass'),
    result(A, 'known', 'xfail', { message: 'exit code 1, expected 0', expectation: { action: 'fail', reason: 'no sockets yet', source: 'expectations/alpha.toml' } }),
    result(B, 'known', 'pass'),
    result(A, 'absent', 'skip', { durationMs: 0, message: 'requires sockets', expectation: { action: 'skip', reason: 'not built with sockets', source: 'expectations/alpha.toml' } }),
    result(B, 'absent', 'skip', { durationMs: 0, message: 'requires sockets' }),
  ];
  const report: Report = {
    reportVersion: '1.0',
    tool: { name: 'wasmcert', version: '0.1.0' },
    run: {
      startedAt: '2026-11-24T10:00:00.000Z',
      finishedAt: '2026-11-24T10:00:01.000Z',
      durationMs: 1000,
      jobs: 2,
      argv: ['run'],
      filters: { suites: [], grep: null },
      noiseFloor: {
        clockPair: { n: 2000, min: 130, median: 190, p90: 221, p99: 460, p999: 2976, max: 26079, jitter: 270 },
        waitOvershoot: { n: 50, min: 38667, median: 102567, p90: 115181, p99: 1_228_987, p999: 1_228_987, max: 1_337_884, jitter: 1_126_420 },
        cpusAllowed: '0-1',
        noisy: true,
      },
    },
    host: { os: 'Linux', release: '6.1', arch: 'x64', cpus: 2, cpuModel: 'test', memoryBytes: 2 ** 33, node: 'v20.19.0' },
    suites: [{ name: 'demo', version: '1', dir: 'suites/demo', tests: 6, modules: {}, sha256: SHA('e') }],
    runtimes: [A, B].map((name, i) => ({ name, version: `${i + 1}.0`, path: `/bin/${i}`, sha256: SHA(String(i)), sizeBytes: [450_000, 30_000_000][i]!, capabilities: ['p1'], totals: totals(results.filter((r) => r.runtime === name)) })),
    results,
    totals: totals(results),
  };
  if (withCertifications) report.certifications = [certification(A, 'certified', []), certification(B, 'not-certified', ['peak resident memory 38.1 MiB is over the Small limit of 16 MiB'])];
  return checkReport(report);
}

/** Every http(s) URL in the page. */
function urls(html: string): string[] {
  return html.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
}

describe('HTML report', function () {
  this.timeout(120_000);

  describe('renderHtml', () => {
    const report = sampleReport();
    const html = renderHtml(report);

    it('shows each timing distribution with its quantiles and a strip from min to max', () => {
      const section = html.slice(html.indexOf('<section id="timing">'));
      expect(section).to.include('<h2>Timing distributions</h2>');
      expect(section).to.match(/demo\/crash<\/td><td>overshoot<\/td><td>beta[^<]*<\/td><td class="num">50<\/td><td class="num">60.0 µs<\/td><td class="num">90.0 µs<\/td><td class="num">99.0 µs<\/td><td class="num">120.0 µs<\/td><td class="num">30.0 µs<\/td>/);
      expect(html).to.include('href="#timing"');
      expect(section).to.include('title="48 samples in [32.8 µs, 65.5 µs)"').and.include('title="2 samples in [65.5 µs, 131.1 µs)"');
      expect(section).to.include('a 1 ms wait ends late by 102.6 µs (p99 1.23 ms); CPUs allowed 0-1. <strong>Noisy run: its timing figures are suspect.</strong>');
    });

    it("shows each component import's cost per call where the host measured it", () => {
      const section = html.slice(html.indexOf('<section id="host-counts">'));
      expect(section).to.include('<h2>Host-call counts (component model)</h2>');
      expect(section).to.match(/wasi:random\/random#get-random-bytes<\/td><td class="num">4<\/td><td class="num">1<\/td><td class="num">64<\/td><td class="num">128<\/td><td class="num">0<\/td>/);
      expect(html).to.include('href="#host-counts"');
    });

    it('escapes <script> from a test message and every other string of the report', () => {
      expect(html).to.include('stdout differs: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(html.toLowerCase()).not.to.include('<script');
      expect(html).not.to.include('<img');
      expect(html).not.to.include('<b>2</b>');
      expect(html).to.include('beta&lt;b&gt;2&lt;/b&gt;');
      expect(html).to.include('load error &amp; more');
      expect(html).to.include('fd_write returns &lt;success&gt;');
    });

    it('shows every non-passing result, with its runtime, status and diagnostics', () => {
      const blocks = html.split(/<div class="failure|<tr>/);
      for (const r of report.results.filter((x) => x.status !== 'pass')) {
        const where = blocks.filter((b) => b.includes(esc(r.id)) && b.includes(`>${esc(r.runtime)}</span>`));
        expect(where, `${r.status} ${r.id} on ${r.runtime}`).not.to.be.empty;
        if (r.expectation?.reason) expect(html).to.include(esc(r.expectation.reason));
      }
      expect(html).to.match(/class="gw got">badf \(8\)</);
      expect(html).to.match(/class="gw want">success \(0\)</);
      expect(html).to.include('at: fd.c:12');
      expect(html).to.include('panic: &lt;img src=x onerror=alert(1)&gt;');
    });

    it('loads nothing: no external URL (http only in the SVG xmlns), no script, no stylesheet link', () => {
      expect(urls(html)).to.not.be.empty;
      for (const u of urls(html)) expect(u).to.equal('http://www.w3.org/2000/svg');
      // Every `<` from the report is escaped, so each tag here is the renderer's own.
      for (const tag of html.match(/<[a-z][^>]*>/gi)!) {
        expect(tag, tag).not.to.match(/^<(script|link|iframe|object|embed|img|image|use|base|form)\b/i);
        expect(tag, tag).not.to.match(/\s(src|srcset|action|formaction|xlink:href)=/i);
        for (const href of tag.match(/\shref="([^"]*)"/g) ?? []) expect(href, tag).to.match(/^\shref="#/);
      }
      const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
      for (const banned of ['@import', 'url(', '@font-face']) expect(css, banned).not.to.include(banned);
      expect(html).to.include("Content-Security-Policy\" content=\"default-src 'none'");
    });

    it('puts the verdict first, then the failures, the matrix, and the plots', () => {
      const at = ['id="verdict"', 'id="failures"', 'id="matrix"', 'id="plots"'].map((s) => html.indexOf(s));
      expect(at.every((i) => i > 0)).to.equal(true);
      expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
      expect(html).to.include('CERTIFIED</span> <strong>small-hard-rt');
      expect(html).to.include('NOT CERTIFIED</span>');
      expect(html).to.include('peak resident memory 38.1 MiB is over the Small limit of 16 MiB');
      expect(html).to.include('hard real-time');
      expect(html).to.include('2027-11-24');
      // the matrix: only tests where runtimes differ (not "ok" or "absent")
      const matrix = html.slice(html.indexOf('<table class="matrix"'), html.indexOf('</table>', html.indexOf('<table class="matrix"')));
      for (const t of ['scripted', 'crash', 'known']) expect(matrix).to.include(`demo/${t}`);
      for (const t of ['demo/ok<', 'demo/absent', 'demo/lucky']) expect(matrix).not.to.include(t);
      // three charts, each an inline SVG
      expect(html.match(/<svg /g)).to.have.length(3);
    });

    it('says "all as expected" or "N unexpected" per runtime without certifications', () => {
      const plain = renderHtml(sampleReport(false));
      expect(plain).to.include('3 UNEXPECTED');
      expect(plain).to.include('ALL AS EXPECTED');
      expect(plain).to.include('12 results on 2 runtimes: 3 unexpected');
      expect(plain).not.to.include('CERTIFIED');
    });

    it('stamps the sha256 of JSON.stringify(report), or the file hash it is given', () => {
      const canonical = createHash('sha256').update(JSON.stringify(report)).digest('hex');
      expect(html).to.include(canonical);
      expect(html).to.include('JSON.stringify(report)');
      const given = renderHtml(report, { reportSha256: SHA('f'), reportName: 'r.json' });
      expect(given).to.include(SHA('f'));
      expect(given).not.to.include(canonical);
      expect(given).to.include('bytes of the report file <code>r.json</code>');
    });

    it('is a pure function: the same page twice, the report untouched', () => {
      const before = structuredClone(report);
      expect(renderHtml(report)).to.equal(html);
      expect(report).to.deep.equal(before);
    });

    it('draws the tier limits that profiles/*.json state', function () {
      const dir = 'profiles';
      if (!existsSync(dir)) this.skip();
      for (const { tier, limitBytes } of TIER_LIMITS) {
        const file = readdirSync(dir)
          .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { tier?: string; limits?: { peakRssBytes?: number }; extends?: string[] })
          .find((p) => p.tier === tier && p.limits);
        if (!file) continue;
        expect(file.limits!.peakRssBytes ?? null, tier).to.equal(limitBytes);
      }
    });
  });

  describe('wasmcert html', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-html-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes report.html beside the report, stamped with the file sha256, leaving no temporary file', () => {
      const file = path.join(dir, 'report.json');
      const text = `${JSON.stringify(sampleReport(), null, 2)}\n`;
      writeFileSync(file, text);
      const r = wasmcert(['html', file]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include(path.join(dir, 'report.html'));
      expect(readdirSync(dir).sort()).to.deep.equal(['report.html', 'report.json']);
      expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).to.include(createHash('sha256').update(text).digest('hex'));
    });

    it('writes to --out', () => {
      const file = path.join(dir, 'in.json');
      writeFileSync(file, JSON.stringify(sampleReport()));
      const out = path.join(dir, 'sub', 'page.html');
      expect(wasmcert(['html', file, '--out', out]).code).to.equal(0);
      expect(readFileSync(out, 'utf8')).to.match(/^<!DOCTYPE html>/);
    });

    const bad: [string, (d: string) => string[], RegExp][] = [
      ['no report named', () => ['html'], /^wasmcert: command line: html needs a REPORT\.json/],
      ['an unknown option', (d) => ['html', path.join(d, 'r.json'), '--colour'], /^wasmcert: command line: Unknown option '--colour'/],
      ['a missing file', (d) => ['html', path.join(d, 'nope.json')], /nope\.json: no such file$/],
      ['malformed JSON', (d) => (writeFileSync(path.join(d, 'r.json'), '{"reportVersion":'), ['html', path.join(d, 'r.json')]), /r\.json: malformed JSON/],
      ['a report that fails its schema', (d) => (writeFileSync(path.join(d, 'r.json'), JSON.stringify({ ...sampleReport(), reportVersion: '9' })), ['html', path.join(d, 'r.json')]), /r\.json: field "reportVersion" must be equal to constant/],
    ];
    for (const [what, args, message] of bad) {
      it(`refuses ${what}: one line, exit 2, nothing written`, () => {
        const r = wasmcert(args(dir));
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
        expect(r.stderr.trimEnd()).to.match(message);
        expect(existsSync(path.join(dir, 'report.html'))).to.equal(false);
      });
    }
  });

  describe('in headless Chromium', function () {
    let chromium: string | undefined;
    let skipReason = '';
    let dir: string;
    let shot: string;
    let dom: string;

    const which = (): string | undefined => ['chromium', 'chromium-browser'].map((c) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim()).find(Boolean);

    before(function () {
      this.timeout(600_000);
      chromium = which();
      if (!chromium) {
        // Debian's package, as .ci/run installs it; only where we may (root with apt-get).
        if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
          const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium'], { encoding: 'utf8', timeout: 540_000 });
          chromium = which();
          if (!chromium) skipReason = `chromium could not be installed: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop()}`;
        } else skipReason = 'chromium is not installed and apt-get is not available to this user';
      }
      if (!chromium) return;

      dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-chromium-'));
      const out = path.join(dir, 'run');
      const run = wasmcert(['run', '--runtime', 'all', '--tests', UPSTREAM, '--output', out]);
      expect(run.code, run.stderr).to.equal(1); // wrong-stdout fails on every runtime
      const report = checkReport(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
      // A copy with a verdict on each side and, where there are two runtimes, one test they
      // disagree on, so the page shows a certified and a refused runtime and a matrix table.
      const names = report.runtimes.map((r) => r.name);
      if (names.length >= 2) {
        const last = names[names.length - 1]!;
        const r = report.results.find((x) => x.runtime === last && x.name === 'exit-zero')!;
        Object.assign(r, { status: 'xfail', message: 'exit code 1 <script>document.title="pwned"</script>', expectation: { action: 'fail', reason: 'made up for the HTML test', source: 'test/html.test.ts' } });
        const rt = report.runtimes.find((x) => x.name === last)!;
        rt.totals.pass--;
        rt.totals.xfail++;
        report.totals.pass--;
        report.totals.xfail++;
      }
      // Figures as measured; the first runtime certified for Medium, the second refused for Small.
      const measured = (n: string, mustPassPassed: number): Certification['measured'] => {
        const rss = report.results.filter((r) => r.runtime === n && r.peakRssBytes !== undefined).map((r) => r.peakRssBytes!);
        return { peakRssBytes: rss.length ? Math.max(...rss) : null, binarySizeBytes: report.runtimes.find((r) => r.name === n)!.sizeBytes, guestMemoryBytes: null, mustPass: 7, mustPassPassed };
      };
      const medium = { ...certification(names[0]!, 'certified', []), measured: measured(names[0]!, 7) };
      medium.profile = { ...medium.profile, id: 'medium-soft-rt', tier: 'Medium', rtClass: 'soft' };
      report.certifications = [medium];
      if (names.length >= 2) {
        const m = measured(names[1]!, 6);
        const reasons = ['must-pass test WASI C tests/wrong-stdout failed: stdout differs at character 0'];
        if (m.peakRssBytes !== null && m.peakRssBytes > 16 * 1024 ** 2) reasons.push(`peak resident memory ${(m.peakRssBytes / 1024 ** 2).toFixed(1)} MiB is over the Small limit of 16 MiB`);
        if (m.binarySizeBytes > 16 * 1024 ** 2) reasons.push(`binary size ${(m.binarySizeBytes / 1024 ** 2).toFixed(1)} MiB is over the Small limit of 16 MiB`);
        report.certifications.push({ ...certification(names[1]!, 'not-certified', reasons), measured: m });
      }
      const file = path.join(dir, 'certified.json');
      writeFileSync(file, JSON.stringify(checkReport(report), null, 2));
      const html = wasmcert(['html', file]);
      expect(html.code, html.stderr).to.equal(0);
      const page = `file://${path.join(dir, 'report.html')}`;

      const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'profile')}`];
      shot = path.join(dir, 'shot.png');
      const s = spawnSync(chromium, [...flags, `--screenshot=${shot}`, '--window-size=1280,2000', page], { encoding: 'utf8', timeout: 90_000 });
      expect(existsSync(shot), `no screenshot: ${s.stderr}`).to.equal(true);
      // To look at it: WASMCERT_HTML_SHOT=/tmp/shot.png (the page goes beside it).
      const keep = process.env.WASMCERT_HTML_SHOT;
      if (keep) {
        copyFileSync(shot, keep);
        copyFileSync(path.join(dir, 'report.html'), keep.replace(/\.png$/, '') + '.html');
      }
      const d = spawnSync(chromium, [...flags, '--dump-dom', page], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
      dom = d.stdout;
    });

    beforeEach(function () {
      if (!chromium) this.skip();
    });
    after(function () {
      if (!chromium) console.log(`      (skipped: ${skipReason})`);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('takes a screenshot: a valid 1280×2000 PNG that is not blank, with the verdict badges in colour', () => {
      const png = decodePng(readFileSync(shot));
      expect([png.width, png.height]).to.deep.equal([1280, 2000]);
      const colours = new Set<number>();
      let ink = 0;
      const near = (rgb: number, [r, g, b]: number[]): boolean => Math.abs((rgb >> 16) - r!) + Math.abs(((rgb >> 8) & 255) - g!) + Math.abs((rgb & 255) - b!) < 24;
      let green = 0;
      let red = 0;
      for (let i = 0; i < png.width * png.height; i++) {
        const o = i * png.channels;
        const rgb = (png.pixels[o]! << 16) | (png.pixels[o + 1]! << 8) | png.pixels[o + 2]!;
        colours.add(rgb);
        if (rgb !== 0xffffff) ink++;
        if (near(rgb, [0x1a, 0x7f, 0x37])) green++;
        if (near(rgb, [0xcf, 0x22, 0x2e])) red++;
      }
      expect(colours.size, 'distinct colours').to.be.greaterThan(50);
      expect(ink / (png.width * png.height), 'share of non-white pixels').to.be.greaterThan(0.05);
      expect(green, 'pixels of the CERTIFIED green').to.be.greaterThan(200);
      expect(red, 'pixels of the failure red').to.be.greaterThan(200);
    });

    it('renders the verdict, a failing test by name and the matrix', () => {
      expect(dom).to.include('id="verdict"');
      expect(dom).to.include('CERTIFIED');
      expect(dom).to.match(/NOT CERTIFIED|NOT EVALUATED/);
      expect(dom).to.include('WASI C tests/wrong-stdout');
      expect(dom).to.include('stdout differs at character 0');
      expect(dom).to.include('id="matrix"');
      if (dom.includes('exit-zero')) expect(dom).to.include('<table class="matrix">');
      // the message's markup stayed text: no script element, and the title is ours
      expect(dom).not.to.match(/<script/i);
      expect(dom).to.match(/<title>wasmcert report: /);
      expect(dom.match(/<svg /g)?.length).to.equal(3);
    });
  });
});

/** Enough of PNG to check a screenshot: 8-bit RGB or RGBA, not interlaced (Chromium's output). */
function decodePng(buf: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature').to.equal(true);
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], 'bit depth').to.equal(8);
      expect(data[12], 'interlace').to.equal(0);
      channels = ({ 2: 3, 6: 4 } as Record<number, number>)[data[9]!] ?? 0;
      expect(channels, `colour type ${data[9]}`).to.be.greaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  expect(raw.length, 'image data size').to.equal(height * (stride + 1));
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      let v = raw[line + x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else expect(filter, 'PNG filter').to.equal(0);
      px[y * stride + x] = v & 255;
    }
  }
  return { width, height, channels, pixels: px };
}
