import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../../adapters/base.ts';
import { identifySuite } from '../build.ts';
import type { SuiteIdentity } from '../types.ts';
import { discoverSuites } from '../../runners/discover.ts';
import { InputError } from '../../runners/input-error.ts';
import { parseJson } from '../../runners/validate.ts';
import { checkEnvelope, findSignature } from './envelope.ts';
import { loadPublicKey, type LoadedPublicKey } from './keys.ts';
import { sha256Hex } from './pae.ts';
import { expiresAt, parseStatement, PAYLOAD_TYPE, PREDICATE_TYPE, REPORT_SUBJECT, STATEMENT_TYPE, type Statement } from './statement.ts';

/** The rules `wasmcert verify` applies, in order; the first failure stops it. */
export const RULES = [
  { rule: 1, name: 'envelope', text: 'the file is a DSSE envelope: payloadType, base64 payload, a non-empty signatures list' },
  { rule: 2, name: 'payload type', text: `payloadType is ${PAYLOAD_TYPE}` },
  { rule: 3, name: 'signatures', text: 'every --key has a valid Ed25519 signature over PAE(payloadType, payload)' },
  { rule: 4, name: 'statement', text: `the payload is an in-toto Statement v1 with predicateType ${PREDICATE_TYPE}` },
  { rule: 5, name: 'validity', text: 'validUntil is not past (--now, else the clock)' },
  { rule: 6, name: 'report', text: `with --report: the file's sha256 is the "${REPORT_SUBJECT}" subject` },
  { rule: 7, name: 'runtime binary', text: "with --runtime-binary: the file's sha256 is the subject of a signed runtime" },
  { rule: 8, name: 'suite modules', text: 'with --suite: every guest module under DIR has the sha256 the signed report lists, none missing, none extra' },
] as const;

export interface VerifyInputs {
  /** The envelope file as parsed JSON (its shape is rule 1). */
  envelope: unknown;
  keys: LoadedPublicKey[];
  report?: { file: string; sha256: string };
  runtimeBinary?: { file: string; sha256: string };
  suites?: { dir: string; found: SuiteIdentity[] };
  now: Date;
  nowFrom: '--now' | 'the clock';
}

export interface RuleLine {
  rule: number;
  status: 'passed' | 'failed' | 'skipped';
  text: string;
}

export interface Verification {
  ok: boolean;
  lines: RuleLine[];
  /** The verified statement, parsed from the verified bytes: present when rule 4 passed. */
  statement?: Statement;
}

const short = (hex: string): string => `${hex.slice(0, 12)}…`;

