import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEnvelope, type Envelope } from '../report/sign/envelope.ts';
import { keyId, loadPublicKey, type LoadedPublicKey } from '../report/sign/keys.ts';
import { decodeBase64, pae } from '../report/sign/pae.ts';
import { PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE, type Statement } from '../report/sign/statement.ts';
import { verifyEnvelope, type Verification } from '../report/sign/verify.ts';
import type { Certification, Report } from '../report/types.ts';
import { wasmcert, type CliRun } from './support/cli.ts';

const FIXTURE_ROOT = 'test/fixtures/wasi-testsuite';
const FIXTURE_SUITE = path.join(FIXTURE_ROOT, 'tests/c/testsuite/wasm32-wasip1');
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const payloadOf = (env: Envelope): Statement => JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Statement;

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** One line on stderr, nothing on stdout, exit 2: the contract for bad input. */
function expectInputError(r: CliRun, pattern: RegExp): void {
  expect(r.code, r.stderr + r.stdout).to.equal(2);
  expect(r.stderr.trim().split('\n'), r.stderr).to.have.length(1);
  expect(r.stderr).to.match(pattern);
}

function expectRuleFailure(r: CliRun, rule: number, pattern?: RegExp): void {
  expect(r.code, r.stdout + r.stderr).to.equal(1);
  const failed = r.stderr.trim().split('\n');
  expect(failed, r.stderr).to.have.length(1);
  expect(failed[0]).to.match(new RegExp(`^rule ${rule} failed: `));
  if (pattern) expect(failed[0]).to.match(pattern);
  for (let n = 1; n < rule; n++) expect(r.stdout).to.match(new RegExp(`^rule ${n} (passed|skipped): `, 'm'));
  expect(r.stdout).not.to.match(new RegExp(`^rule (${rule}|${rule + 1}) `, 'm'));
}

function expectRule(v: Verification, rule: number): void {
  const last = v.lines.at(-1)!;
  expect(v.ok, JSON.stringify(v.lines)).to.equal(false);
  expect(last.status).to.equal('failed');
  expect(last.rule, last.text).to.equal(rule);
}

function flipPayloadByte(env: Envelope, at: number): Envelope {
  const bytes = Buffer.from(env.payload, 'base64');
  bytes[at]! ^= 0x01;
  return { ...env, payload: bytes.toString('base64') };
}

function flipSignatureByte(env: Envelope, sig: number, at: number): Envelope {
  const bytes = Buffer.from(env.signatures[sig]!.sig, 'base64');
  bytes[at]! ^= 0x01;
  return { ...env, signatures: env.signatures.map((s, i) => (i === sig ? { ...s, sig: bytes.toString('base64') } : s)) };
}

/** Positions spread over a buffer: both ends and every stride in between. */
function positions(length: number, count = 12): number[] {
  const step = Math.max(1, Math.floor(length / count));
  const at = new Set([0, 1, length - 1, Math.floor(length / 2)]);
  for (let i = 0; i < length; i += step) at.add(i);
  return [...at].sort((a, b) => a - b);
}

/** The fenced `sh` block that follows `<!-- recipe: NAME -->` in docs/verify.md. */
function recipe(name: string): string {
  const docs = readFileSync('docs/verify.md', 'utf8');
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(docs);
  if (!m) throw new Error(`docs/verify.md has no recipe "${name}"`);
  return m[1]!;
}

