import type { Status } from '../../runners/judge.ts';

/** Colour per status: `fg` for text, marks and dots, `bg` for cells; the label is always printed too. */
export const STATUS_STYLE: Record<Status, { label: string; fg: string; bg: string; meaning: string }> = {
  pass: { label: 'pass', fg: '#1a7f37', bg: '#d5f5dc', meaning: 'passed' },
  fail: { label: 'FAIL', fg: '#cf222e', bg: '#ffd8d3', meaning: 'failed, not expected to' },
  error: { label: 'ERROR', fg: '#8250df', bg: '#eddcff', meaning: 'the harness could not judge it (load error, timeout, crash)' },
  xpass: { label: 'XPASS', fg: '#9a6700', bg: '#fff0a8', meaning: 'passed, though expected to fail' },
  xfail: { label: 'xfail', fg: '#57606a', bg: '#e6e9ed', meaning: 'failed, as an expectation file says it does' },
  skip: { label: 'skip', fg: '#8c959f', bg: '#f6f8fa', meaning: 'not run (a capability or an expectation)' },
};

export const NEUTRAL = '#0969da';

/** One stylesheet, inline; system fonts only, so the page looks right offline. */
export const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 28px 40px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 18px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; }
p { margin: 6px 0; }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 4px 0 8px; white-space: pre-wrap; word-break: break-word; max-height: 22em; overflow: auto; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
header.top { display: flex; justify-content: space-between; gap: 20px; align-items: flex-start; border-bottom: 2px solid var(--fg); padding-bottom: 10px; }
header.top .meta { text-align: right; font-size: 12.5px; color: var(--muted); }
.headline { font-size: 17px; font-weight: 600; margin: 14px 0 4px; padding: 10px 14px; border-radius: 6px; border-left: 6px solid; }
.headline.good { background: #e9f7ec; border-color: #1a7f37; }
.headline.bad { background: #ffefed; border-color: #cf222e; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; align-items: start; }
.cert .what { margin: 4px 0 2px; }
.card { border: 1px solid var(--line); border-top: 5px solid var(--muted); border-radius: 6px; padding: 10px 12px; background: #fff; }
.card.good { border-top-color: #1a7f37; }
.card.bad { border-top-color: #cf222e; }
.card.none { border-top-color: #8c959f; }
.card .rt { font-weight: 600; font-size: 15px; word-break: break-all; }
.card .ver { color: var(--muted); font-size: 12.5px; }
.cert { border-top: 1px dashed var(--line); margin-top: 8px; padding-top: 8px; }
.badge { display: inline-block; font-weight: 700; font-size: 12px; letter-spacing: .03em; padding: 2px 8px; border-radius: 10px; color: #fff; white-space: nowrap; }
.badge.good { background: #1a7f37; }
.badge.bad { background: #cf222e; }
.badge.none { background: #8c959f; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1px 10px; margin: 6px 0; font-size: 12.5px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
ul.reasons { margin: 4px 0 0; padding-left: 18px; }
ul.reasons li { margin: 2px 0; }
.counts { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
.st { display: inline-block; font-size: 11.5px; font-weight: 600; padding: 1px 6px; border-radius: 4px; white-space: nowrap; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
table.matrix td.cell { text-align: center; font-weight: 600; min-width: 86px; }
table.matrix th.rt { font-size: 12px; text-align: center; }
table.matrix td.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 0; font-size: 12.5px; color: var(--muted); }
.legend .st { margin-right: 4px; }
.failure { border: 1px solid var(--line); border-left: 5px solid #cf222e; border-radius: 6px; padding: 10px 12px; margin: 0 0 12px; }
.failure.error { border-left-color: #8250df; }
.failure.xpass { border-left-color: #9a6700; }
.failure h3 { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 14px; }
.on { font-size: 12.5px; color: var(--muted); margin-bottom: 4px; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; margin: 1px 2px; font-size: 12px; color: var(--fg); background: var(--soft); }
.label { font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-top: 8px; }
table.asserts td.gw { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.got { color: #cf222e; }
.want { color: #1a7f37; }
figure { margin: 6px 0 20px; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
nav { margin: 8px 0 0; font-size: 13px; }
nav a, table.index a { color: #0969da; text-decoration: none; }
nav a:hover, table.index a:hover { text-decoration: underline; }
table.index { margin-bottom: 14px; }
details > summary { cursor: pointer; }
details > summary.label { display: list-item; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
footer code { word-break: break-all; }
@media print { pre { max-height: none; } .failure, .card, figure { break-inside: avoid; } }
`;
