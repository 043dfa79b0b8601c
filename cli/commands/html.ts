import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHtml } from '../../report/html/render.ts';
import { checkReport, writeFileAtomic } from '../../report/write.ts';
import { InputError } from '../../runners/input-error.ts';
import { parseJson } from '../../runners/validate.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert html REPORT.json [--out FILE]

Renders a canonical report as one self-contained HTML page (no script, nothing loaded
from the network): the verdict, the failures with their diagnostics, the runtime × test
matrix, and plots of durations, peak memory and binary sizes against the hardware tiers.

Options:
  -o, --out FILE   where to write the page (default: report.html beside REPORT.json)
  -h, --help       show this text

The page is stamped with the sha256 of REPORT.json's bytes.
Exit codes: 0 written, 2 bad usage or bad input.`;

const command: Command = {
  summary: 'render a report.json as one self-contained HTML page',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, { out: { type: 'string', short: 'o' } }, USAGE, { count: 1, missing: 'html needs a REPORT.json (wasmcert html REPORT.json [--out FILE])' });
    if (!args) return 0;
    const { values, positionals } = args;
    if (values.out === '') throw new InputError('--out', 'needs a file name');
    const file = positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new InputError(file, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a folder, not a report file' : `cannot read: ${err.message}`);
    }
    const report = checkReport(parseJson(bytes.toString('utf8'), file), file);
    const out = values.out ?? path.join(path.dirname(file), 'report.html');
    const html = renderHtml(report, { reportSha256: createHash('sha256').update(bytes).digest('hex'), reportName: path.basename(file) });
    await writeFileAtomic(out, html);
    process.stdout.write(`HTML report: ${out}\n`);
    return 0;
  },
};

export default command;