/** Applies the rules in order; stops at the first failure. Pure: every file was read beforehand. */
export function verifyEnvelope(inputs: VerifyInputs): Verification {
  const lines: RuleLine[] = [];
  const pass = (rule: number, text: string) => lines.push({ rule, status: 'passed', text });
  const skip = (rule: number, text: string) => lines.push({ rule, status: 'skipped', text });
  const fail = (rule: number, text: string, statement?: Statement): Verification => {
    lines.push({ rule, status: 'failed', text });
    return { ok: false, lines, statement };
  };

  // 1: shape, and the payload decoded exactly once
  const checked = checkEnvelope(inputs.envelope);
  if ('problem' in checked) return fail(1, `${checked.problem}.`);
  const { envelope, payload } = checked;
  pass(1, `a DSSE envelope with ${envelope.signatures.length} signature(s) over a ${payload.length}-byte payload.`);

  // 2: the type is part of what is signed, but a different type means a different meaning
  if (envelope.payloadType !== PAYLOAD_TYPE) return fail(2, `the payloadType is ${JSON.stringify(envelope.payloadType)}, not "${PAYLOAD_TYPE}".`);
  pass(2, `the payloadType is ${PAYLOAD_TYPE}.`);

  // 3: each given key must have a signature of its own; keyids are never consulted
  const signedBy: string[] = [];
  for (const key of inputs.keys) {
    const at = findSignature(envelope, payload, key.key);
    if (at < 0) return fail(3, `no signature in the envelope verifies with ${key.file} (keyid ${short(key.keyid)}); the payload or the signature was changed, or it was signed with another key.`);
    signedBy.push(`${key.file} (keyid ${short(key.keyid)}, signatures[${at}])`);
  }
  pass(3, `valid Ed25519 signature(s) over PAE(payloadType, payload) by ${signedBy.join(', ')}.`);

  // 4: parsed from the verified bytes, never from the envelope again
  const parsed = parseStatement(payload);
  if ('problem' in parsed) return fail(4, `${parsed.problem}.`);
  const { statement } = parsed;
  const p = statement.predicate;
  pass(4, `an in-toto Statement v1 (${STATEMENT_TYPE}) with predicateType ${PREDICATE_TYPE} and ${statement.subject.length} subject(s).`);

  // 5
  const end = expiresAt(p.validUntil);
  if (inputs.now.getTime() >= end.getTime()) {
    return fail(5, `the statement expired: it was valid until ${p.validUntil} (UTC, inclusive) and now is ${inputs.now.toISOString()} (${inputs.nowFrom}).`, statement);
  }
  pass(5, `valid until ${p.validUntil} (UTC, inclusive); now is ${inputs.now.toISOString()} (${inputs.nowFrom}).`);

  // 6
  if (!inputs.report) skip(6, 'no --report given.');
  else {
    const subjects = statement.subject.filter((s) => s.name === REPORT_SUBJECT).map((s) => s.digest.sha256);
    if (!subjects.includes(inputs.report.sha256)) {
      return fail(6, `${inputs.report.file} has sha256 ${inputs.report.sha256} but the signed report has ${subjects.join(' or ')}, so the report was edited after signing or is another report.`, statement);
    }
    pass(6, `${inputs.report.file} is the signed report (sha256 ${inputs.report.sha256}).`);
  }

  // 7: subjects match by digest only
  if (!inputs.runtimeBinary) skip(7, 'no --runtime-binary given.');
  else {
    const { file, sha256 } = inputs.runtimeBinary;
    // a runtime's subject, not just any subject: the report file is a subject too
    const runtime = p.runtimes.find((r) => r.sha256 === sha256 && statement.subject.some((s) => s.digest.sha256 === sha256));
    if (!runtime) {
      const runtimes = p.runtimes.map((r) => `${r.name} ${short(r.sha256)}`).join(', ');
      return fail(7, `${file} has sha256 ${sha256}, which is not the subject of any signed runtime (${runtimes}).`, statement);
    }
    pass(7, `${file} (sha256 ${sha256}) is the subject of the signed runtime ${runtime.name} ${runtime.version}.`);
  }

  // 8
  if (!inputs.suites) skip(8, 'no --suite given.');
  else {
    const { dir, found } = inputs.suites;
    const problems: string[] = [];
    const checked: string[] = [];
    for (const suite of found) {
      const signed = p.suite.find((s) => s.name === suite.name);
      if (!signed) {
        problems.push(`the suite "${suite.name}" under ${dir} is not one of the signed report's suites (${p.suite.map((s) => `"${s.name}"`).join(', ') || 'none'})`);
        continue;
      }
      if (signed.version !== suite.version) problems.push(`the suite "${suite.name}" under ${dir} is version ${suite.version}, the signed one ${signed.version}`);
      for (const [module, want] of Object.entries(signed.modules)) {
        const got = suite.modules[module];
        if (got === undefined) problems.push(`${suite.name}/${module} is missing (the signed report lists it)`);
        else if (got !== want) problems.push(`${suite.name}/${module} has sha256 ${got}, the signed report ${want}`);
      }
      for (const module of Object.keys(suite.modules)) {
        if (!(module in signed.modules)) problems.push(`${suite.name}/${module} is not in the signed report (an extra module)`);
      }
      if (!problems.length && suite.sha256 !== signed.sha256) problems.push(`the suite "${suite.name}" hashes to ${suite.sha256}, the signed report says ${signed.sha256}`);
      checked.push(`"${suite.name}" (${Object.keys(suite.modules).length} modules)`);
    }
    if (problems.length) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more difference(s))` : '';
      return fail(8, `${problems[0]}${more}.`, statement);
    }
    const unchecked = p.suite.filter((s) => !found.some((f) => f.name === s.name)).map((s) => `"${s.name}"`);
    pass(8, `every guest module of suite ${checked.join(', ')} under ${dir} matches the signed report${unchecked.length ? `; not under ${dir}, so not checked: ${unchecked.join(', ')}` : ''}.`);
  }

  return { ok: true, lines, statement };
}

export interface VerifyOptions {
  envelopeFile: string;
  keyFiles: string[];
  reportFile?: string;
  runtimeBinary?: string;
  suiteDir?: string;
  /** ISO 8601 time, instead of the clock. */
  now?: string;
}

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? `no such file (${what})` : code === 'EISDIR' ? `is a folder, not a file (${what})` : `cannot read: ${code ?? (e as Error).message}`);
  }
}

async function hashInput(file: string, what: string): Promise<string> {
  let s;
  try {
    s = await stat(file);
  } catch {
    throw new InputError(file, `no such file (${what})`);
  }
  if (!s.isFile()) throw new InputError(file, `is not a regular file (${what})`);
  return sha256File(file);
}

export function parseNow(text: string | undefined): { now: Date; nowFrom: VerifyInputs['nowFrom'] } {
  if (text === undefined) return { now: new Date(), nowFrom: 'the clock' };
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text);
  const t = Date.parse(text);
  if (!ok || Number.isNaN(t)) throw new InputError('--now', `needs an ISO 8601 time such as 2027-01-31 or 2027-01-31T12:00:00Z, got "${text}"`);
  return { now: new Date(t), nowFrom: '--now' };
}

/** Reads every input up front, so that bad input stops with exit 2 before any rule runs. */
export async function loadVerifyInputs(opts: VerifyOptions): Promise<VerifyInputs> {
  const { now, nowFrom } = parseNow(opts.now);
  if (opts.keyFiles.length === 0) throw new InputError('--key', 'verify needs at least one public key (--key NAME.pub.pem)');
  const bytes = await readInput(opts.envelopeFile, 'the envelope');
  const envelope = parseJson(bytes.toString('utf8'), opts.envelopeFile);
  const keys: LoadedPublicKey[] = [];
  for (const file of opts.keyFiles) {
    const key = await loadPublicKey(file);
    if (!keys.some((k) => k.keyid === key.keyid)) keys.push(key);
  }
  const inputs: VerifyInputs = { envelope, keys, now, nowFrom };
  if (opts.reportFile !== undefined) inputs.report = { file: opts.reportFile, sha256: sha256Hex(await readInput(opts.reportFile, '--report')) };
  if (opts.runtimeBinary !== undefined) inputs.runtimeBinary = { file: opts.runtimeBinary, sha256: await hashInput(opts.runtimeBinary, '--runtime-binary') };
  if (opts.suiteDir !== undefined) {
    const s = await stat(opts.suiteDir).catch(() => null);
    if (!s) throw new InputError(opts.suiteDir, 'no such folder (--suite)');
    if (!s.isDirectory()) throw new InputError(opts.suiteDir, 'is not a folder (--suite needs a suite folder such as suites/p1, or suites/)');
    const suites = await discoverSuites(opts.suiteDir);
    const found = await Promise.all(suites.map((s) => identifySuite(s, s.tests.length)));
    inputs.suites = { dir: path.normalize(opts.suiteDir), found };
  }
  return inputs;
}
