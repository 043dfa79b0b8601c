import type { Statement } from '../../report/sign/statement.ts';
import { loadVerifyInputs, RULES, verifyEnvelope } from '../../report/sign/verify.ts';
import { InputError } from '../../runners/input-error.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert verify ENVELOPE --key PUB.pem [--key PUB2.pem …] [options]

Verifies a signed report (wasmcert sign) offline. Applies these rules in order and
stops at the first that fails:
${RULES.map((r) => `  ${r.rule}. ${r.text}`).join('\n')}
Each rule passed (or skipped, for 6–8 without their option) is printed; a failure
prints "rule N failed: <why>". The payload is parsed only from the bytes whose
signatures were verified. How to check the same with openssl alone: docs/verify.md.

Options:
  --key FILE              an Ed25519 public key (PEM); repeat for several signers:
                          each one must have signed
  --report FILE           the report file the statement was made for
  --runtime-binary FILE   the runtime binary (or firmware image) in hand
  --suite DIR             a suite folder (suites/p1) or a folder of suites (suites/)
  --now ISO               judge validity at this time instead of the clock
  -h, --help              show this text

Exit codes: 0 verified, 1 a rule failed, 2 bad usage or unreadable input.`;

function describe(statement: Statement): string[] {
  const p = statement.predicate;
  const lines = p.runtimes.map((r) => `  runtime:   ${r.name} ${r.version} (sha256 ${r.sha256})`);
  for (const s of p.suite) lines.push(`  suite:     ${s.name} ${s.version} (sha256 ${s.sha256})`);
  const t = p.summary as Record<string, number>;
  lines.push(`  results:   ${Object.entries(t).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (p.certifications.length === 0) lines.push('  certified: no certification in this report');
  for (const c of p.certifications) lines.push(`  certified: ${c.runtime}: ${c.profile?.id ?? '?'} ${c.profile?.version ?? ''} → ${c.verdict} (until ${c.validUntil})`);
  lines.push(`  run:       ${p.run.startedAt} → ${p.run.finishedAt}`);
  return lines;
}

const command: Command = {
  summary: 'verify a signed report offline (signatures, expiry, report, binary, suite)',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, {
      key: { type: 'string', multiple: true },
      report: { type: 'string' },
      'runtime-binary': { type: 'string' },
      suite: { type: 'string' },
      now: { type: 'string' },
    }, USAGE, { count: 1, missing: 'verify needs an envelope (wasmcert verify ENVELOPE --key PUB.pem)' });
    if (!args) return 0;
    const { values, positionals } = args;
    for (const flag of ['report', 'runtime-binary', 'suite', 'now'] as const) {
      if (values[flag] === '') throw new InputError(`--${flag}`, 'needs a value');
    }
    if ((values.key ?? []).some((k) => k === '')) throw new InputError('--key', 'needs a file name');

    const inputs = await loadVerifyInputs({
      envelopeFile: positionals[0]!,
      keyFiles: values.key ?? [],
      reportFile: values.report,
      runtimeBinary: values['runtime-binary'],
      suiteDir: values.suite,
      now: values.now,
    });
    const result = verifyEnvelope(inputs);
    for (const line of result.lines) {
      const text = `rule ${line.rule} ${line.status}: ${line.text}\n`;
      if (line.status === 'failed') process.stderr.write(text);
      else process.stdout.write(text);
    }
    if (!result.ok) return 1;
    process.stdout.write(`verified: ${positionals[0]}\n${describe(result.statement!).join('\n')}\n`);
    return 0;
  },
};

export default command;