describe('signed reports: DSSE envelope over an in-toto statement', function () {
  this.timeout(120_000);
  let dir: string;
  let reportFile: string;
  let envelopeFile: string;
  let report: Report;
  let envelope: Envelope;
  let vendor: LoadedPublicKey;
  let lab: LoadedPublicKey;
  let countersigned: string;
  const key = (name: string) => path.join(dir, `keys/${name}.key.pem`);
  const pub = (name: string) => path.join(dir, `keys/${name}.pub.pem`);
  const file = (name: string) => path.join(dir, name);
  const verify = (env: Envelope, keys: LoadedPublicKey[], now = new Date()) => verifyEnvelope({ envelope: env, keys, now, nowFrom: '--now' });
  const writeEnvelope = (name: string, env: unknown) => {
    writeFileSync(file(name), typeof env === 'string' ? env : JSON.stringify(env, null, 2));
    return file(name);
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-sign-'));
    const run = wasmcert(['run', '--tests', FIXTURE_ROOT, '--grep', 'exit', '--output', file('results')]);
    expect(run.code, run.stderr).to.equal(0);
    reportFile = file('results/report.json');
    report = readJson<Report>(reportFile);
    for (const name of ['vendor', 'lab', 'stranger']) {
      const r = wasmcert(['keygen', '--out', path.join(dir, 'keys', name)]);
      expect(r.code, r.stderr).to.equal(0);
    }
    const signed = wasmcert(['sign', reportFile, '--key', key('vendor')]);
    expect(signed.code, signed.stderr).to.equal(0);
    envelopeFile = file('results/report.intoto.json');
    envelope = readJson<Envelope>(envelopeFile);
    vendor = await loadPublicKey(pub('vendor'));
    lab = await loadPublicKey(pub('lab'));
    countersigned = file('countersigned.intoto.json');
    const c = wasmcert(['sign', envelopeFile, '--key', key('lab'), '--out', countersigned]);
    expect(c.code, c.stderr).to.equal(0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('PAE and base64', () => {
    it('encodes the DSSE test vector', () => {
      expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).to.equal('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    });

    it('counts bytes, not characters', () => {
      expect(pae('tÿpe', Buffer.from('é')).toString('utf8')).to.equal('DSSEv1 5 tÿpe 2 é');
      expect(pae('', Buffer.alloc(0)).toString()).to.equal('DSSEv1 0  0 ');
    });

    it('decodes standard and URL-safe base64 strictly', () => {
      const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x00, 0x41]);
      expect(decodeBase64(bytes.toString('base64'))).to.deep.equal(bytes);
      expect(decodeBase64(bytes.toString('base64url'))).to.deep.equal(bytes);
      expect(decodeBase64('')).to.deep.equal(Buffer.alloc(0));
      for (const bad of ['a', 'ab=c', 'ab c', 'ab+_', 'YQ=', 'YR==', 'Y Q==', 'YQ==='] as const) expect(decodeBase64(bad), bad).to.equal(null);
    });
  });

  describe('keygen', () => {
    it('writes an Ed25519 pair, the private key mode 0600, and prints the keyid', () => {
      const r = wasmcert(['keygen', '--out', file('k/one')]);
      expect(r.code, r.stderr).to.equal(0);
      expect(statSync(file('k/one.key.pem')).mode & 0o777).to.equal(0o600);
      const priv = createPrivateKey(readFileSync(file('k/one.key.pem')));
      const pubKey = createPublicKey(readFileSync(file('k/one.pub.pem')));
      expect(priv.asymmetricKeyType).to.equal('ed25519');
      expect(keyId(createPublicKey(priv))).to.equal(keyId(pubKey));
      expect(r.stdout).to.include(`keyid:       ${keyId(pubKey)}`);
    });

    it('refuses to overwrite either file', () => {
      const before = readFileSync(key('vendor'), 'utf8');
      expectInputError(wasmcert(['keygen', '--out', path.join(dir, 'keys/vendor')]), /vendor\.key\.pem: already exists/);
      expect(readFileSync(key('vendor'), 'utf8')).to.equal(before);
      writeFileSync(file('k/two.pub.pem'), 'mine');
      expectInputError(wasmcert(['keygen', '--out', file('k/two')]), /two\.pub\.pem: already exists/);
      expect(existsSync(file('k/two.key.pem'))).to.equal(false);
      expectInputError(wasmcert(['keygen']), /--out/);
    });
  });

  describe('sign', () => {
    it('wraps the report in an in-toto Statement v1 with the runtimes and the report as subjects', () => {
      expect(envelope.payloadType).to.equal(PAYLOAD_TYPE);
      expect(envelope.signatures).to.have.length(1);
      expect(envelope.signatures[0]!.keyid).to.equal(vendor.keyid);
      const statement = payloadOf(envelope);
      expect(statement._type).to.equal(STATEMENT_TYPE);
      expect(statement.predicateType).to.equal(PREDICATE_TYPE);
      expect(statement.subject).to.deep.equal([
        ...report.runtimes.map((r) => ({ name: r.name, digest: { sha256: r.sha256 } })),
        { name: 'report.json', digest: { sha256: sha256(readFileSync(reportFile)) } },
      ]);
      const p = statement.predicate;
      expect(p.reportVersion).to.equal('1.0');
      expect(p.suite).to.deep.equal(report.suites.map((s) => ({ name: s.name, version: s.version, tests: s.tests, sha256: s.sha256, modules: s.modules })));
      expect(p.runtimes.map((r) => r.sha256)).to.deep.equal(report.runtimes.map((r) => r.sha256));
      expect(p.certifications).to.deep.equal([]);
      expect(p.summary).to.deep.equal(report.totals);
      expect(p.run).to.include({ startedAt: report.run.startedAt, finishedAt: report.run.finishedAt });
      const days = (Date.parse(`${p.validUntil}T00:00:00Z`) - Date.now()) / 86_400_000;
      expect(days).to.be.within(363, 366);
    });

    it('takes --valid-days, and refuses to replace an existing envelope without --force', () => {
      const out = file('short.intoto.json');
      expect(wasmcert(['sign', reportFile, '--key', key('vendor'), '--out', out, '--valid-days', '10']).code).to.equal(0);
      const days = (Date.parse(`${payloadOf(readJson(out)).predicate.validUntil}T00:00:00Z`) - Date.now()) / 86_400_000;
      expect(days).to.be.within(8, 11);
      expectInputError(wasmcert(['sign', reportFile, '--key', key('vendor'), '--out', out]), /short\.intoto\.json: already exists; to countersign it/);
      expect(wasmcert(['sign', reportFile, '--key', key('vendor'), '--out', out, '--force']).code).to.equal(0);
      expectInputError(wasmcert(['sign', reportFile, '--key', key('vendor'), '--valid-days', '0', '--out', file('x.json')]), /--valid-days: needs a whole number/);
    });

    it('takes validUntil from the earliest certification', () => {
      const cert = (runtime: string, validUntil: string): Certification => ({
        runtime,
        profile: { id: 'small-hard-rt', version: '1.0.0', sha256: 'c'.repeat(64), tier: 'Small', rtClass: 'hard', mustPassSha256: 'd'.repeat(64) },
        mode: 'certify',
        verdict: 'certified',
        reasons: [],
        measured: { peakRssBytes: 1, binarySizeBytes: 1, guestMemoryBytes: null, mustPass: 2, mustPassPassed: 2 },
        validUntil,
      });
      const certified = { ...report, certifications: [cert('in-process', '2031-05-01'), cert('in-process', '2030-01-31')] };
      const certifiedFile = file('certified/report.json');
      mkdirSync(path.dirname(certifiedFile), { recursive: true });
      writeFileSync(certifiedFile, JSON.stringify(certified, null, 2));
      const r = wasmcert(['sign', certifiedFile, '--key', key('vendor'), '--valid-days', '3']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/--valid-days ignored/);
      const signed = file('certified/report.intoto.json');
      const p = payloadOf(readJson(signed)).predicate;
      expect(p.validUntil).to.equal('2030-01-31');
      expect(p.certifications).to.deep.equal(certified.certifications);
      expect(wasmcert(['verify', signed, '--key', pub('vendor'), '--now', '2030-01-31T23:59:59Z']).code).to.equal(0);
      expectRuleFailure(wasmcert(['verify', signed, '--key', pub('vendor'), '--now', '2030-02-01T00:00:00Z']), 5, /valid until 2030-01-31/);
    });

    it('refuses bad input with one line and exit 2', () => {
      expectInputError(wasmcert(['sign', file('nope.json'), '--key', key('vendor')]), /nope\.json: no such file/);
      expectInputError(wasmcert(['sign', reportFile]), /--key: sign needs a private key/);
      expectInputError(wasmcert(['sign', reportFile, '--key', file('nope.pem')]), /nope\.pem: no such key file/);
      expectInputError(wasmcert(['sign', reportFile, '--key', pub('vendor')]), /is a public key/);
      writeFileSync(file('broken.json'), '{"reportVersion": ');
      expectInputError(wasmcert(['sign', file('broken.json'), '--key', key('vendor')]), /broken\.json: malformed JSON/);
      writeFileSync(file('notreport.json'), '{"hello": 1}');
      expectInputError(wasmcert(['sign', file('notreport.json'), '--key', key('vendor')]), /notreport\.json: /);
    });
  });

  describe('verify', () => {
    it('passes a signed report with every rule, checking report, binary and suite', () => {
      const r = wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--report', reportFile, '--runtime-binary', report.runtimes[0]!.path, '--suite', FIXTURE_ROOT]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
      for (let n = 1; n <= 8; n++) expect(r.stdout).to.match(new RegExp(`^rule ${n} passed: `, 'm'));
      expect(r.stdout).to.match(/^verified: /m);
      expect(r.stdout).to.include(report.runtimes[0]!.sha256);
    });

    it('skips rules 6–8 without their options', () => {
      const r = wasmcert(['verify', envelopeFile, '--key', pub('vendor')]);
      expect(r.code, r.stderr).to.equal(0);
      for (const n of [6, 7, 8]) expect(r.stdout).to.match(new RegExp(`^rule ${n} skipped: `, 'm'));
    });

    it('verifies a lab countersignature with both keys, each key needing its own signature', () => {
      const env = readJson<Envelope>(countersigned);
      expect(env.payload).to.equal(envelope.payload);
      expect(env.signatures).to.have.length(2);
      expect(env.signatures[0]).to.deep.equal(envelope.signatures[0]);
      expect(env.signatures[1]!.keyid).to.equal(lab.keyid);
      const r = wasmcert(['verify', countersigned, '--key', pub('vendor'), '--key', pub('lab'), '--report', reportFile]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/rule 3 passed: .*vendor\.pub\.pem.*signatures\[0\].*lab\.pub\.pem.*signatures\[1\]/);
      expect(wasmcert(['verify', countersigned, '--key', pub('lab')]).code).to.equal(0);
      // the vendor-only envelope lacks the lab's signature
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--key', pub('lab')]), 3, /lab\.pub\.pem/);
    });

    it('countersigns in place by default, and refuses the same key twice', () => {
      const copy = file('inplace.intoto.json');
      cpSync(envelopeFile, copy);
      expect(wasmcert(['sign', copy, '--key', key('lab')]).code).to.equal(0);
      expect(readJson<Envelope>(copy).signatures).to.have.length(2);
      expectInputError(wasmcert(['sign', copy, '--key', key('lab')]), /already by this key/);
      expectInputError(wasmcert(['sign', copy, '--key', key('stranger'), '--valid-days', '3']), /--valid-days: cannot change a signed statement/);
      expect(readJson<Envelope>(copy).signatures).to.have.length(2);
    });

    it('ignores keyids: a signature is found whatever its hint says', () => {
      const env = readJson<Envelope>(countersigned);
      const swapped = { ...env, signatures: [{ keyid: lab.keyid, sig: env.signatures[0]!.sig }, { keyid: 'nonsense', sig: env.signatures[1]!.sig }] };
      expect(verify(swapped, [vendor, lab]).ok).to.equal(true);
      const noHints = { ...env, signatures: env.signatures.map((s) => ({ sig: s.sig })) };
      expect(verify(noHints, [vendor, lab]).ok).to.equal(true);
      // a hint naming the key does not make a foreign signature count
      const forged = { ...env, signatures: [{ keyid: lab.keyid, sig: env.signatures[0]!.sig }] };
      expectRule(verify(forged, [lab]), 3);
    });

    it('accepts URL-safe and unpadded base64', () => {
      const env = readJson<Envelope>(countersigned);
      const url = (s: string) => Buffer.from(s, 'base64').toString('base64url');
      const converted = { ...env, payload: url(env.payload), signatures: env.signatures.map((s) => ({ ...s, sig: url(s.sig) })) };
      expect(converted.signatures[0]!.sig).not.to.equal(env.signatures[0]!.sig);
      expect(wasmcert(['verify', writeEnvelope('url.intoto.json', converted), '--key', pub('vendor'), '--key', pub('lab')]).code).to.equal(0);
    });

    it('refuses a payload with any byte flipped (rule 3)', () => {
      const length = Buffer.from(envelope.payload, 'base64').length;
      const at = positions(length, 40);
      expect(at.length).to.be.greaterThan(30);
      for (const i of at) expectRule(verify(flipPayloadByte(envelope, i), [vendor]), 3);
      expectRuleFailure(wasmcert(['verify', writeEnvelope('flipped-payload.json', flipPayloadByte(envelope, 100)), '--key', pub('vendor')]), 3, /vendor\.pub\.pem/);
    });

    it('refuses a signature with any byte flipped (rule 3), for the vendor and for the lab', () => {
      const env = readJson<Envelope>(countersigned);
      for (const i of positions(64, 64)) {
        expectRule(verify(flipSignatureByte(env, 0, i), [vendor, lab]), 3);
        expectRule(verify(flipSignatureByte(env, 1, i), [vendor, lab]), 3);
        expect(verify(flipSignatureByte(env, 1, i), [vendor]).ok).to.equal(true); // the vendor's own signature is intact
      }
      // and every character of the signature's base64 text: either other bytes or non-canonical base64
      const text = env.signatures[0]!.sig;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        const other = c === 'A' ? 'B' : c === '=' ? 'A' : 'A';
        const sig = text.slice(0, i) + other + text.slice(i + 1);
        expectRule(verify({ ...env, signatures: [{ ...env.signatures[0]!, sig }] }, [vendor]), 3);
      }
      expectRuleFailure(wasmcert(['verify', writeEnvelope('flipped-sig.json', flipSignatureByte(env, 1, 7)), '--key', pub('vendor'), '--key', pub('lab')]), 3, /lab\.pub\.pem/);
    });

    it('refuses a wrong key (rule 3)', () => {
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('stranger')]), 3, /no signature in the envelope verifies with .*stranger\.pub\.pem/);
    });

    it('refuses a malformed envelope (rule 1) and another payload type (rule 2)', () => {
      expectRuleFailure(wasmcert(['verify', writeEnvelope('array.json', '[1, 2]'), '--key', pub('vendor')]), 1, /not a JSON object/);
      expectRuleFailure(wasmcert(['verify', writeEnvelope('nosig.json', { ...envelope, signatures: [] }), '--key', pub('vendor')]), 1, /no signatures/);
      expectRuleFailure(wasmcert(['verify', writeEnvelope('badb64.json', { ...envelope, payload: `${envelope.payload.slice(0, 10)}!${envelope.payload.slice(11)}` }), '--key', pub('vendor')]), 1, /base64/);
      const { payloadType: _, ...untyped } = envelope;
      expectRuleFailure(wasmcert(['verify', writeEnvelope('untyped.json', untyped), '--key', pub('vendor')]), 1, /payloadType/);
      expectRuleFailure(wasmcert(['verify', writeEnvelope('json.json', { ...envelope, payloadType: 'application/json' }), '--key', pub('vendor')]), 2, /application\/json/);
    });

    it('refuses a validly signed payload that is not a wasmcert statement (rule 4)', async () => {
      const priv = createPrivateKey(readFileSync(key('vendor')));
      const sign = (payload: unknown) => createEnvelope(Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), priv, vendor.keyid);
      const statement = payloadOf(envelope);
      expectRule(verify(sign('not json'), [vendor]), 4);
      expectRule(verify(sign({ ...statement, predicateType: 'https://slsa.dev/provenance/v1' }), [vendor]), 4);
      expectRule(verify(sign({ ...statement, _type: 'https://in-toto.io/Statement/v0.1' }), [vendor]), 4);
      expectRule(verify(sign({ ...statement, subject: statement.subject.slice(0, 1) }), [vendor]), 4);
      expectRule(verify(sign({ ...statement, predicate: { ...statement.predicate, validUntil: 'soon' } }), [vendor]), 4);
      // unknown fields are ignored, as in-toto requires
      expect(verify(sign({ ...statement, extra: 1, predicate: { ...statement.predicate, later: true } }), [vendor]).ok).to.equal(true);
      const r = wasmcert(['verify', writeEnvelope('slsa.json', sign({ ...statement, predicateType: 'https://slsa.dev/provenance/v1' })), '--key', pub('vendor')]);
      expectRuleFailure(r, 4, /predicateType/);
    });

    it('refuses an expired statement (rule 5)', () => {
      const validUntil = payloadOf(envelope).predicate.validUntil;
      expect(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--now', `${validUntil}T23:59:59Z`]).code).to.equal(0);
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--now', '2999-01-01']), 5, /expired.*--now/);
    });

    it('refuses a report edited after signing (rule 6)', () => {
      const edited = file('edited/report.json');
      mkdirSync(path.dirname(edited), { recursive: true });
      const text = readFileSync(reportFile, 'utf8');
      writeFileSync(edited, text.replace('"pass": 2', '"pass": 3'));
      expect(readFileSync(edited, 'utf8')).not.to.equal(text);
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--report', edited]), 6, /edited after signing/);
      writeFileSync(edited, `${text} `); // one byte of white space is an edit too
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--report', edited]), 6);
    });

    it('refuses a runtime binary that was not tested (rule 7), even the report itself', () => {
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--runtime-binary', pub('vendor')]), 7, /not the subject of any signed runtime/);
      expectRuleFailure(wasmcert(['verify', envelopeFile, '--key', pub('vendor'), '--runtime-binary', reportFile]), 7);
    });

    it('refuses a suite whose modules differ from the signed ones (rule 8)', () => {
      const copy = file('suite-copy');
      cpSync(FIXTURE_SUITE, copy, { recursive: true });
      const args = ['verify', envelopeFile, '--key', pub('vendor'), '--suite', copy];
      const ok = wasmcert(args);
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/rule 8 passed: every guest module of suite "WASI C tests" \(8 modules\)/);

      const wasm = path.join(copy, 'exit-zero.wasm');
      const original = readFileSync(wasm);
      const changed = Buffer.from(original);
      changed[changed.length - 1]! ^= 0x01;
      writeFileSync(wasm, changed);
      expectRuleFailure(wasmcert(args), 8, /WASI C tests\/exit-zero\.wasm has sha256 [0-9a-f]{64}, the signed report [0-9a-f]{64}/);
      writeFileSync(wasm, original);

      writeFileSync(path.join(copy, 'zz-extra.wasm'), original);
      expectRuleFailure(wasmcert(args), 8, /zz-extra\.wasm is not in the signed report/);
      rmSync(path.join(copy, 'zz-extra.wasm'));

      rmSync(path.join(copy, 'stdin-empty.wasm'));
      expectRuleFailure(wasmcert(args), 8, /stdin-empty\.wasm is missing/);
    });

    it('refuses bad input with one line and exit 2, before any rule', () => {
      const cases: [string[], RegExp][] = [
        [['verify', file('missing.intoto.json'), '--key', pub('vendor')], /missing\.intoto\.json: no such file/],
        [['verify', writeEnvelope('garbage.json', 'this is not JSON'), '--key', pub('vendor')], /garbage\.json: malformed JSON/],
        [['verify', envelopeFile], /--key: verify needs at least one public key/],
        [['verify', envelopeFile, '--key', file('missing.pub.pem')], /missing\.pub\.pem: no such key file/],
        [['verify', envelopeFile, '--key', key('vendor')], /is a private key/],
        [['verify', envelopeFile, '--key', reportFile], /is not a PEM public key/],
        [['verify', envelopeFile, '--key', pub('vendor'), '--now', 'tomorrow'], /--now: needs an ISO 8601 time/],
        [['verify', envelopeFile, '--key', pub('vendor'), '--report', file('gone.json')], /gone\.json: no such file/],
        [['verify', envelopeFile, '--key', pub('vendor'), '--suite', file('no-suite')], /no-suite: no such folder/],
        [['verify', envelopeFile, '--key', pub('vendor'), '--bogus'], /command line/],
        [['verify'], /verify needs an envelope/],
      ];
      for (const [args, pattern] of cases) {
        const r = wasmcert(args);
        expectInputError(r, pattern);
        expect(r.stdout, args.join(' ')).to.equal('');
      }
    });
  });

  describe('openssl alone, as docs/verify.md says', function () {
    const variants = [
      { name: 'jq', needs: 'jq' },
      { name: 'python3', needs: 'python3' },
      { name: 'node', needs: 'node' },
    ];
    const script = (variant: string, pubFile: string, sig: number) =>
      [recipe('settings').replace(/^PUB=\S+/m, `PUB=${pubFile}`).replace(/^I=0/m, `I=${sig}`), recipe(`extract-${variant}`), recipe('pae-verify')].join('\n');
    const sh = (cwd: string, text: string) => spawnSync('sh', ['-c', text], { cwd, encoding: 'utf8' });
    let work: string;

    before(function () {
      if (!has('openssl')) this.skip(); // reason: openssl is not installed; the recipe needs it
      work = file('offline');
      mkdirSync(work);
      cpSync(countersigned, path.join(work, 'report.intoto.json'));
      cpSync(reportFile, path.join(work, 'report.json'));
      cpSync(pub('vendor'), path.join(work, 'vendor.pub.pem'));
      cpSync(pub('lab'), path.join(work, 'lab.pub.pem'));
      mkdirSync(path.join(work, 'tampered'));
      const env = readJson<Envelope>(countersigned);
      writeFileSync(path.join(work, 'tampered/report.intoto.json'), JSON.stringify(flipPayloadByte(env, 200)));
      cpSync(pub('vendor'), path.join(work, 'tampered/vendor.pub.pem'));
    });

    for (const v of variants) {
      it(`verifies both signatures and refuses a tampered payload (extracting with ${v.name})`, function () {
        if (!has(v.needs)) this.skip(); // reason: this variant's tool is not installed
        for (const [pubFile, sig] of [['vendor.pub.pem', 0], ['lab.pub.pem', 1]] as const) {
          const r = sh(work, script(v.name, pubFile, sig));
          expect(r.status, r.stderr + r.stdout).to.equal(0);
          expect(r.stdout).to.include('Signature Verified Successfully');
        }
        // PAE built by the recipe is byte for byte what wasmcert signed
        expect(readFileSync(path.join(work, 'pae.bin'))).to.deep.equal(pae(PAYLOAD_TYPE, Buffer.from(envelope.payload, 'base64')));
        const wrongKey = sh(work, script(v.name, 'lab.pub.pem', 0));
        expect(wrongKey.status).to.not.equal(0);
        expect(wrongKey.stdout + wrongKey.stderr).to.include('Signature Verification Failure');
        const tampered = sh(path.join(work, 'tampered'), script(v.name, 'vendor.pub.pem', 0));
        expect(tampered.status).to.not.equal(0);
        expect(tampered.stdout + tampered.stderr).to.include('Signature Verification Failure');
      });
    }

    it('checks the report subject with sha256sum', function () {
      if (!has('jq') || !has('sha256sum')) this.skip(); // reason: jq or sha256sum is not installed
      const r = sh(work, `${script('jq', 'vendor.pub.pem', 0)}\n${recipe('subjects-jq')}`);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.include('report.json: OK');
      expect(readFileSync(path.join(work, 'subjects.txt'), 'utf8')).to.include(report.runtimes[0]!.sha256);
    });
  });
});
