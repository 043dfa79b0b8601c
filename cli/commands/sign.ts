import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addSignature, checkEnvelope, createEnvelope, findSignature, looksLikeEnvelope, renderEnvelope } from '../../report/sign/envelope.ts';
import { exists, loadPrivateKey, writeNewFileAtomic, type LoadedPrivateKey } from '../../report/sign/keys.ts';
import { sha256Hex } from '../../report/sign/pae.ts';
import { buildStatement, DEFAULT_VALID_DAYS, expiresAt, parseStatement, PAYLOAD_TYPE, statementBytes, validUntilFor } from '../../report/sign/statement.ts';
import { checkReport, writeFileAtomic } from '../../report/write.ts';
import { InputError } from '../../runners/input-error.ts';
import { parseJson } from '../../runners/validate.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert sign REPORT.json --key NAME.key.pem [--out FILE] [--valid-days N] [--force]
       wasmcert sign ENVELOPE.intoto.json --key LAB.key.pem [--out FILE]

Signs a canonical report (as written by wasmcert run) for offline verification:
wraps it in an in-toto Statement v1 (predicateType https://wasmcert.dev/report/v1)
whose subjects are each runtime binary and the report file, by sha256, and writes a
DSSE envelope (payloadType application/vnd.in-toto+json) signed with Ed25519.

Given an envelope instead of a report, adds a signature over the very same payload:
a lab countersigning. Existing signatures are kept as they are and not checked (check
them with wasmcert verify). The default output is then the envelope itself, replaced
atomically.

The statement is valid until the earliest validUntil of the report's certifications,
or, without certifications, for --valid-days days from now.

Options:
  --key FILE         the Ed25519 private key (wasmcert keygen)
  --out FILE         where to write (default: REPORT.intoto.json next to REPORT.json;
                     for an envelope, the envelope itself)
  --valid-days N     validity without certifications, in days (default ${DEFAULT_VALID_DAYS})
  --force            replace FILE if it exists (by default an existing file is kept)
  -h, --help         show this text

Verify with: wasmcert verify FILE --key NAME.pub.pem  (or openssl alone: docs/verify.md)

Exit codes: 0 signed, 2 bad usage or bad input.`;

function defaultOut(file: string): string {
  return `${file.replace(/\.json$/i, '')}.intoto.json`;
}

function parseValidDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 36_500) throw new InputError('--valid-days', `needs a whole number of days from 1 to 36500, got "${text}"`);
  return n;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a report or envelope' : `cannot read: ${code ?? (e as Error).message}`);
  }
}

async function countersign(file: string, json: unknown, key: LoadedPrivateKey, out: string, force: boolean): Promise<number> {
  const checked = checkEnvelope(json);
  if ('problem' in checked) throw new InputError(file, `not a signable envelope: ${checked.problem}`);
  const { envelope, payload } = checked;
  if (envelope.payloadType !== PAYLOAD_TYPE) throw new InputError(file, `the envelope's payloadType is ${JSON.stringify(envelope.payloadType)}, not "${PAYLOAD_TYPE}"`);
  const parsed = parseStatement(payload);
  if ('problem' in parsed) throw new InputError(file, `not a wasmcert statement: ${parsed.problem}`);
  const at = findSignature(envelope, payload, key.publicKey);
  if (at >= 0) throw new InputError(file, `signatures[${at}] is already by this key (keyid ${key.keyid})`);

  const text = renderEnvelope(addSignature(envelope, payload, key.key, key.keyid));
  const inPlace = path.resolve(out) === path.resolve(file);
  if (inPlace || force) await writeFileAtomic(out, text);
  else await writeNewFileAtomic(out, text);
  const { validUntil } = parsed.statement.predicate;
  process.stdout.write(`countersigned: added signatures[${envelope.signatures.length}] (keyid ${key.keyid}) → ${out}\n`);
  process.stdout.write(`the envelope has ${envelope.signatures.length + 1} signatures over the same payload; valid until ${validUntil}\n`);
  if (Date.now() >= expiresAt(validUntil).getTime()) process.stderr.write(`wasmcert: note: this statement expired after ${validUntil}; verifiers will refuse it (rule 5)\n`);
  return 0;
}

const command: Command = {
  summary: 'sign a report as a DSSE in-toto statement, or countersign an envelope',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, {
      key: { type: 'string' },
      out: { type: 'string' },
      'valid-days': { type: 'string' },
      force: { type: 'boolean' },
    }, USAGE, { count: 1, missing: 'sign needs a REPORT.json or an envelope (wasmcert sign REPORT.json --key NAME.key.pem)' });
    if (!args) return 0;
    const { values, positionals } = args;
    if (!values.key) throw new InputError('--key', 'sign needs a private key (--key NAME.key.pem; create one with wasmcert keygen)');
    if (values.out === '') throw new InputError('--out', 'needs a file name');
    const validDays = parseValidDays(values['valid-days']);
    const force = values.force ?? false;
    const file = positionals[0]!;

    const bytes = await readInput(file);
    const json = parseJson(bytes.toString('utf8'), file);
    const key = await loadPrivateKey(values.key);

    if (looksLikeEnvelope(json)) {
      if (validDays !== undefined) throw new InputError('--valid-days', 'cannot change a signed statement; a countersignature signs the same payload');
      return countersign(file, json, key, values.out ?? file, force);
    }

    const report = checkReport(json, file);
    const out = values.out ?? defaultOut(file);
    if (path.resolve(out) === path.resolve(file)) throw new InputError('--out', `${out} is the report itself; choose another file`);
    if (!force && (await exists(out))) {
      throw new InputError(out, `already exists; to countersign it: wasmcert sign ${out} --key KEY; to replace it: --force`);
    }
    const now = new Date();
    const reportSha256 = sha256Hex(bytes);
    const statement = buildStatement(report, { reportSha256, now, validDays: validDays ?? DEFAULT_VALID_DAYS });
    const validity = validUntilFor(report, now, validDays ?? DEFAULT_VALID_DAYS);
    if (validity.from === 'certifications' && validDays !== undefined) {
      process.stderr.write(`wasmcert: note: --valid-days ignored: the report's certifications set the validity (until ${validity.validUntil})\n`);
    }
    const text = renderEnvelope(createEnvelope(statementBytes(statement), key.key, key.keyid));
    if (force) await writeFileAtomic(out, text);
    else await writeNewFileAtomic(out, text);

    const lines = [
      `signed ${file} (sha256 ${reportSha256}) → ${out}`,
      `  key:        keyid ${key.keyid}`,
      ...report.runtimes.map((r) => `  runtime:    ${r.name} ${r.version} (sha256 ${r.sha256})`),
      `  valid until ${validity.validUntil} (${validity.from === 'certifications' ? 'the earliest certification' : `${validDays ?? DEFAULT_VALID_DAYS} days`})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};

export default command;
