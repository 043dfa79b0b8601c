import { renderTap } from '../../report/tap.ts';
import { writeFileAtomic } from '../../report/write.ts';
import { InputError } from '../../runners/input-error.ts';
import { readReportFile } from './compare.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert tap REPORT.json [--out FILE]

Renders a canonical report as TAP 14 for TAP consumers (tap-parser, Jenkins TAP plugin,
prove-style harnesses): one subtest per runtime, one point per result.
  pass → ok;  fail, error, xpass → not ok with YAML diagnostics (status, durationMs,
  message, expectation);  skip → ok # SKIP reason;  xfail → not ok # TODO reason

Options:
  -o, --out FILE   write the stream to FILE (atomically) instead of stdout
  -h, --help       show this text

The stream itself says which tests failed; the exit code only says whether it was written.
Exit codes: 0 written, 2 bad usage or bad input. Gate CI on wasmcert run or compare.`;

const command: Command = {
  summary: 'render a report.json as TAP 14 (one subtest per runtime)',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, { out: { type: 'string', short: 'o' } }, USAGE, { count: 1, missing: 'tap needs a REPORT.json (wasmcert tap REPORT.json [--out FILE])' });
    if (!args) return 0;
    const { values, positionals } = args;
    if (values.out === '') throw new InputError('--out', 'needs a file name');
    const { report } = await readReportFile(positionals[0]!);
    const tap = renderTap(report);
    if (values.out === undefined) {
      process.stdout.write(tap);
    } else {
      await writeFileAtomic(values.out, tap);
      process.stdout.write(`TAP report: ${values.out}\n`);
    }
    return 0;
  },
};

export default command;
