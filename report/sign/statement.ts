import type { Certification, Report, Totals } from '../types.ts';
import { validatorFor } from '../../runners/validate.ts';
import { InputError } from '../../runners/input-error.ts';

/** in-toto Statement v1 (in-toto/attestation `spec/v1/statement.md`). */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The DSSE payloadType the in-toto envelope spec recommends for statements. */
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const PREDICATE_TYPE = 'https://wasmcert.dev/report/v1';
/** The name the canonical report's subject always carries, whatever the file was called. */
export const REPORT_SUBJECT = 'report.json';
export const DEFAULT_VALID_DAYS = 365;

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface SignedSuite {
  name: string;
  version: string;
  tests: number;
  /** sha256 over the sorted `path sha256` lines, as in the report. */
  sha256: string;
  /** Every guest module's sha256, keyed by its path relative to the suite folder. */
  modules: Record<string, string>;
}

export interface ReportPredicate {
  reportVersion: Report['reportVersion'];
  harness: { name: 'wasmcert'; version: string };
  suite: SignedSuite[];
  runtimes: { name: string; version: string; sha256: string; sizeBytes: number }[];
  certifications: Certification[];
  summary: Totals;
  run: { startedAt: string; finishedAt: string; filters: Report['run']['filters'] };
  /** Last day (UTC, inclusive) on which the statement may be relied on. */
  validUntil: string;
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: ReportPredicate;
}

export interface StatementOptions {
  /** sha256 of the report file's exact bytes. */
  reportSha256: string;
  /** When signing; the validity window without certifications starts here. */
  now: Date;
  /** Validity without certifications, in days. */
  validDays: number;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant, in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The end of the statement's validity: the earliest `validUntil` of the report's
 * certifications (the signature must not outlive a verdict), else `validDays` after `now`.
 */
export function validUntilFor(report: Report, now: Date, validDays: number): { validUntil: string; from: 'certifications' | 'valid-days' } {
  const dates = (report.certifications ?? []).map((c) => c.validUntil).sort();
  if (dates.length) return { validUntil: dates[0]!, from: 'certifications' };
  return { validUntil: isoDate(new Date(now.getTime() + validDays * DAY_MS)), from: 'valid-days' };
}

/** The report, as read from disk, wrapped in a Statement: subjects are the runtimes and the report file. */
export function buildStatement(report: Report, opts: StatementOptions): Statement {
  const subject: Subject[] = report.runtimes.map((r) => ({ name: r.name, digest: { sha256: r.sha256 } }));
  subject.push({ name: REPORT_SUBJECT, digest: { sha256: opts.reportSha256 } });
  return {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: PREDICATE_TYPE,
    predicate: {
      reportVersion: report.reportVersion,
      harness: { name: report.tool.name, version: report.tool.version },
      suite: report.suites.map((s) => ({ name: s.name, version: s.version, tests: s.tests, sha256: s.sha256, modules: s.modules })),
      runtimes: report.runtimes.map((r) => ({ name: r.name, version: r.version, sha256: r.sha256, sizeBytes: r.sizeBytes })),
      certifications: report.certifications ?? [],
      summary: report.totals,
      run: { startedAt: report.run.startedAt, finishedAt: report.run.finishedAt, filters: report.run.filters },
      validUntil: validUntilFor(report, opts.now, opts.validDays).validUntil,
    },
  };
}

/** The exact bytes that are signed: compact UTF-8 JSON. */
export function statementBytes(statement: Statement): Buffer {
  return Buffer.from(JSON.stringify(statement), 'utf8');
}

const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/**
 * What a verifier relies on. Unknown fields are allowed everywhere: in-toto consumers
 * must ignore them, so a later wasmcert may add fields without breaking older verifiers.
 */
const statementSchema = {
  type: 'object',
  required: ['_type', 'subject', 'predicateType', 'predicate'],
  properties: {
    _type: { const: STATEMENT_TYPE },
    subject: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['digest'],
        properties: { name: { type: 'string' }, digest: { type: 'object', required: ['sha256'], properties: { sha256 } } },
      },
    },
    predicateType: { const: PREDICATE_TYPE },
    predicate: {
      type: 'object',
      required: ['reportVersion', 'suite', 'runtimes', 'certifications', 'summary', 'run', 'validUntil'],
      properties: {
        reportVersion: { const: '1.0' },
        suite: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'version', 'sha256', 'modules'],
            properties: { name: { type: 'string' }, version: { type: 'string' }, sha256, modules: { type: 'object', additionalProperties: sha256 } },
          },
        },
        runtimes: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', required: ['name', 'version', 'sha256'], properties: { name: { type: 'string' }, version: { type: 'string' }, sha256 } },
        },
        certifications: {
          type: 'array',
          items: { type: 'object', required: ['runtime', 'verdict', 'validUntil'], properties: { runtime: { type: 'string' }, verdict: { type: 'string' }, validUntil: date } },
        },
        summary: { type: 'object' },
        run: { type: 'object', required: ['startedAt', 'finishedAt'], properties: { startedAt: { type: 'string' }, finishedAt: { type: 'string' } } },
        validUntil: date,
      },
    },
  },
} as const;

const validateStatement = validatorFor<Statement>(statementSchema);

/**
 * The payload as a wasmcert Statement, or one sentence saying why it is not one. Takes
 * the exact bytes whose signature was checked: nothing is decoded twice.
 */
export function parseStatement(payload: Uint8Array): { statement: Statement } | { problem: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { problem: 'the payload is not UTF-8 text' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { problem: `the payload is not JSON (${(e as Error).message})` };
  }
  const head = json as Partial<Record<'_type' | 'predicateType', unknown>> | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return { problem: 'the payload is not a JSON object' };
  if (head._type !== STATEMENT_TYPE) return { problem: `the payload's _type is ${JSON.stringify(head._type)}, not "${STATEMENT_TYPE}"` };
  if (head.predicateType !== PREDICATE_TYPE) return { problem: `the statement's predicateType is ${JSON.stringify(head.predicateType)}, not "${PREDICATE_TYPE}"` };
  let statement: Statement;
  try {
    statement = validateStatement(json, 'statement');
  } catch (e) {
    if (e instanceof InputError) return { problem: `the statement is malformed: ${e.problem}` };
    throw e;
  }
  const digests = new Set(statement.subject.map((s) => s.digest.sha256));
  if (!statement.subject.some((s) => s.name === REPORT_SUBJECT)) return { problem: `the statement has no "${REPORT_SUBJECT}" subject` };
  const unbound = statement.predicate.runtimes.find((r) => !digests.has(r.sha256));
  if (unbound) return { problem: `the predicate's runtime "${unbound.name}" (sha256 ${unbound.sha256}) is not a subject of the statement` };
  if (!isDate(statement.predicate.validUntil)) return { problem: `the predicate's validUntil "${statement.predicate.validUntil}" is not a date` };
  return { statement };
}

/** A real calendar day as `YYYY-MM-DD` (not 2027-02-30). */
export function isDate(text: string): boolean {
  const t = Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(t) && isoDate(new Date(t)) === text;
}

/** The first instant at which a statement valid until `validUntil` (inclusive, UTC) has expired. */
export function expiresAt(validUntil: string): Date {
  return new Date(Date.parse(`${validUntil}T00:00:00Z`) + DAY_MS);
}
